"""Evaluation, Attribution, Units and Health look at an opened model (module paths, its input size),
computed by the worker on the model it opened."""
from __future__ import annotations

import dataclasses

import numpy as np
import torch
from PySide6.QtCore import Qt

from convnet_studio.core.inspect.fit_input import fit_batch
from convnet_studio.core.model.external import ModelSource, open_model
from tests.core.model.external.opened_models import TINY_NET_SOURCE, write_script_model

SIDE = 16      # the tiny dataset is 3×32×32: the opened model sees it resized to 16×16


def _write_three_class_net(folder) -> str:
    path = folder / "three.py"
    path.write_text(TINY_NET_SOURCE.replace("nn.Linear(6, 5)", "nn.Linear(6, 3)"))
    return str(path)


def _open(qtbot, window, source):
    with qtbot.waitSignal(window.controller.modelOpened, timeout=60000) as opened:
        window.open_model(source)
    assert opened.args[1] == "" and window.state.opened_model is not None
    return opened.args[0]



def test_evaluation_and_health_of_an_opened_model(qtbot, studio_window, tmp_path):
    window = studio_window()
    source = ModelSource("torchscript", write_script_model(tmp_path), input_size=SIDE)   # 3 classes
    _open(qtbot, window, source)
    view = window.views["evaluation"]
    window.select_view("evaluation")
    qtbot.waitUntil(lambda: view.evaluation() is not None, timeout=30000)
    ds, meta = window.state.dataset, window.state.opened_model.meta
    model = torch.jit.load(source.name).eval()        # the same weights the worker opened
    mean = torch.tensor(meta.mean).view(1, -1, 1, 1)
    std = torch.tensor(meta.std).view(1, -1, 1, 1)
    x = (fit_batch(ds.val_x, meta.input_shape).float() / 255 - mean) / std
    with torch.no_grad():
        expected = (model(x).argmax(1) == ds.val_y).float().mean().item()
    assert abs(view.accuracy() - expected) < 1e-6

    health = window.views["health"]
    window.select_view("health")
    qtbot.waitUntil(lambda: health.report() is not None, timeout=30000)
    assert [l.index for l in health.report().layers] == ["0", "4"]     # conv and linear, by module path
    assert all(l.grad_norm > 0 for l in health.report().layers)
    health.flush()
    assert health.table.rowCount() == 2


def test_evaluation_refuses_a_model_with_other_classes(qtbot, studio_window, tmp_path):
    from convnet_studio.core.jobs.analysis import evaluation_job
    from tests.core.model.external.opened_models import write_python_model
    window = studio_window()
    _open(qtbot, window, ModelSource("python", write_python_model(tmp_path), trust_code=True, input_size=SIDE))
    with qtbot.waitSignal(window.state.analysisResult, timeout=10000) as result:
        window.state.request_analysis(evaluation_job())
    assert result.args[0].payload is None and "5 classes and the dataset 3" in result.args[0].error


def test_attribution_and_units_list_module_paths_and_run_on_the_opened_model(qtbot, studio_window, tmp_path):
    window = studio_window()
    _open(qtbot, window, ModelSource("python", _write_three_class_net(tmp_path), trust_code=True, input_size=SIDE))
    attribution = window.views["attribution"]
    paths = [attribution.layer_combo.itemData(k) for k in range(1, attribution.layer_combo.count())]
    assert "features.2" in paths and all(isinstance(p, str) for p in paths)
    attribution.set_cam_layer("features.2")
    window.select_view("attribution")
    qtbot.waitUntil(lambda: attribution.maps() is not None and attribution.maps().cam_layer == "features.2",
                    timeout=30000)
    maps = attribution.maps()
    h, w = window.state.dataset.input_shape[1:]              # drawn over the dataset's image
    assert maps.saliency.shape == maps.grad_cam.shape == maps.occlusion.shape == (h, w)
    assert maps.probs.shape == (3,) and maps.cam_error == ""

    units = window.views["units"]
    units.settings = dataclasses.replace(units.settings, steps=8)
    window.select_view("units")
    combo = [units.layer_combo.itemData(k) for k in range(units.layer_combo.count())]
    assert combo == ["features.0", "features.2", "fc"]
    units.set_layer("features.2")
    qtbot.mouseClick(units.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: units.unit_images() is not None and units.is_settled(), timeout=30000)
    images = units.unit_images()
    assert images.layer_index == "features.2" and images.images.shape == (6, 3, SIDE, SIDE)
    assert units.examples_requester.settled and np.asarray(units._examples.indices).shape == (6, 9)


def test_clicking_an_opened_models_filter_switches_it_off_in_maps_and_evaluation(qtbot, studio_window, tmp_path):
    window = studio_window()
    _open(qtbot, window, ModelSource("python", _write_three_class_net(tmp_path), trust_code=True, input_size=SIDE))
    filters = window.views["filters"]
    qtbot.waitUntil(lambda: filters.layer_combo.findData("features.0") >= 0, timeout=30000)
    filters.set_layer("features.0")
    snaps = []
    window.state.snapshotReady.connect(snaps.append)
    filters.toggle_filter(1)
    assert window.state.lesions == {"features.0": frozenset({1})}
    qtbot.waitUntil(lambda: any("features.0" in (s.feature_maps or {}) for s in snaps), timeout=30000)
    snap = next(s for s in snaps if "features.0" in (s.feature_maps or {}))
    maps = np.asarray(snap.feature_maps["features.0"])
    assert not maps[1].any() and maps[0].any()                       # the switched-off filter's map is zero
    assert "features.0" in filters.lesion_info.text() and filters.lesioned_tiles() == [1]
    assert np.abs(snap.filters["features.0"][1]).sum() > 0          # the weights themselves stay

    evaluation = window.views["evaluation"]
    window.select_view("evaluation")
    qtbot.waitUntil(lambda: evaluation.evaluation() is not None and bool(evaluation.evaluation().lesions), timeout=30000)
    ev = evaluation.evaluation()
    assert ev.lesions == (("features.0", (1,)),) and ev.baseline_accuracy is not None

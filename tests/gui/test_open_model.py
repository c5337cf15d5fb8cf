"""File ▸ Open model: each kind opens on the compute thread and shows filters, feature maps and
probabilities; a Python file is refused without trust; the feature-maps redraw time of resnet18."""
from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QMessageBox

from convnet_studio.core.model.external import ModelSource
from convnet_studio.gui import open_model_dialog
from convnet_studio.gui.open_model_dialog import OpenModelDialog
from tests.core.model.external.opened_models import write_python_model, write_script_model
from tests.gui.test_gui_thread_runs_no_torch import RecordOps, VIEW_OPS


def _open(qtbot, window, source):
    with qtbot.waitSignal(window.controller.modelOpened, timeout=60000) as opened:
        window.open_model(source)
    info, error = opened.args
    assert error == "" and info is not None
    qtbot.waitUntil(lambda: window.views["features"].tile_count() > 0, timeout=60000)
    return info


def _shows_everything(window, conv: str, block: str) -> None:
    filters, features = window.views["filters"], window.views["features"]
    assert filters.layer_combo.findData(conv) >= 0
    filters.set_layer(conv)
    assert filters.tile_count() > 0
    assert features.layer_combo.findData(block) >= 0
    features.set_layer(block)
    assert features.tile_count() > 0
    assert features.probs.showing_bars()


@pytest.mark.parametrize("name, conv, block", [("resnet18", "layer1.0.conv1", "layer3"),
                                                ("mobilenet_v3_small", "features.0.0", "features.3")])
def test_a_torchvision_model_shows_filters_maps_and_probabilities(qtbot, studio_window, name, conv, block):
    window = studio_window()
    with RecordOps() as recorder:
        info = _open(qtbot, window, ModelSource("torchvision", name, input_size=64))
    assert not set(recorder.ops) - VIEW_OPS            # opened and looked at on the compute thread
    assert info.meta.class_names[0] == "tench"
    _shows_everything(window, conv, block)
    assert window.views["features"].probs.bar_count() > 0


def test_a_torchscript_file_and_a_trusted_python_file_open(qtbot, studio_window, tmp_path):
    window = studio_window()
    _open(qtbot, window, ModelSource("torchscript", write_script_model(tmp_path), input_size=32))
    _shows_everything(window, "0", "1")
    _open(qtbot, window, ModelSource("python", write_python_model(tmp_path), trust_code=True, input_size=32))
    _shows_everything(window, "features.2", "features")
    features = window.views["features"]
    with qtbot.waitSignal(window.state.snapshotReady, timeout=30000):
        features.set_layer("fc")                  # not a block: its maps are asked for
    qtbot.waitUntil(lambda: features.tile_count() == 5, timeout=30000)


def test_a_python_file_is_refused_without_trust(qtbot, monkeypatch, tmp_path):
    dialog = OpenModelDialog()
    qtbot.addWidget(dialog)
    dialog.by_file.setChecked(True)
    dialog.file_edit.setText(write_python_model(tmp_path))
    asked = []
    monkeypatch.setattr(open_model_dialog.QMessageBox, "exec",
                        lambda box: asked.append(box.text()) or QMessageBox.StandardButton.No)
    dialog.accept()
    assert asked and "tiny_net.py" in asked[0]
    assert dialog.source() is None and "not trusted" in dialog.error.text()
    monkeypatch.setattr(open_model_dialog.QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    dialog.accept()
    assert dialog.source() == ModelSource("python", dialog.file_edit.text(), trust_code=True)


def test_the_worker_refuses_an_untrusted_python_source_too(qtbot, studio_window, tmp_path):
    window = studio_window()
    with qtbot.waitSignal(window.controller.modelOpened, timeout=30000) as opened:
        window.open_model(ModelSource("python", write_python_model(tmp_path)))
    info, error = opened.args
    assert info is None and "trust" in error and window.state.opened_model is None


def test_resnet18_feature_maps_at_224_page_wide_layers_and_redraw_quickly(qtbot, studio_window):
    window = studio_window()
    _open(qtbot, window, ModelSource("torchvision", "resnet18"))
    features = window.views["features"]
    features.set_layer("layer4")
    assert features.tile_count() == 256 and features.pager.spin.maximum() == 2
    features.pager.spin.setValue(2)
    assert features.tile_count() == 256 and features._tiles[0][1] == 256
    times = {}
    for layer in ("conv1", "layer1", "layer4"):
        features.set_layer(layer)
        features.flush()
        start = time.perf_counter()
        for _ in range(3):
            features._redraws.mark()
            features.flush()
        times[layer] = (time.perf_counter() - start) / 3
    print("resnet18 feature-map redraw seconds:", {k: round(v, 4) for k, v in times.items()})
    assert max(times.values()) < 2.0


def test_the_model_panel_lists_the_opened_layers_read_only_and_goes_back(qtbot, studio_window, tmp_path):
    window = studio_window()
    _open(qtbot, window, ModelSource("python", write_python_model(tmp_path), trust_code=True, input_size=16))
    panel = window.model_panel
    assert panel.pages.currentWidget() is panel.module_tree
    assert panel.module_tree.paths() == ["features", "features.0", "features.1", "features.2", "features.3",
                                         "pool", "fc"]
    assert panel.module_tree.row_text("features.2") == ["features.2", "Conv2d", "6×16×16", "222"]
    panel.module_tree.search.setText("conv")
    hidden = [p for p in panel.module_tree.paths() if panel.module_tree._items[p].isHidden()]
    assert hidden == ["features.1", "features.3", "pool", "fc"]
    assert window.run_panel.actions["train"].isEnabled()        # Train fine-tunes it
    assert window.state.train_blocker() == ""
    with qtbot.waitSignal(window.state.snapshotReady, timeout=30000):
        panel.module_tree.close_button.click()
    assert window.state.opened_model is None and panel.pages.currentWidget() is panel.spec_page
    assert window.run_panel.actions["train"].isEnabled()
    qtbot.waitUntil(lambda: isinstance(window.views["filters"].current_layer(), int), timeout=30000)


def test_the_screenshot_demo_opens_a_model_instead_of_training(qtbot, tmp_path, isolated_settings):
    from PySide6.QtGui import QImage

    from convnet_studio.gui.diagnostics.screenshot_demo import run_screenshot
    path = tmp_path / "shot.png"
    result = run_screenshot(path, view="features", size=(1024, 700),
                            model=ModelSource("torchscript", write_script_model(tmp_path), input_size=32))
    assert result["model"] == "seq.pt" and result["layers"] == 5
    assert (QImage(str(path)).width(), QImage(str(path)).height()) == (1024, 700)


def test_analysis_jobs_look_at_the_opened_model(qtbot, studio_window, tmp_path):
    from convnet_studio.core.jobs.analysis import evaluation_job
    window = studio_window()
    _open(qtbot, window, ModelSource("torchscript", write_script_model(tmp_path), input_size=32))
    with qtbot.waitSignal(window.state.analysisResult, timeout=10000) as result:
        window.state.request_analysis(evaluation_job())
    assert result.args[0].error == "" and result.args[0].payload.result.true.size == 32

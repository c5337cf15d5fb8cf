"""After (and while) fine-tuning an opened model in the window, the views look at the model being
trained: its new head with the dataset's classes in the probabilities, its trained filters."""
from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import Qt

from convnet_studio.core.model.external import ModelSource

CONV = "features.0.0"


def test_the_views_show_the_fine_tuned_model_live_and_after_the_run(qtbot, studio_window):
    window = studio_window(batch_size=16)
    state, worker = window.state, window.controller.worker
    features, filters = window.views["features"], window.views["filters"]
    source = ModelSource("torchvision", "mobilenet_v3_small", input_size=32)      # random init, ImageNet's classes
    with qtbot.waitSignal(window.controller.modelOpened, timeout=60000):
        window.open_model(source)
    qtbot.waitUntil(lambda: features.probs.class_names()[:1] == ("tench",), timeout=60000)
    assert state.opened_model.meta.num_classes == 1000 and state.opened_model.trained_on == ""
    opened_weights = worker.opened.current.module.get_submodule(CONV).weight.detach().clone()
    ds = state.dataset
    classes = tuple(ds.class_names)

    steps, ended = [], []
    state.batchMetrics.connect(lambda e: steps.extend(int(s) for s in e.steps))
    state.runEnded.connect(lambda e: ended.append(e.message))
    qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(steps) >= 3 or bool(ended), timeout=60000)
    assert not ended, ended
    live = state.opened_model                       # while it trains, the views describe the model being trained
    assert live.source == source and live.trained_on == ds.name and live.meta.num_classes == len(classes) == 3
    assert live.meta.input_shape == tuple(ds.input_shape)
    assert next(l for l in live.layers if l.path == "classifier.3").output_shape == (3,)
    qtbot.waitUntil(lambda: features.probs.class_names() == classes, timeout=30000)     # a live snapshot
    with qtbot.waitSignal(state.runEnded, timeout=20000):
        window.run_panel.actions["stop"].trigger()

    qtbot.waitUntil(lambda: worker._last_trainer is not None, timeout=20000)     # the run has wound up
    trained = worker._last_trainer.model
    qtbot.waitUntil(lambda: worker.opened.current.module is trained, timeout=20000)
    trained_weights = trained.get_submodule(CONV).weight.detach().cpu().numpy()
    assert not np.array_equal(trained_weights, opened_weights.numpy())
    filters.set_layer(CONV)
    qtbot.waitUntil(lambda: np.array_equal(filters._filters.get(CONV), trained_weights), timeout=30000)
    assert filters.tile_count() > 0 and filters.current_layer() == CONV
    assert features.probs.class_names() == classes and features.probs.bar_count() == 3

    probe = state.probe_image                       # the idle look is the trained model's prediction
    snap = worker.opened.snapshot(trained, _request(window), 0, 0)
    qtbot.waitUntil(lambda: features._probs is not None and np.allclose(features._probs, snap.probs, atol=1e-5),
                    timeout=30000)
    assert probe is not None and features.probs._last[2] == probe.label    # fine-tuned here: the true class counts


def _request(window):
    from convnet_studio.gui.compute.requests import SnapshotRequest
    info, probe = window.state.opened_model, window.state.probe_image
    return SnapshotRequest(None, tuple(info.meta.input_shape), int(info.meta.num_classes), tuple(info.meta.mean),
                           tuple(info.meta.std), 0, probe.image, probe.key, model=info.source,
                           layers=info.map_layers())

"""Probe transforms reach the model on the compute thread; the newest request wins."""
import numpy as np
import torch
from PySide6.QtCore import Qt

from convnet_studio.core.inspect.probe_transform import ProbeTransform
from convnet_studio.core.model.presets import get_preset
from convnet_studio.core.train.commands import Commands
from convnet_studio.gui.compute.requests import SnapshotRequest
from convnet_studio.gui.compute.worker import TrainingWorker


def _shifted(image, dx):
    out = np.zeros_like(image)
    out[:, :, dx:] = image[:, :, :-dx]
    return out


def test_the_worker_serves_only_the_newest_idle_request():
    worker = TrainingWorker()
    got = []
    worker.event.connect(got.append)
    image = np.random.default_rng(0).integers(0, 255, (3, 32, 32), dtype=np.uint8)
    for dx in (1, 2, 5):
        worker.post_snapshot_request(SnapshotRequest(get_preset("seed"), (3, 32, 32), 10, (0.5,) * 3, (0.25,) * 3,
                                                     0, image, "val:0", ProbeTransform(shift_x=dx)))
    worker.compute_snapshot()
    worker.compute_snapshot()            # the signals queued by the older requests find nothing left
    assert len(got) == 1
    assert np.array_equal(got[0].input_image, _shifted(image, 5))


def test_live_commands_keep_only_the_newest_snapshot_request():
    commands = Commands((1, 4, 4))
    image = np.zeros((1, 4, 4), np.uint8)
    for dx in range(4):
        commands.request_snapshot(image, "val:0", ProbeTransform(shift_x=dx))
    assert commands.take_snapshot().transform == ProbeTransform(shift_x=3)
    assert commands.take_snapshot() is None


def _snapshot_with(qtbot, state, transform, timeout=15000):
    with qtbot.waitSignal(state.snapshotReady, timeout=timeout,
                          check_params_cb=lambda s: s.input_image is not None and np.array_equal(
                              s.input_image, _shifted(state.probe_image.image, transform.shift_x))) as blocker:
        state.set_probe_transform(transform)
    return blocker.args[0]


def test_a_transform_reaches_the_model_idle_and_while_training(qtbot, studio_window):
    window = studio_window()
    state = window.state
    qtbot.waitUntil(lambda: state.probe_image is not None, timeout=5000)
    snap = _snapshot_with(qtbot, state, ProbeTransform(shift_x=3))
    ds = state.dataset
    torch.manual_seed(int(state.config.seed))
    x = (torch.from_numpy(_shifted(state.probe_image.image, 3)).float() / 255 - torch.tensor(ds.mean).view(-1, 1, 1)) \
        / torch.tensor(ds.std).view(-1, 1, 1)
    model = window.controller.worker._fresh_model
    with torch.no_grad():
        expected = model.eval()(x[None]).softmax(1)[0].numpy()
    np.testing.assert_allclose(snap.probs, expected, atol=1e-5)
    with qtbot.waitSignal(state.batchMetrics, timeout=15000):
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    _snapshot_with(qtbot, state, ProbeTransform(shift_x=6))
    with qtbot.waitSignal(state.runEnded, timeout=10000):
        window.run_panel.actions["stop"].trigger()

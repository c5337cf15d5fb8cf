"""The whole window driving real training: Train, Pause/Resume, live lr, Stop, closing mid-run."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from convnet_studio.core import events
from convnet_studio.core.inspect.probes import ProbeSource
from convnet_studio.core.train.config import ConfigError
from convnet_studio.gui.widgets.layer_table import COL_SETTINGS, COL_SHAPE, ERROR_BRUSH


def last_step(state) -> int:
    m = state.last_metrics
    return int(m.steps[-1]) if m is not None and len(m.steps) else 0


def start(qtbot, window):
    with qtbot.waitSignal(window.state.batchMetrics, timeout=15000) as blocker:
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_train_produces_batch_metrics_and_plot_points(qtbot, studio_window):
    window = studio_window()
    assert window.run_panel.train_button.isEnabled()
    metrics = start(qtbot, window)
    assert isinstance(metrics, events.BatchMetrics) and len(metrics.steps) >= 1
    assert window.state.run_status == "running"
    assert not window.hparams_panel.widgets["batch_size"].isEnabled()
    qtbot.waitUntil(lambda: window.plots_view.plot_points() > 0, timeout=5000)
    qtbot.waitUntil(lambda: window.run_panel.progress.value() > 0, timeout=5000)
    assert "img/s" in window.run_panel.detail_label.text()


def test_impossible_layer_disables_train_with_reason(qtbot, studio_window):
    window = studio_window()
    panel = window.model_panel
    window.select_view("model")
    rect = panel.table.visualRect(panel.model.index(3, COL_SETTINGS))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    panel.layer_editor.widgets["kernel_size"].setValue(40)
    button = window.run_panel.train_button
    assert not button.isEnabled()
    assert "layer 3" in button.toolTip() and "larger" in button.toolTip()
    assert panel.model.data(panel.model.index(3, COL_SHAPE), Qt.ItemDataRole.BackgroundRole) == ERROR_BRUSH
    panel.layer_editor.widgets["kernel_size"].setValue(5)
    assert button.isEnabled() and "Start training" in button.toolTip()


def test_pause_stops_steps_and_resume_continues(qtbot, studio_window):
    window = studio_window()
    start(qtbot, window)
    state = window.state
    qtbot.mouseClick(window.run_panel.buttons["pause"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.run_status == "paused", timeout=5000)
    assert window.run_panel.actions["resume"].isEnabled() and not window.run_panel.actions["pause"].isEnabled()
    paused_at = last_step(state)
    with qtbot.assertNotEmitted(state.batchMetrics, wait=400):
        pass
    assert last_step(state) == paused_at
    with qtbot.waitSignal(state.batchMetrics, timeout=10000):
        qtbot.mouseClick(window.run_panel.buttons["resume"], Qt.MouseButton.LeftButton)
    assert state.run_status == "running"
    qtbot.waitUntil(lambda: last_step(state) > paused_at, timeout=5000)


def test_changing_lr_mid_run_reaches_the_trainer(qtbot, studio_window):
    window = studio_window()
    start(qtbot, window)
    spin = window.hparams_panel.lr_editor.spin
    assert spin.isEnabled()
    with qtbot.waitSignal(window.state.hparamsChanged, timeout=10000,
                          check_params_cb=lambda e: abs(e.lr - 0.0123) < 1e-12) as blocker:
        spin.setValue(0.0123)
    assert blocker.args[0].step >= 1
    assert window.state.config.lr == 0.0123
    with qtbot.waitSignal(window.state.hparamsChanged, timeout=10000,
                          check_params_cb=lambda e: abs(e.momentum - 0.5) < 1e-12):
        window.hparams_panel.widgets["momentum"].setValue(0.5)


def test_stop_ends_the_run_and_the_worker_goes_idle(qtbot, studio_window):
    window = studio_window()
    start(qtbot, window)
    with qtbot.waitSignal(window.state.runEnded, timeout=10000) as blocker:
        qtbot.mouseClick(window.run_panel.buttons["stop"], Qt.MouseButton.LeftButton)
    assert blocker.args[0].reason == "stopped"
    qtbot.waitUntil(lambda: window.state.run_status == "idle", timeout=5000)
    assert window.run_panel.train_button.isEnabled()
    qtbot.waitUntil(window.actions_by_name["save_run"].isEnabled, timeout=5000)   # after the worker's runFinished
    assert window.controller.worker._trainer is None     # cleared before runFinished, after RunEnded
    # the worker's thread left the training loop: it serves an idle snapshot of the trained model
    with qtbot.waitSignal(window.state.snapshotReady, timeout=10000) as snap:
        window.state.set_probe_image(ProbeSource.val(1), window.state.dataset.val_x.numpy()[1], 0)
    assert snap.args[0].step == blocker.args[0].step and snap.args[0].feature_maps


def test_closing_the_window_during_training_ends_the_thread(qtbot, studio_window):
    window = studio_window()
    start(qtbot, window)
    thread = window.controller.thread
    assert thread.isRunning()
    window.close()
    assert thread.isFinished()           # shutdown() joined it (waiting at most 2 s)
    assert window.state.run_status == "idle"


def test_save_run_then_open_it_and_continue(qtbot, studio_window, tmp_path):
    window = studio_window()
    start(qtbot, window)
    with qtbot.waitSignal(window.state.runEnded, timeout=10000):
        window.controller.stop()
    trained = last_step(window.state)
    path = str(tmp_path / "run.pt")
    with qtbot.waitSignal(window.controller.saveFinished, timeout=10000) as saved:
        window.controller.save_run(path)
    assert saved.args == [path, ""]
    window.new_session()
    assert not window.actions_by_name["save_run"].isEnabled()
    with qtbot.waitSignal(window.controller.runOpened, timeout=10000) as opened:
        window.open_run(path)
    assert opened.args[1] == "" and opened.args[0].step >= trained
    with qtbot.waitSignal(window.state.runStarted, timeout=10000) as started:
        window.run_panel.actions["train"].trigger()
    assert started.args[0].start_step == opened.args[0].step


def test_closing_mid_run_offers_to_save_and_saves_after_the_thread_ended(qtbot, studio_window, tmp_path,
                                                                        monkeypatch, unkept_runs):
    from PySide6.QtWidgets import QFileDialog, QMessageBox
    path = tmp_path / "closing.pt"
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Save))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window = studio_window()
    window.interactive = True
    start(qtbot, window)
    window.close()
    assert asked and window.controller.thread.isFinished()
    assert path.is_file() and path.stat().st_size > 1000


def test_cancel_keeps_the_window_and_the_run(qtbot, studio_window, monkeypatch, unkept_runs):
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Cancel))
    window = studio_window()
    window.interactive = True
    start(qtbot, window)
    window.close()
    assert window.isVisible() and window.state.is_running and window.controller.thread.isRunning()
    window.interactive = False


def test_a_bad_live_value_is_shown_and_the_run_goes_on(qtbot, studio_window):
    window = studio_window()
    start(qtbot, window)
    state, worker = window.state, window.controller.worker
    shown = []                                       # the status bar as the refusal arrives
    state.commandRefused.connect(lambda _event: shown.append(window.status_label.text()))
    with qtbot.waitSignal(state.commandRefused, timeout=5000) as refused:
        window.controller.set_live_hparams(lr=-0.5)
    event = refused.args[0]
    assert isinstance(event, events.CommandRefused) and event.command == "hparams"
    assert "learning rate" in event.message.lower()
    assert "were not changed" in shown[0] and "-0.5" in shown[0]
    with qtbot.assertNotEmitted(state.hparamsChanged, wait=300):
        pass
    with pytest.raises(ConfigError):                 # the worker raises to its caller, it drops nothing
        worker.set_hparams(momentum=float("nan"))
    assert state.run_status == "running"
    with qtbot.waitSignal(state.hparamsChanged, timeout=10000,
                          check_params_cb=lambda e: abs(e.lr - 0.004) < 1e-12):
        window.controller.set_live_hparams(lr=0.004)


def test_the_worker_and_the_trainer_share_one_commands_object(qtbot, studio_window):
    window = studio_window()
    worker = window.controller.worker
    qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    window.controller.pause()                        # before the trainer exists: its Commands holds it
    with qtbot.waitSignal(window.state.pausedAt, timeout=15000) as paused:
        pass
    assert paused.args[0].step == 0 and window.state.run_status == "paused"
    assert worker._trainer.commands is worker.commands
    assert not [name for name in vars(worker) if name.startswith("_pending")]
    with qtbot.waitSignal(window.state.runEnded, timeout=10000) as ended:
        window.controller.stop()
    assert ended.args[0].reason == events.EndReason.STOPPED


def test_a_probe_image_the_run_cannot_take_is_shown_as_refused(qtbot, studio_window):
    window = studio_window()
    start(qtbot, window)
    shown = []
    window.state.commandRefused.connect(lambda _event: shown.append(window.status_label.text()))
    with qtbot.waitSignal(window.state.commandRefused, timeout=5000) as refused:
        window.state.set_probe_image(ProbeSource.file("odd.png"), np.zeros((1, 5, 5), np.uint8))
    assert refused.args[0].command == "snapshot" and "shape" in refused.args[0].message
    assert "cannot be shown" in shown[0]


def test_lesions_the_worker_cannot_take_are_refused_and_the_old_ones_kept(qtbot, studio_window):
    window = studio_window()
    worker = window.controller.worker
    with qtbot.waitSignal(window.state.snapshotReady, timeout=10000):   # lesions show in the idle snapshot
        window.state.set_lesions({0: [1]})
    assert worker.commands.lesions == {0: (1,)}
    with qtbot.waitSignal(window.state.commandRefused, timeout=5000) as refused:
        window.state.set_lesions({0: [-3]})
    assert refused.args[0].command == "lesions" and "whole numbers" in refused.args[0].message
    assert worker.commands.lesions == {0: (1,)}

"""Nothing trained is lost or shown wrong: reopened runs, stopped runs, and the health history."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from convnet_studio.core import events
from convnet_studio.gui.widgets.layer_table import COL_SETTINGS


def train_until(qtbot, window, done, timeout=30000):
    """Press Train, wait for ``done(state)``, press Stop; returns the RunEnded."""
    state = window.state
    qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: done(state), timeout=timeout)
    with qtbot.waitSignal(state.runEnded, timeout=10000) as ended:
        qtbot.mouseClick(window.run_panel.buttons["stop"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.actions_by_name["save_run"].isEnabled, timeout=5000)
    return ended.args[0]


def past_epoch(n):
    return lambda state: state.last_epoch is not None and state.last_epoch.epoch >= n and \
        state.last_metrics is not None and state.last_metrics.epoch > n


def save(qtbot, window, path):
    with qtbot.waitSignal(window.controller.saveFinished, timeout=10000) as saved:
        window.controller.save_run(str(path))
    assert saved.args[1] == ""


def edit_kernel(qtbot, window, value):
    panel = window.model_panel
    window.select_view("model")
    rect = panel.table.visualRect(panel.model.index(0, COL_SETTINGS))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    panel.layer_editor.widgets["kernel_size"].setValue(value)


def test_a_reopened_run_shows_its_curves_and_epochs_at_their_steps(qtbot, studio_window, tmp_path):
    window = studio_window()                       # 96 images, batch 16: 6 steps per epoch
    ended = train_until(qtbot, window, past_epoch(2))
    shown = window.plots_view.history()
    seen_steps = shown.step.view().tolist()
    assert shown.epoch_column("step").tolist()[:2] == [6.0, 12.0]
    path = tmp_path / "run.pt"
    save(qtbot, window, path)
    window.new_session()
    assert len(window.plots_view.history()) == 0
    with qtbot.waitSignal(window.controller.runOpened, timeout=10000):
        window.open_run(str(path))
    history = window.plots_view.history()
    assert history.epoch_column("step").tolist()[:2] == [6.0, 12.0]     # not spread over the 2 epochs
    assert history.step.view().tolist() == seen_steps                   # the whole per-step curve
    assert history.step.view()[-1] == ended.step and window.plots_view.plot_points() > 0
    panel = window.run_panel
    assert f"step {ended.step:,}" in panel.progress.text() and "Not started" not in panel.progress.text()
    assert "Train to continue" in panel.detail_label.text()
    with qtbot.waitSignal(window.state.runStarted, timeout=10000) as started:
        qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    assert started.args[0].start_step == ended.step
    assert window.plots_view.history().step.view().tolist()[:len(seen_steps)] == seen_steps


def test_train_after_stop_continues_the_run(qtbot, studio_window, monkeypatch):
    from convnet_studio.gui import run_files
    window = studio_window()
    ended = train_until(qtbot, window, lambda s: s.last_metrics is not None and s.last_metrics.steps[-1] >= 3)
    asked = []
    monkeypatch.setattr(run_files, "ask_continue_or_restart", lambda parent, step: asked.append(step) or "continue")
    metrics = []
    window.state.batchMetrics.connect(metrics.append)
    window.interactive = True
    try:
        with qtbot.waitSignal(window.state.runStarted, timeout=10000) as started:
            qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    finally:
        window.interactive = False
    assert asked == [ended.step] and started.args[0].start_step == ended.step
    qtbot.waitUntil(lambda: bool(metrics), timeout=10000)
    assert metrics[0].steps[0] == ended.step + 1        # the steps go on from where the run stopped


def test_start_over_after_stop_begins_at_step_zero(qtbot, studio_window):
    window = studio_window()
    train_until(qtbot, window, lambda s: s.last_metrics is not None and s.last_metrics.steps[-1] >= 3)
    window.answers.train_after_stop = "restart"
    with qtbot.waitSignal(window.state.runStarted, timeout=10000) as started:
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    assert started.args[0].start_step == 0


def test_continuing_with_another_optimizer_starts_it_afresh_with_a_note(qtbot, studio_window):
    window = studio_window()
    ended = train_until(qtbot, window, lambda s: s.last_metrics is not None and s.last_metrics.steps[-1] >= 3)
    assert window.state.config.optimizer != "sgd"
    window.state.set_config(window.state.config.replace(optimizer="sgd"))
    notes = []
    window.state.runNote.connect(notes.append)
    with qtbot.waitSignal(window.state.batchMetrics, timeout=10000):
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    assert window.state.run_info.start_step == ended.step
    assert notes and "fresh optimizer state" in notes[0].message


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_editing_the_network_after_stop_asks_about_the_unsaved_run(qtbot, studio_window, tmp_path, answer,
                                                                   unkept_runs):
    window = studio_window()
    ended = train_until(qtbot, window, lambda s: s.last_metrics is not None and s.last_metrics.steps[-1] >= 3)
    assert window.controller.has_unsaved_run
    before = window.state.spec
    window.answers.unsaved_edit = answer
    window.answers.save_path = str(tmp_path / "kept.pt")
    saved = []
    window.controller.saveFinished.connect(lambda *a: saved.append(a))
    edit_kernel(qtbot, window, 3)
    if answer == "cancel":
        assert window.state.spec == before and window.controller.continuable_step() == ended.step
        assert window.model_panel.layer_editor.widgets["kernel_size"].value() == before.layers[0].kernel_size
        return
    assert window.state.spec != before and not window.controller.has_run
    assert "Not started" in window.run_panel.progress.text()
    if answer == "save":
        qtbot.waitUntil(lambda: bool(saved), timeout=10000)
        assert saved[0][1] == "" and (tmp_path / "kept.pt").stat().st_size > 1000


@pytest.mark.parametrize("answer", ["save", "cancel"])
def test_closing_with_an_unsaved_stopped_run_asks(qtbot, studio_window, tmp_path, monkeypatch, answer, unkept_runs):
    from PySide6.QtWidgets import QFileDialog, QMessageBox
    path = tmp_path / "closing.pt"
    reply = QMessageBox.StandardButton.Save if answer == "save" else QMessageBox.StandardButton.Cancel
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a) or reply))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window = studio_window()
    train_until(qtbot, window, lambda s: s.last_metrics is not None and s.last_metrics.steps[-1] >= 3)
    window.interactive = True
    window.close()
    assert asked
    if answer == "cancel":
        assert window.isVisible() and window.controller.thread.isRunning()
        window.interactive = False
        return
    assert window.controller.thread.isFinished() and path.stat().st_size > 1000


def test_a_saved_run_closes_without_asking(qtbot, studio_window, tmp_path, monkeypatch, unkept_runs):
    from PySide6.QtWidgets import QMessageBox
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a)))
    window = studio_window()
    train_until(qtbot, window, lambda s: s.last_metrics is not None and s.last_metrics.steps[-1] >= 3)
    save(qtbot, window, tmp_path / "run.pt")
    assert not window.controller.has_unsaved_run
    window.interactive = True
    window.close()
    assert not asked and window.controller.thread.isFinished()


def test_health_history_covers_the_run_while_another_tab_is_shown(qtbot, studio_window):
    window = studio_window()
    window.select_view("plots")
    health = window.views["health"]
    assert not health.isVisible()
    train_until(qtbot, window, lambda s: len(s.health_history) >= 3, timeout=60000)
    window.select_view("health")
    qtbot.waitUntil(lambda: len(health.plots.steps()) >= 3, timeout=5000)
    first = health.plots.steps()[:3]          # after step 1, then at multiples of 50 (at most 2 a second)
    assert first[0] == 1 and all(step % 50 == 0 for step in first[1:]) and first == sorted(set(first))
    window.select_view("plots")
    window.answers.train_after_stop = "restart"
    with qtbot.waitSignal(window.state.runStarted, timeout=10000):
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    assert len(window.state.health_history) == 0 or min(window.state.health_history.points[
        next(iter(window.state.health_history.points))])[0] < 50

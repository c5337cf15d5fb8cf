"""Every Train in the window is kept in the runs folder; a kept run is never nagged about."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from convnet_studio.core.runs.folder import RunFolder
from convnet_studio.core.runs.workspace import list_runs
from tests.gui.test_run_files import edit_kernel, train_until


def _some_steps(state):
    return state.last_metrics is not None and state.last_metrics.steps[-1] >= 3


def test_a_window_run_is_kept_and_closing_or_editing_asks_nothing(qtbot, studio_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    workspace = tmp_path / "ws"
    monkeypatch.setenv("CONVNET_STUDIO_RUNS", str(workspace))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a)))
    window = studio_window()
    ended = train_until(qtbot, window, _some_steps)
    controller = window.controller
    assert controller.run_is_kept and not controller.has_unsaved_run
    said = window.status_label.text()
    assert "It is kept in the Runs tab." in said and "Save run" not in said, said
    [info] = list_runs(workspace)
    assert Path(controller.kept_run_dir) == info.path and info.status == "stopped"
    assert info.meta["spec"]["name"] == window.state.spec.name and info.meta["dataset"]["name"] == "tiny"
    assert info.folder.load_checkpoint("latest").step == ended.step

    window.answers.unsaved_edit = "cancel"           # would keep the old network if it were asked
    before = window.state.spec
    edit_kernel(qtbot, window, 3)
    assert window.state.spec != before

    with qtbot.waitSignal(window.state.batchMetrics, timeout=10000):
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    window.interactive = True
    window.close()                                   # running, but kept: closing stops it and asks nothing
    assert not asked and controller.thread.isFinished()
    statuses = sorted(i.status for i in list_runs(workspace))
    assert statuses == ["stopped", "stopped"]


def test_train_after_stop_goes_on_in_the_same_run_folder(qtbot, studio_window, tmp_path, monkeypatch):
    monkeypatch.setenv("CONVNET_STUDIO_RUNS", str(tmp_path / "ws"))
    window = studio_window()
    first = train_until(qtbot, window, lambda s: s.last_epoch is not None and s.last_epoch.epoch >= 1)
    kept = window.controller.kept_run_dir
    window.answers.train_after_stop = "continue"
    # two epochs past the first run's last (the state still shows that one until the second run starts)
    last = window.state.last_epoch.epoch
    second = train_until(qtbot, window, lambda s: s.last_epoch is not None and s.last_epoch.epoch >= last + 2)
    assert window.controller.kept_run_dir == kept and len(list_runs(tmp_path / "ws")) == 1
    folder = RunFolder(kept)
    epochs = [row["epoch"] for row in folder.read_metrics()]
    assert epochs == list(range(1, len(epochs) + 1)) and len(epochs) >= 3
    assert folder.load_checkpoint("latest").step == second.step > first.step


def test_a_runs_folder_that_takes_nothing_is_one_note_and_training_goes_on(qtbot, studio_window, tmp_path,
                                                                         monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("CONVNET_STUDIO_RUNS", str(blocker / "runs"))
    window = studio_window()
    notes = []
    window.state.runNote.connect(notes.append)
    train_until(qtbot, window, lambda s: s.last_epoch is not None and s.last_epoch.epoch >= 2)
    assert len(notes) == 1 and "not being kept" in notes[0].message and "training goes on" in notes[0].message
    assert not window.controller.run_is_kept and window.controller.has_unsaved_run
    assert "File › Save run keeps it." in window.status_label.text()

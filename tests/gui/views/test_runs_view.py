"""The runs view: a sortable table of kept runs, overlaid curves, a settings diff, edits and a guarded delete."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from convnet_studio.core.model.presets import get_preset
from convnet_studio.core.runs.folder import RunFolder
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.gui.state import StudioState
from convnet_studio.gui.views.runs_view import RunsView


def make_run(workspace, name, lr, accs, status="finished", batch_size=32):
    """A finished run folder with one metrics row per accuracy and a few steps."""
    config = TrainConfig(lr=lr, batch_size=batch_size)
    folder = RunFolder.create(workspace, name, spec=get_preset("seed").to_dict(), config=config.to_dict(),
                              dataset={"name": "shapes", "input_shape": [3, 32, 32], "num_classes": 10},
                              num_params=62006, status=status, pid=None,
                              metrics={"best_val_acc": max(accs), "best_epoch": 1, "final": {}})
    for epoch, acc in enumerate(accs, start=1):
        folder.append_metrics({"epoch": epoch, "step": 10 * epoch, "train_loss": 2.0 / epoch, "train_acc": acc,
                               "val_loss": 2.1 / epoch, "val_acc": acc, "lr": lr, "elapsed_s": epoch})
    folder.append_steps([{"step": s, "epoch": 1 + (s - 1) // 10, "loss": 2.3 - s / 20, "lr": lr, "acc": 0.1}
                         for s in range(1, 10 * len(accs) + 1)])
    return folder


def _view(qtbot, workspace):
    view = RunsView(StudioState(), workspace=workspace)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    return view


def _click_row(qtbot, view, row, modifier=Qt.KeyboardModifier.NoModifier):
    rect = view.table.visualItemRect(view.table.item(row, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _column(view, title):
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    return headers.index(title)


def test_two_selected_runs_are_overlaid_with_a_legend_and_their_settings_compared(qtbot, tmp_path):
    make_run(tmp_path, "slow", 1e-3, [0.3, 0.4])
    make_run(tmp_path, "fast", 1e-2, [0.5, 0.7])
    view = _view(qtbot, tmp_path)
    assert view.table.rowCount() == 2
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    assert "lr" in headers and "batch_size" not in headers          # only the knob that differs
    _click_row(qtbot, view, 0)
    _click_row(qtbot, view, 1, Qt.KeyboardModifier.ControlModifier)
    assert len(view.selected_ids()) == 2
    assert view.curves.curve_count() == 2
    assert sorted(view.curves.legend_labels()) == ["fast", "slow"]
    colours = view.curves.pen_colours()
    assert len(set(colours)) == 2
    assert view.diff.differing == ["config.lr"]
    assert view.diff.item(0, 0).text() == "config.lr"
    legend = view.curves.loss_plot.getPlotItem().legend
    assert legend.isVisible()
    view.table.clearSelection()                                    # nothing selected: no empty legend box
    qtbot.waitUntil(lambda: view.curves.curve_count() == 0, timeout=3000)
    assert not legend.isVisible() and not view.curves.acc_plot.getPlotItem().legend.isVisible()


def test_the_table_sorts_by_best_accuracy_as_numbers(qtbot, tmp_path):
    for name, acc in (("a", 0.9), ("b", 0.15), ("c", 0.45)):
        make_run(tmp_path, name, 1e-3 * (1 + acc), [acc])
    view = _view(qtbot, tmp_path)
    col = _column(view, "Best val acc")
    header = view.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(col) + 5, header.height() // 2))
    names = [view.table.item(r, 0).text() for r in range(3)]
    assert names in (["b", "c", "a"], ["a", "c", "b"])


def _answer_question(button):
    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(50, answer)
    QTimer.singleShot(50, answer)


def test_delete_asks_first_and_no_keeps_the_run(qtbot, tmp_path):
    folder = make_run(tmp_path, "keep-me", 1e-3, [0.3])
    view = _view(qtbot, tmp_path)
    _click_row(qtbot, view, 0)
    _answer_question(QMessageBox.StandardButton.No)
    qtbot.mouseClick(view.buttons["delete"], Qt.MouseButton.LeftButton)
    assert folder.path.is_dir() and view.table.rowCount() == 1
    _click_row(qtbot, view, 0)
    _answer_question(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.buttons["delete"], Qt.MouseButton.LeftButton)
    assert not folder.path.exists() and view.table.rowCount() == 0


def test_rename_tag_note_write_run_json_and_a_corrupt_run_is_listed_as_unreadable(qtbot, tmp_path):
    folder = make_run(tmp_path, "old", 1e-3, [0.3])
    broken = make_run(tmp_path, "broken", 1e-3, [0.3])
    broken.meta_path.write_text("{ not json", encoding="utf-8")
    view = _view(qtbot, tmp_path)
    statuses = {view.table.item(r, _column(view, "Status")).text() for r in range(2)}
    assert statuses == {"finished", "unreadable"}
    assert view.rename(folder.id, "new name") == ""
    assert view.set_tags(folder.id, "baseline, adam") == ""
    assert view.set_note(folder.id, "the first try") == ""
    meta = folder.read_meta()
    assert (meta["name"], meta["tags"], meta["note"]) == ("new name", ["baseline", "adam"], "the first try")
    assert "new name" in [view.table.item(r, 0).text() for r in range(2)]
    assert "runs" in view.disk_label.text() and "on disk" in view.disk_label.text()


def test_show_lesson_explains_and_overlays_its_runs(qtbot, tmp_path):
    a = make_run(tmp_path, "lesson: relu", 1e-3, [0.5])
    b = make_run(tmp_path, "lesson: sigmoid", 2e-3, [0.1])
    make_run(tmp_path, "other", 3e-3, [0.2])
    view = _view(qtbot, tmp_path)
    view.show_lesson("Activations", "Sigmoid saturates.", [str(a.path), str(b.path)])
    assert "Sigmoid saturates." in view.lesson_label.text() and view.lesson_label.isVisible()
    assert sorted(view.curves.legend_labels()) == ["lesson: relu", "lesson: sigmoid"]


def test_a_run_another_process_writes_appears_and_ends_without_refresh_or_poll(qtbot, tmp_path, monkeypatch):
    import threading

    from convnet_studio.core.runs.recorder import RunRecorder
    from convnet_studio.core.train.trainer import Trainer
    from convnet_studio.gui.views import runs_view
    from tests.core.toy_training import FAST, TINY_SPEC, collect, quadrant_dataset

    monkeypatch.setattr(runs_view, "POLL_MS", 600000)        # only the file watcher can tell the view
    make_run(tmp_path, "earlier", 1e-3, [0.3])
    view = _view(qtbot, tmp_path)
    assert view.table.rowCount() == 1
    go = threading.Event()
    made = {}

    def terminal_run():                                      # as `convnet-studio train` writes its run
        folder = made["folder"] = RunFolder.create(tmp_path, "from a terminal")
        go.wait(30)
        collect(Trainer(TINY_SPEC, TrainConfig(epochs=2, **FAST), quadrant_dataset(),
                        hooks=[RunRecorder(folder, checkpoint_every_s=0.2)]))

    writer = threading.Thread(target=terminal_run, daemon=True)
    writer.start()
    try:
        qtbot.waitUntil(lambda: "folder" in made and view.row_of(made["folder"].id) >= 0, timeout=5000)
        run_id = made["folder"].id
        assert view.table.rowCount() == 2
        assert view.table.item(view.row_of(run_id), _column(view, "Status")).text() == "running"
    finally:
        go.set()
        writer.join(60)
    assert not writer.is_alive()
    # the run's own folder is watched while it runs
    qtbot.waitUntil(lambda: view.table.item(view.row_of(run_id), _column(view, "Status")).text() == "finished",
                    timeout=5000)
    assert str(tmp_path / run_id) not in view._watcher.directories()     # and let go once it has ended


def test_a_hidden_view_leaves_the_folder_alone_until_it_is_shown(qtbot, tmp_path, monkeypatch):
    from convnet_studio.core.runs import workspace
    from convnet_studio.gui.views import runs_view

    make_run(tmp_path, "earlier", 1e-3, [0.3])
    view = _view(qtbot, tmp_path)
    view.hide()
    reads = []
    real_list_runs = workspace.list_runs
    monkeypatch.setattr(workspace, "list_runs", lambda path: reads.append(path) or real_list_runs(path))
    make_run(tmp_path, "later", 1e-2, [0.4])          # the watcher sees it; a training run does this all the time
    qtbot.wait(runs_view.REFRESH_DEBOUNCE_MS + 700)
    assert reads == [] and view.table.rowCount() == 1
    view.show()
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=3000)
    assert reads


def test_while_a_run_trains_here_its_folder_writes_refresh_the_view_within_the_budget(qtbot, tmp_path,
                                                                                         monkeypatch):
    from convnet_studio.core.runs import workspace
    from convnet_studio.gui.run_telemetry import RunStatus
    from convnet_studio.gui.support.redraw_budget import training_budget

    make_run(tmp_path, "earlier", 1e-3, [0.3])
    view = _view(qtbot, tmp_path)
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=2000)
    qtbot.wait(400)                                   # the refresh of showing the view is done
    reads = []
    real_list_runs = workspace.list_runs
    monkeypatch.setattr(workspace, "list_runs", lambda path: reads.append(path) or real_list_runs(path))
    view.state.set_run_status(RunStatus.RUNNING)
    training_budget(view.state).share = 0.0005        # at this share any refresh waits the longest, 2 s
    for k in range(5):                                # a run writes its folder every second or so
        make_run(tmp_path, f"write {k}", 1e-2, [0.4])
        qtbot.wait(400)
    assert 1 <= len(reads) <= 2, len(reads)           # not one per write
    view.buttons["refresh"].click()                   # the user's refresh is answered at once
    assert view.table.rowCount() == 6
    view.state.set_run_status(RunStatus.IDLE)

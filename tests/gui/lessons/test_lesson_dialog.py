"""The Lessons dialog: Start trains every variant of a lesson, one after the other, as runs of the window."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from convnet_studio.core.lessons import lesson as lesson_module

TINY_LESSON = {
    "format": "convnet-studio-lesson", "version": 1, "name": "tiny-rates", "title": "Two tiny rates",
    "explanation": "Two learning rates on a handful of images: watch the curves part.",
    "dataset": {"name": "shapes", "n_train": 48, "n_val": 16},
    "base": {"preset": "seed", "config": {"optimizer": "sgd", "batch_size": 16, "epochs": 1}},
    "variants": [{"name": "slow", "label": "lr 0.001", "config": {"lr": 0.001}},
                 {"name": "fast", "label": "lr 0.05", "config": {"lr": 0.05}}],
}


@pytest.fixture
def tiny_lessons(tmp_path, monkeypatch):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "tiny-rates.json").write_text(json.dumps(TINY_LESSON), encoding="utf-8")
    monkeypatch.setattr(lesson_module, "lessons_dir", lambda: folder)
    return folder


def test_the_lesson_dialog_starts_each_variant_as_a_run(qtbot, studio_window, tiny_lessons):
    window = studio_window()
    window.actions_by_name["lessons"].trigger()
    dialog = window._lesson_dialog
    assert dialog.list.count() == 1 and "Two tiny rates" in dialog.list.item(0).text()
    assert "watch the curves part" in dialog.explanation.text()
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, 1).text() == "lr = 0.05"
    started = []
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    session = dialog.session
    session.variantStarted.connect(started.append)
    with qtbot.waitSignal(session.finished, timeout=120000) as done:
        pass
    assert done.args == [True]
    assert started == [0, 1] or started == [1]      # the first may start before we listen
    assert [o.index for o in session.outcomes] == [0, 1]
    assert all(o.reason == "completed" and o.epochs == 1 for o in session.outcomes)
    ds = window.state.dataset
    assert (ds.name, int(ds.train_x.shape[0]), int(ds.val_x.shape[0])) == ("shapes", 48, 16)
    assert window.state.config.lr == pytest.approx(0.05)          # the last variant's settings stay
    assert dialog.table.item(0, 2).text() == "completed" and dialog.table.item(1, 3).text().endswith("%")
    assert dialog.start_button.isEnabled() and not dialog.stop_button.isEnabled()
    # each variant is a kept run, named after the lesson, and the runs view overlays them
    from convnet_studio.core.runs.folder import RunFolder
    names = [RunFolder(o.run_dir).read_meta()["name"] for o in session.outcomes]
    assert names == ["tiny-rates: lr 0.001", "tiny-rates: lr 0.05"]
    view = window.views["runs"]
    assert window.tabs.currentWidget() is view and "watch the curves part" in view.lesson_label.text()
    assert sorted(view.curves.legend_labels()) == sorted(names)

"""The Runs view, the learning-rate finder and the Lessons dialog in Simplified Chinese."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from convnet_studio.core.runs.folder import INTERRUPTED, STATUSES, UNREADABLE, RunFolder
from convnet_studio.core.train.lr_finder import FALLBACK_RULE, SUGGESTION_RULE
from convnet_studio.gui.lessons.dialog import LessonDialog
from convnet_studio.gui.messages import keep_hint
from convnet_studio.gui.panels.lr_finder_dialog import LRFinderDialog, rule_text, stop_reason_text
from convnet_studio.gui.widgets.runs_table import CELL_TEXT

from .english_left import english, is_english, widget_texts


def test_the_runs_view_is_chinese(chinese, window, tmp_path):
    workspace = tmp_path / "ws"
    RunFolder.create(workspace, "first")
    RunFolder.create(workspace, "second")
    view = window.views["runs"]
    view.set_workspace(workspace)
    view.select_ids([info.id for info in view.runs])
    texts = widget_texts(view) + [("status " + s, CELL_TEXT[s]) for s in (*STATUSES, INTERRUPTED, UNREADABLE)]
    texts += [("net", CELL_TEXT["custom"]), ("net", CELL_TEXT["opened model"]), ("kept", keep_hint(True))]
    status_col = [title for _key, title in view._columns].index("状态")
    texts += [("status cell", view.table.item(row, status_col).text()) for row in range(view.table.rowCount())]
    for plot in (view.curves.loss_plot, view.curves.acc_plot):
        item = plot.getPlotItem()
        texts += [("plot title", item.titleLabel.text), ("axis", item.getAxis("bottom").labelText)]
    names = {info.name for info in view.runs}
    left = english([(where, text) for where, text in texts if text and text not in names])
    assert not left, "\n".join(left)
    assert "设置" in view.diff_label.text() and view.table.rowCount() == 2


def test_the_learning_rate_finder_is_chinese(chinese, window, qtbot):
    dialog = LRFinderDialog(window.state, window)        # not shown: showing starts a search
    qtbot.addWidget(dialog)
    texts = widget_texts(dialog) + [("title", dialog.windowTitle())]
    texts += [("rule", rule_text(SUGGESTION_RULE)), ("rule", rule_text(FALLBACK_RULE))]
    for reason in ("reached the end of the range (10)", "the loss became non-finite at lr 0.3",
                   "the smoothed loss rose above 4× its minimum at lr 1.2"):
        translated = stop_reason_text(reason)
        assert translated != reason and any(n in translated for n in ("10", "0.3", "1.2")), translated
        texts.append(("stop reason", translated))
    for action in ("lr_find", "lessons"):
        act = window.actions_by_name[action]
        texts += [(action, act.text()), (action + " tip", act.statusTip())]
    left = english([(where, text) for where, text in texts if text])
    assert not left, "\n".join(left)


def test_the_lessons_dialog_shows_chinese_lessons(chinese, window, qtbot):
    dialog = LessonDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() >= 7
    texts = widget_texts(dialog) + [("title", dialog.windowTitle())]
    for row in range(dialog.list.count()):
        dialog.list.setCurrentRow(row)
        texts += [("lesson", dialog.list.item(row).text()), ("title", dialog.title.text()),
                  ("explanation", dialog.explanation.text())]
        texts += [("variant", dialog.table.item(r, 0).text()) for r in range(dialog.table.rowCount())
                  if not dialog.table.item(r, 0).text().startswith(("Sigmoid", "tanh", "ReLU"))]
    for source in ("The lesson is done.", "The lesson was stopped.", "Training {0} ({1} of {2})…"):
        texts.append(("session", QCoreApplication.translate("LessonSession", source)))
    left = english([(where, text) for where, text in texts if text])
    assert not left, "\n".join(left)
    dialog.select("learning-rate")
    assert "学习率" in dialog.title.text() and not is_english(dialog.explanation.text())

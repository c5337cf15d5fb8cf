"""The Lessons dialog: pick a lesson, read what it teaches, start its runs, see each one end.

The runs train one after the other through the window's Train (``LessonSession``); when
the last has ended, the runs view shows them overlaid with the lesson's explanation.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ..i18n import error_text, message_text
from .session import LessonSession, VariantOutcome



def _changes_text(variant) -> str:
    return ", ".join(f"{key.removeprefix('config.')} = {value}" for key, value in variant.changes) or "—"


class LessonDialog(QDialog):
    """Lists the lessons; Start runs the selected one in ``window`` (closing the dialog does not stop it)."""

    lessonFinished = Signal(object)     # the LessonSession, once it ended (completed or not)

    def __init__(self, window, parent: Optional[QWidget] = None):
        super().__init__(parent if parent is not None else window)
        self.window = window
        self.session: Optional[LessonSession] = None
        self.lessons = {}
        self.setWindowTitle(self.tr("Lessons"))
        self.resize(860, 520)

        self.list = QListWidget()
        self.list.setWordWrap(True)                  # long titles wrap in the narrow list instead of scrolling
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.title = QLabel()
        self.title.setObjectName("lessonTitle")
        self.title.setWordWrap(True)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        headers = [self.tr("Run"), self.tr("Changes"), self.tr("Result"), self.tr("Val acc"), self.tr("Val loss")]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Start lesson"))
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.show_button = QPushButton(self.tr("Show runs"))
        self.show_button.setEnabled(False)
        self.show_button.clicked.connect(self.show_runs)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)

        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(self.title)
        column.addWidget(self.explanation)
        column.addWidget(self.table, 1)
        column.addWidget(self.status)
        buttons = QHBoxLayout()
        for button in (self.start_button, self.stop_button, self.show_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        column.addLayout(buttons)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        QVBoxLayout(self).addWidget(split)

        self._load_lessons()
        self.list.currentItemChanged.connect(self._show_lesson)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _load_lessons(self) -> None:
        from ...core.lessons import LessonError, lesson_names, load_lesson
        from ..i18n import current_language
        for name in lesson_names():
            try:
                lesson = load_lesson(name).in_language(current_language())
            except LessonError as exc:
                self.status.setText(error_text(exc))
                continue
            self.lessons[name] = lesson
            item = QListWidgetItem(lesson.title)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(f"{lesson.title} ({name})")
            self.list.addItem(item)

    def select(self, name: str) -> None:
        """Show the lesson called ``name``."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentRow(row)
                return
        raise KeyError(name)

    @property
    def lesson(self):
        item = self.list.currentItem()
        return self.lessons.get(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    @Slot()
    def _show_lesson(self, *_args) -> None:
        lesson = self.lesson
        if lesson is None:
            return
        self.title.setText(f"<b>{lesson.title}</b>")
        self.explanation.setText(lesson.explanation)
        self.table.setRowCount(len(lesson.variants))
        for row, variant in enumerate(lesson.variants):
            cells = (variant.label, _changes_text(variant), "", "", "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0 and variant.note:
                    item.setToolTip(variant.note)
                self.table.setItem(row, col, item)
        self.show_button.setEnabled(False)

    # ------------------------------------------------------------------ running
    @Slot()
    def start(self) -> None:
        """Run the selected lesson's variants one after the other."""
        lesson = self.lesson
        if lesson is None or (self.session is not None and self.session.active):
            return
        self._show_lesson()
        session = self.session = LessonSession(self.window, lesson, self)
        session.message.connect(self.status.setText)
        session.variantStarted.connect(self._on_variant_started)
        session.variantEnded.connect(self._on_variant_ended)
        session.finished.connect(self._on_finished)
        problem = session.start()
        if problem:
            self.status.setText(problem)
            return
        self.start_button.setEnabled(False)
        self.list.setEnabled(False)
        self.stop_button.setEnabled(True)

    @Slot()
    def stop(self) -> None:
        if self.session is not None:
            self.session.stop()

    @Slot(int)
    def _on_variant_started(self, index: int) -> None:
        self.table.item(index, 2).setText(self.tr("training…"))
        self.table.selectRow(index)

    @Slot(object)
    def _on_variant_ended(self, outcome: VariantOutcome) -> None:
        row = outcome.index
        reasons = {"completed": self.tr("completed"), "stopped": self.tr("stopped"),
                   "diverged": self.tr("diverged"), "error": self.tr("failed")}
        self.table.item(row, 2).setText(reasons.get(outcome.reason, outcome.reason))
        self.table.item(row, 2).setToolTip(message_text(outcome.message))
        if outcome.val_acc is not None:
            self.table.item(row, 3).setText(f"{outcome.val_acc:.1%}")
            self.table.item(row, 4).setText(f"{outcome.val_loss:.4f}")

    @Slot(bool)
    def _on_finished(self, _completed: bool) -> None:
        self.start_button.setEnabled(True)
        self.list.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.show_button.setEnabled(bool(self.session and self.session.outcomes))
        self.lessonFinished.emit(self.session)
        if self.session is not None and self.session.outcomes:
            self.show_runs()

    @Slot()
    def show_runs(self) -> None:
        """Overlay the lesson's runs in the runs view, with its explanation."""
        session = self.session
        view = getattr(self.window, "views", {}).get("runs")
        if session is None or view is None:
            return
        run_dirs = [o.run_dir for o in session.outcomes if o.run_dir]
        view.show_lesson(session.lesson.title, session.lesson.explanation, run_dirs)
        self.window.select_view("runs")


def show_lessons(window) -> LessonDialog:
    """Open (or raise) the window's Lessons dialog."""
    dialog = getattr(window, "_lesson_dialog", None)
    if dialog is None:
        dialog = window._lesson_dialog = LessonDialog(window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog

"""Dialogs: About (with library versions), the keyboard-shortcut list, and the questions asked
before a trained run is thrown away or continued."""
from __future__ import annotations

import platform
from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QMenuBar, QMessageBox, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from .i18n import translate


def versions() -> dict[str, str]:
    """Versions of the app and the libraries it stands on."""
    import PySide6
    import pyqtgraph
    import torch
    import torchvision

    from .. import __version__
    return {"ConvNet Studio": __version__, "PyTorch": torch.__version__, "torchvision": torchvision.__version__,
            "PySide6": PySide6.__version__, "Qt": qVersion(), "pyqtgraph": pyqtgraph.__version__,
            "Python": platform.python_version()}


def about_text() -> str:
    rows = "".join(f"<tr><td>{k}</td><td>&nbsp;&nbsp;{v}</td></tr>" for k, v in versions().items())
    intro = translate("dialogs", "A playground for convolutional networks: pick data, edit a network, train it "
                                 "and watch it learn — filters, feature maps and curves, live.")
    return f"<h3>ConvNet Studio</h3><p>{intro}</p><table>{rows}</table>"


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, translate("dialogs", "About ConvNet Studio"), about_text())


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, shortcuts) for every menu action that has a shortcut."""
    rows = []
    for top in menu_bar.actions():
        menu = top.menu()
        if menu is None:
            continue
        for action in menu.actions():
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            if keys and not action.isSeparator():
                rows.append((top.text().replace("&", ""), action.text().replace("&", ""),
                             translate("dialogs", "  or  ").join(keys)))
    return rows


class ShortcutsDialog(QDialog):
    """A table of every keyboard shortcut, read from the menus (so it is never out of date)."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = shortcut_rows(menu_bar)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Menu"), self.tr("Command"), self.tr("Shortcut")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        for c in range(3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        note = QLabel(self.tr("Shortcuts work anywhere in the window. Training can also be steered from the Run menu."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.table)
        box.addWidget(note)
        box.addWidget(buttons)
        self.resize(520, 460)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


@dataclass
class Answers:
    """What a window without dialogs (``interactive=False``: tests, screenshot mode) answers.

    ``unsaved_edit``/``unsaved_close``: "save", "discard" or "cancel" when an edit or closing
    would throw away a trained, unsaved run ("save" writes to ``save_path``);
    ``train_after_stop``: "continue" or "restart" when Train could go on from a stopped run.
    """
    unsaved_edit: str = "discard"
    unsaved_close: str = "discard"
    train_after_stop: str = "continue"
    save_path: str = ""


def ask_unsaved_run(parent: QWidget, title: str, text: str) -> str:
    """Save / Discard / Cancel for a trained run that is about to be thrown away: "save", "discard" or "cancel"."""
    button = QMessageBox.StandardButton
    answer = QMessageBox.question(parent, title, text, button.Save | button.Discard | button.Cancel, button.Save)
    return {button.Save: "save", button.Discard: "discard"}.get(answer, "cancel")


def ask_continue_or_restart(parent: QWidget, step: int) -> Optional[str]:
    """"continue" (from ``step``), "restart" (from step 0) or None (cancelled)."""
    box = QMessageBox(QMessageBox.Icon.Question, translate("dialogs", "Continue the run?"),
                      translate("dialogs", "The last run stopped at step {step:,}. Continue it with the same "
                                           "weights and optimizer, or start over from step 0?").format(step=step),
                      QMessageBox.StandardButton.NoButton, parent)
    go_on = box.addButton(translate("dialogs", "Continue from step {step:,}").format(step=step),
                          QMessageBox.ButtonRole.AcceptRole)
    over = box.addButton(translate("dialogs", "Start over"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(go_on)
    box.exec()
    clicked = box.clickedButton()
    return "continue" if clicked is go_on else "restart" if clicked is over else None

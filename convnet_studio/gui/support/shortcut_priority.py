"""The window's shortcuts win over the keys that a focused text field claims for itself.

A QLineEdit, and so every spin box, accepts the ShortcutOverride event for keys it
could edit with (Ctrl+E moves to the end of the line on X11, Ctrl+Return, …), which
silently disables the window's action for that key while a number is being typed.
For the keys that one of the window's enabled actions uses, this filter keeps the
override from reaching the field, so the action fires wherever the focus is.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget


class ShortcutPriority(QObject):
    """Watches the widget that has the focus in ``window`` (one filter, moved with the focus)."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, old, new) -> None:
        if old is not None:
            old.removeEventFilter(self)
        if new is not None and new.window() is self._window:
            new.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ShortcutOverride and self._is_window_shortcut(event):
            return True     # the field never accepts the override, so the shortcut map fires the action
        return False

    def _is_window_shortcut(self, event) -> bool:
        pressed = QKeySequence(event.keyCombination())
        for action in self._window.findChildren(QAction):
            if action.isEnabled() and any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch
                                          for k in action.shortcuts()):
                return True
        return False

"""Window shortcuts fire while a spin box or text field has the focus.

On X11, Qt's line edits claim Ctrl+E (end of line) and other keys through the
ShortcutOverride event; the offscreen platform used by the tests binds fewer keys,
so ``ClaimingSpinBox`` claims them the way the X11 key bindings do.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDoubleSpinBox, QFileDialog

CLAIMED = (QKeySequence("Ctrl+E"), QKeySequence("Ctrl+1"))


class ClaimingSpinBox(QDoubleSpinBox):
    """A spin box whose editor claims the keys in ``CLAIMED``, as a QLineEdit does on X11."""

    def event(self, event):
        if event.type() == QEvent.Type.ShortcutOverride and QKeySequence(event.keyCombination()) in CLAIMED:
            event.accept()
            return True
        return super().event(event)


def _focused_claiming_spin_box(qtbot, window):
    window.show()
    spin = ClaimingSpinBox(window)     # a child of the window, on top of its other widgets
    spin.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    return spin


def _record_save_dialogs(monkeypatch) -> list:
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: asked.append(a) or ("", "")))
    return asked


def test_ctrl_e_exports_while_a_spin_box_has_the_focus(qtbot, studio_window, monkeypatch):
    asked = _record_save_dialogs(monkeypatch)
    window = studio_window()
    spin = _focused_claiming_spin_box(qtbot, window)
    qtbot.keyClick(spin, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert [a[1] for a in asked] == ["Export plots"], "Ctrl+E did not reach File > Export plots as PNG"


def test_view_shortcut_from_a_spin_box_and_typing_still_edits_it(qtbot, studio_window):
    window = studio_window()
    window.tabs.setCurrentWidget(window.views["filters"])
    spin = _focused_claiming_spin_box(qtbot, window)
    qtbot.keyClick(spin, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.views["plots"]
    spin.selectAll()
    qtbot.keyClicks(spin, "7")
    assert spin.lineEdit().text().startswith("7")


def test_a_disabled_action_leaves_the_key_to_the_field(qtbot, studio_window, monkeypatch):
    asked = _record_save_dialogs(monkeypatch)
    window = studio_window()
    window.actions_by_name["export_png"].setEnabled(False)
    spin = _focused_claiming_spin_box(qtbot, window)
    qtbot.keyClick(spin, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == []

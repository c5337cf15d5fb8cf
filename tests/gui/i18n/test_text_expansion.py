"""Text expansion: with every string doubled (the pseudo-translation), the panels of a 1280×800
window still show every label and button text in full: layouts must not depend on English widths."""
from __future__ import annotations

import re

import pytest

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QCheckBox, QComboBox, QLabel, QLineEdit, QSizePolicy, QSlider, QWidget,
)

from convnet_studio import paths
from convnet_studio.gui.i18n import translate


@pytest.fixture
def themed(qapp):
    """The window's own style and stylesheet (their paddings widen buttons), plain again afterwards."""
    style, sheet = qapp.style().name(), qapp.styleSheet()
    qapp.setStyle("Fusion")
    qapp.setStyleSheet((paths.RESOURCES / "style.qss").read_text(encoding="utf-8"))
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)


def _plain(label: QLabel) -> str:
    text = label.text()
    if "<" in text:
        doc = QTextDocument()
        doc.setHtml(text)
        text = doc.toPlainText()
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _truncated(widget: QWidget, panel: QWidget) -> str:
    """Why ``widget`` does not show its whole text inside ``panel`` ("" when it does)."""
    left = widget.mapTo(panel, QPoint(0, 0)).x()
    if left < 0 or left + widget.width() > panel.width() + 1:
        return f"sticks out of the panel ({left}+{widget.width()} > {panel.width()})"
    metrics = widget.fontMetrics()
    if isinstance(widget, QLabel):
        if widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored:
            return ""                                         # clipped on purpose (its tooltip has it all)
        room = widget.contentsRect().width()
        if widget.wordWrap():
            need = widget.heightForWidth(widget.width())
            return f"needs {need}px of height, has {widget.height()}" if need > widget.height() + 1 else ""
        need = max((metrics.horizontalAdvance(line) for line in _plain(widget).split("\n")), default=0)
        return f"needs {need}px, has {room}" if need > room + 1 else ""
    text = widget.text().replace("&", "")
    need = metrics.horizontalAdvance(text) + (widget.iconSize().width() + 4 if not widget.icon().isNull() else 0)
    if isinstance(widget, QCheckBox):
        need += 20
    return f"needs {need}px, has {widget.width()}" if need > widget.width() else ""


def _check(panel: QWidget) -> list[str]:
    found = []
    for widget in panel.findChildren(QWidget):
        if not widget.isVisibleTo(panel):
            continue
        if isinstance(widget, (QComboBox, QAbstractSpinBox, QSlider, QLineEdit)):
            left = widget.mapTo(panel, QPoint(0, 0)).x()
            if left < 0 or left + widget.width() > panel.width() + 1:
                found.append(f"{type(widget).__name__}: sticks out of the panel ({left}+{widget.width()} > "
                             f"{panel.width()})")
            continue
        if not isinstance(widget, (QLabel, QAbstractButton)) or not widget.text():
            continue
        why = _truncated(widget, panel)
        if why:
            found.append(f"{type(widget).__name__} {widget.text()[:50]!r}: {why}")
    return found


def test_pseudo_translation_doubles_every_string(pseudo):
    assert translate("RunPanel", "Train") == "TrainTrain"
    assert translate("x", "{n} files").format(n=3) == "3 files3 files"


def test_no_panel_truncates_a_doubled_text_at_1280x800(pseudo, themed, window, qtbot):
    assert window.run_panel.actions["train"].text() == "TrainTrain"
    problems = []
    for name in ("dataset", "model", "hparams", "run"):
        dock = window.docks[name]
        dock.raise_()
        qtbot.wait(50)
        panel = dock.widget()
        problems += [f"{name}: {p}" for p in _check(panel)]
        assert window.width() == 1280, f"with the {name} panel raised the window needs {window.width()}px"
    assert not problems, "\n".join(problems)


def test_the_pseudo_translated_window_fits_a_1280_pixel_screen(pseudo, themed, window, qtbot):
    """Doubled strings must not push the window's minimum width past a 1280×800 screen (the panels
    wrap their button rows and labels instead of growing)."""
    for name in ("dataset", "model", "hparams", "run"):
        window.docks[name].raise_()
        qtbot.wait(20)
        assert window.minimumSizeHint().width() <= 1280, f"{name}: {window.minimumSizeHint().width()}px"
    assert window.width() == 1280 and window.height() == 800


def test_no_view_truncates_a_doubled_text_at_1280x800(pseudo, themed, window, qtbot):
    problems = []
    for name, view in window.views.items():
        window.select_view(name)
        qtbot.wait(50)
        problems += [f"{name}: {p}" for p in _check(view)]
    assert not problems, "\n".join(problems)


def test_the_chinese_window_fits_a_1280_pixel_screen(chinese, window):
    assert window.width() == 1280 and window.minimumSizeHint().width() <= 1280

"""Push buttons that a layout may narrow to their text when the window is small."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QStyle, QStyleOptionButton

TEXT_PADDING = 14           # pixels beside the text, both sides together, at the narrowest


def shrinkable(*buttons: QAbstractButton) -> None:
    """Let layouts narrow ``buttons`` down to their text plus a little padding.

    Styles give every text button a minimum of about 80 pixels; a row of five such buttons
    then decides how narrow the whole window may get. The buttons keep their usual size
    whenever there is room for it.
    """
    for button in buttons:
        option = QStyleOptionButton()
        option.initFrom(button)
        margin = button.style().pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, option, button)
        text = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
        icon = button.iconSize().width() + 4 if not button.icon().isNull() else 0
        button.setMinimumWidth(min(button.sizeHint().width(), text + icon + max(TEXT_PADDING, margin)))

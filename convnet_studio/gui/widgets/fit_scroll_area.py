"""A scroll area that asks for its widget's whole height and scrolls only when the window lacks it.

A plain QScrollArea asks for almost no height, so a dock holding one may be squeezed until its
wrapped labels need scrolling even on a tall screen. This one's minimum height is the height its
widget needs at the width it has (wrapped text included), up to a share of the screen's height;
beyond that share it scrolls, so a long translation never pushes the window past the screen.

Its widget's layout is redone whenever a label in it changes its text (a run's progress line,
four times a second); the area tells its own parent only when the height it asks for changed,
so the window around it (a dock, the main window's layout) is not laid out again for nothing.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QScrollArea, QWidget


class FitScrollArea(QScrollArea):
    """``widget`` in a vertical scroll area whose minimum height fits all of it (up to ``max_share``
    of the screen's height)."""

    def __init__(self, widget: QWidget, max_share: float = 0.45, parent: QWidget | None = None):
        super().__init__(parent)
        self._max_share = max_share
        self.setWidget(widget)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._asked: QSize | None = None           # the minimum size hint the parent last heard of
        widget.installEventFilter(self)

    def needed_height(self) -> int:
        """The height the widget needs at the viewport's width (its wrapped labels in full)."""
        widget = self.widget()
        width = self.viewport().width() if self.viewport().width() > 0 else widget.sizeHint().width()
        need = widget.minimumSizeHint().height()
        if widget.hasHeightForWidth():
            need = max(need, widget.heightForWidth(width))
        return need

    def minimumSizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        hint = super().minimumSizeHint()
        need = self.needed_height() + 2 * self.frameWidth()
        screen = self.screen()
        if screen is not None:
            need = min(need, int(screen.availableGeometry().height() * self._max_share))
        return QSize(hint.width(), max(hint.height(), need))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.widget() and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            asked = self.minimumSizeHint()
            if asked != self._asked:
                self._asked = asked
                self.updateGeometry()
        return super().eventFilter(watched, event)

"""Coalesce a view's "something changed" marks into one redraw on a short single-shot timer."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget


class DeferredRedraw(QObject):
    """A view's pending-redraw flag and the timer that acts on it.

    ``mark()`` (connectable to any signal) asks for a redraw within ``interval_ms``; any
    number of marks before then give one redraw. With ``only_when_visible`` a hidden view
    stays pending until ``shown()`` (call it from ``showEvent``). ``flush()`` draws at once.
    """

    def __init__(self, view: QWidget, redraw: Callable[[], None], interval_ms: int,
                 only_when_visible: bool = True):
        super().__init__(view)
        self._view, self._redraw, self._only_visible = view, redraw, only_when_visible
        self.pending = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_timeout)

    def mark(self, *_args) -> None:
        """Something shown changed: redraw soon."""
        self.pending = True
        if not self.timer.isActive():
            self.timer.start()

    def shown(self) -> None:
        """The view became visible: draw what is pending."""
        if self.pending:
            self.timer.start()

    def flush(self) -> None:
        """Redraw now if anything is pending (even while hidden)."""
        self.timer.stop()
        if self.pending:
            self.draw()

    def draw(self) -> None:
        """Redraw now, whether or not anything is pending."""
        self.pending = False
        self._redraw()

    def _on_timeout(self) -> None:
        if self.pending and (not self._only_visible or self._view.isVisible()):
            self.draw()

"""Run one long redraw as a few parts, each in a later turn of the GUI event loop."""
from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import QObject, QTimer


class StagedRedraw(QObject):
    """Parts of a redraw run ``gap_ms`` apart, so no single part holds the GUI thread long.

    The GUI thread shares the GIL with training: one repaint of everything would stall the
    run and the window together. ``start(parts)`` replaces whatever had not run yet;
    ``flush()`` runs the rest at once. This is a sequence, not a rate limit, so it is not
    one of superqt's throttlers.
    """

    def __init__(self, parent: QObject, gap_ms: int):
        super().__init__(parent)
        self._parts: list[Callable[[], None]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(gap_ms)
        self._timer.timeout.connect(self._next)

    @property
    def active(self) -> bool:
        """True while parts are waiting to run."""
        return bool(self._parts)

    def start(self, parts: Iterable[Callable[[], None]]) -> None:
        """Run ``parts`` in order, the first ``gap_ms`` from now, instead of any still waiting."""
        self._parts = list(parts)
        if self._parts:
            self._timer.start()
        else:
            self._timer.stop()

    def flush(self) -> None:
        """Run every waiting part now."""
        self._timer.stop()
        while self._parts:
            self._parts.pop(0)()

    def cancel(self) -> None:
        """Forget the waiting parts."""
        self._timer.stop()
        self._parts.clear()

    def _next(self) -> None:
        if self._parts:
            self._parts.pop(0)()
        if self._parts:
            self._timer.start()

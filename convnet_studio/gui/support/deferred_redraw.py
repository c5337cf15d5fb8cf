"""Coalesce a view's "something changed" marks into few redraws, on superqt's signal throttlers."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from superqt.utils import QSignalThrottler

_TRAILING = QSignalThrottler.EmissionPolicy.Trailing
_LEADING = QSignalThrottler.EmissionPolicy.Leading


def _stop(throttler: QSignalThrottler) -> None:
    """Drop a throttler's pending emission and stop its timer (the next call starts afresh)."""
    throttler.cancel()
    throttler.flush(restart_timer=False)


class DeferredRedraw(QObject):
    """A view's pending-redraw flag and the throttles that act on it.

    ``mark()`` (connectable to any signal) asks for a redraw: the first comes ``interval_ms``
    after it, and any number of marks before then give one redraw. With ``min_gap_ms``
    redraws are also at least that far apart, however often marks come (a view fed by every
    training step). With ``only_when_visible`` a hidden view does no drawing and stays
    pending until ``shown()`` (call it from ``showEvent``). ``flush()`` draws at once.
    Callbacks run in the GUI thread, from the throttlers' timers.
    """

    def __init__(self, view: QWidget, redraw: Callable[[], None], interval_ms: int,
                 only_when_visible: bool = True, min_gap_ms: int = 0):
        super().__init__(view)
        self._view, self._redraw, self._only_visible = view, redraw, only_when_visible
        self.pending = False
        # Trailing: the first mark waits interval_ms, so a burst of marks (one event fanned out to
        # several signals) gives one redraw instead of one at its start and one at its end.
        self._coalesce = QSignalThrottler(_TRAILING, self)
        self._coalesce.setTimeout(interval_ms)
        self._coalesce.triggered.connect(self._on_coalesced)
        # Leading: a redraw after a quiet spell happens as soon as the burst is coalesced.
        self._spacing = QSignalThrottler(_LEADING, self)
        self._spacing.setTimeout(max(0, min_gap_ms))
        self._spacing.triggered.connect(self._on_due)

    def mark(self, *_args) -> None:
        """Something shown changed: redraw soon."""
        self.pending = True
        self._coalesce.throttle()

    def shown(self) -> None:
        """The view became visible: draw what is pending."""
        if self.pending:
            self._coalesce.throttle()

    def flush(self) -> None:
        """Redraw now if anything is pending (even while hidden)."""
        _stop(self._coalesce)
        self._spacing.cancel()
        if self.pending:
            self.draw()

    def draw(self) -> None:
        """Redraw now, whether or not anything is pending."""
        self.pending = False
        self._redraw()

    def _may_draw(self) -> bool:
        return self.pending and (not self._only_visible or self._view.isVisible())

    def _on_coalesced(self) -> None:
        if self._may_draw():
            if self._spacing.timeout() > 0:
                self._spacing.throttle()
            else:
                self.draw()

    def _on_due(self) -> None:
        if self._may_draw():
            self.draw()

"""Coalesce a view's "something changed" marks into few redraws, on superqt's signal throttlers."""
from __future__ import annotations

import time
from typing import Callable, Optional

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget
from superqt.utils import QSignalThrottler

from .redraw_budget import PaintMeter, RedrawBudget

#: a live redraw held back by the budget checks this often whether it still must wait
BUDGET_RECHECK_MS = 250

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
    ``mark_live()`` is for data a training run streams in: with a ``budget`` (see
    redraw_budget.py) such a redraw may wait longer, so that the view's redraws and the paints
    they cause (widgets that report to ``paint_meter``) leave the training thread its time; a
    ``mark()`` pending beside it (the user changed something) is drawn without that wait.
    Callbacks run in the GUI thread, from the throttlers' timers.
    """

    def __init__(self, view: QWidget, redraw: Callable[[], None], interval_ms: int,
                 only_when_visible: bool = True, min_gap_ms: int = 0, budget: Optional[RedrawBudget] = None):
        super().__init__(view)
        self._view, self._redraw, self._only_visible = view, redraw, only_when_visible
        self.pending = False
        self._only_live = False            # everything pending came from mark_live()
        self._budget = budget
        self.paint_meter = PaintMeter()
        self._last_began = self._redraw_cpu_s = self._paints_before = 0.0
        self._budget_wait = QTimer(self, singleShot=True)
        self._budget_wait.timeout.connect(self._on_due)
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
        self.pending, self._only_live = True, False
        self._coalesce.throttle()

    def mark_live(self, *_args) -> None:
        """A training run sent new data: redraw soon, within the budget."""
        if not self.pending:
            self._only_live = True
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
        self._budget_wait.stop()
        if self.pending:
            self.draw()

    def draw(self) -> None:
        """Redraw now, whether or not anything is pending."""
        self.pending = self._only_live = False
        if self._budget is None:
            self._redraw()
            return
        self._last_began, self._paints_before = self._budget.clock(), self.paint_meter.cpu_s
        cpu = time.thread_time()
        self._redraw()
        self._redraw_cpu_s = time.thread_time() - cpu
        if self._budget.active():
            self._budget.drew(self)

    def last_cost_s(self) -> float:
        """CPU seconds of the last redraw and of the paints since it began."""
        return self._redraw_cpu_s + self.paint_meter.cpu_s - self._paints_before

    def _may_draw(self) -> bool:
        return self.pending and (not self._only_visible or self._view.isVisible())

    def _on_coalesced(self) -> None:
        if self._may_draw():
            if self._spacing.timeout() > 0:
                self._spacing.throttle()
            else:
                self._on_due()

    def _on_due(self) -> None:
        if not self._may_draw():
            return
        if self._only_live and self._budget is not None:
            wait_s = self._budget.delay_s(self, self._last_began, self.last_cost_s())
            if wait_s > 0.0:     # looked at again at least every BUDGET_RECHECK_MS: the run may end
                self._budget_wait.start(max(1, min(round(wait_s * 1000), BUDGET_RECHECK_MS)))
                return
        self._budget_wait.stop()
        self.draw()

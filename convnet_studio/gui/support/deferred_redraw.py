"""Coalesce a view's "something changed" marks into few redraws, on one single-shot timer."""
from __future__ import annotations

import math
import time
from typing import Callable, Optional

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from .redraw_budget import PaintMeter, RedrawBudget


class DeferredRedraw(QObject):
    """A view's pending-redraw flag and the one timer that acts on it.

    ``mark()`` (connectable to any signal) asks for a redraw: the first comes ``interval_ms``
    after it, and any number of marks before then give one redraw. With ``min_gap_ms``
    redraws are also at least that far apart, however often marks come (a view fed by every
    training step). With ``only_when_visible`` a hidden view does no drawing and stays
    pending until ``shown()`` (call it from ``showEvent``). ``flush()`` draws at once.
    ``mark_live()`` is for data a training run streams in: with a ``budget`` (see
    redraw_budget.py) such a redraw may wait longer, so that the view's redraws and the paints
    they cause (widgets that report to ``paint_meter``) leave the training thread its time; a
    ``mark()`` pending beside it (the user changed something) is drawn without that wait, and
    the budget's ``release()`` (the run ended) ends the wait. Only a live redraw makes the next
    one wait (for the gap and the budget): after a redraw that was asked for (a run starting
    clears the view), a run's first data is drawn at once. Callbacks run in the GUI thread.

    One timer, started only when nothing is scheduled yet: a run streams marks ten or more
    times a second, and each timer event costs the GUI thread (and so the training thread,
    which waits for Python's GIL meanwhile) a call into Python.
    """

    def __init__(self, view: QWidget, redraw: Callable[[], None], interval_ms: int,
                 only_when_visible: bool = True, min_gap_ms: int = 0, budget: Optional[RedrawBudget] = None):
        super().__init__(view)
        self._view, self._redraw, self._only_visible = view, redraw, only_when_visible
        self._interval_ms, self._min_gap_s = max(0, interval_ms), max(0, min_gap_ms) / 1000.0
        self.pending = False
        self._only_live = False            # everything pending came from mark_live()
        self._holding = ""                 # what the timer waits out: "", "gap" or "budget"
        self._budget = budget
        self.paint_meter = PaintMeter()
        self._last_began = self._redraw_cpu_s = self._paints_before = 0.0
        self._last_was_live = False        # the last redraw drew only what a run sent (it counts against the budget)
        self._last_drawn = -math.inf       # perf_counter() when the last redraw began (for the gap)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._on_due)

    def mark(self, *_args) -> None:
        """Something shown changed: redraw soon."""
        self.pending, self._only_live = True, False
        if not self._timer.isActive() or self._holding == "budget":    # the user's change does not wait for it
            self._schedule_soon()

    def mark_live(self, *_args) -> None:
        """A training run sent new data: redraw soon, within the budget."""
        if not self.pending:
            self._only_live = True
        self.pending = True
        if not self._timer.isActive():
            self._schedule_soon()

    def shown(self) -> None:
        """The view became visible: draw what is pending."""
        if self.pending and not self._timer.isActive():
            self._schedule_soon()

    def flush(self) -> None:
        """Redraw now if anything is pending (even while hidden)."""
        self._timer.stop()
        self._holding = ""
        if self.pending:
            self.draw()

    def draw(self) -> None:
        """Redraw now, whether or not anything is pending."""
        self._last_was_live = self._only_live
        self.pending = self._only_live = False
        self._last_drawn = time.perf_counter()
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

    def _schedule(self, seconds: float, holding: str = "") -> None:
        self._holding = holding
        self._timer.start(max(0, math.ceil(seconds * 1000)))

    def _schedule_soon(self) -> None:
        """After ``interval_ms`` (marks meanwhile join this redraw), or when the gap allows."""
        gap_s, interval_s = self._gap_left_s(), self._interval_ms / 1000.0
        self._schedule(max(gap_s, interval_s), "gap" if gap_s > interval_s else "")

    def _gap_left_s(self) -> float:
        if self._only_live and not self._last_was_live:
            return 0.0                     # a run's first data after a redraw that was asked for
        return self._last_drawn + self._min_gap_s - time.perf_counter()

    def _released(self) -> None:
        if self._holding == "budget" and isValid(self._timer):     # not a view closed meanwhile
            self._timer.stop()
            self._on_due()

    def _on_due(self) -> None:
        self._holding = ""
        if not (self.pending and (not self._only_visible or self._view.isVisible())):
            return                                          # shown() or the next mark schedules again
        wait_s, holding = self._gap_left_s(), "gap"
        if self._only_live and self._last_was_live and self._budget is not None:
            budget_s = self._budget.delay_s(self, self._last_began, self.last_cost_s())
            if budget_s > 0.0 and budget_s >= wait_s:
                wait_s, holding = budget_s, "budget"
                self._budget.notify_on_release(self._released)
        if wait_s > 0.0:
            self._schedule(wait_s, holding)
            return
        self.draw()

"""RedrawBudget: while a run trains, the views' live redraws take at most a set share of the GUI thread.

The GUI thread and the training thread share Python's GIL: while the GUI thread runs Python
(a view's redraw, pyqtgraph's paint), the training thread waits at its next operation, so
the window slows training by about the time its GUI thread is busy, not by half of it as
two cores would suggest. (Measured on the seed net, 2 cores, three runs: a 10 % duty of
pure-Python work beside training cost it 9-10 % every time; the same duty of work that
releases the GIL cost 1 %, 0 % and 15 %, as noisy as the machine.)

So a view's redraw fed by the run (new metrics, a snapshot) waits until its last redraw's
cost (the CPU time of the redraw and of the paints it caused, see ``PaintMeter``) is at
most its part of ``share`` of the time since that redraw began: the views that drew
lately split the share evenly (the plots alone get all of it; plots, filters and feature
maps open at once a third each). However costly, a view still redraws every
``longest_wait_s``. On a fast machine the views redraw at their own throttles; on a slow
one they redraw less often instead of taking training time. What the user does (a slider,
a combo box) is never held back, and nothing is while no run trains: when the run ends,
``release()`` tells the views still waiting to draw now.
"""
from __future__ import annotations

import time
import weakref
from typing import Callable, Hashable

#: the share of the GUI thread the views' live redraws may take together while a run trains
TRAINING_SHARE = 0.02
#: a view fed by a run redraws at least this often, however costly its redraws are
LONGEST_WAIT_S = 2.0


class PaintMeter:
    """The CPU seconds that the paint events of the widgets it is attached to took, summed.

    A widget class reports to it by mixing in ``MeteredPaint`` (first among its bases)
    and setting ``widget.paint_meter = meter``.
    """

    def __init__(self):
        self.cpu_s = 0.0


class MeteredPaint:
    """Mixin for a QWidget whose ``paintEvent`` adds its CPU time to ``self.paint_meter`` (if set)."""

    paint_meter = None

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        meter = self.paint_meter
        if meter is None:
            super().paintEvent(event)
            return
        start = time.thread_time()
        try:
            super().paintEvent(event)
        finally:
            meter.cpu_s += time.thread_time() - start


class RedrawBudget:
    """Says how long a view's next live redraw should wait; ``active()`` tells whether the
    budget applies now (a run is training). One budget is shared by the views it paces
    (any hashable stands for a view). Call it on the GUI thread only."""

    def __init__(self, active: Callable[[], bool], share: float = TRAINING_SHARE,
                 longest_wait_s: float = LONGEST_WAIT_S, clock: Callable[[], float] = time.perf_counter):
        if not 0.0 < share <= 1.0:
            raise ValueError(f"share must be in (0, 1], not {share}")
        self.active, self.share, self.longest_wait_s, self.clock = active, share, longest_wait_s, clock
        self._drew: dict[Hashable, float] = {}       # view -> when it last drew
        self._on_release: dict[int, weakref.WeakMethod] = {}

    def notify_on_release(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (a bound method, held weakly) at the next ``release()``."""
        self._on_release[id(callback.__self__)] = weakref.WeakMethod(callback)

    def release(self) -> None:
        """The budget stops applying (the run ended): call the callbacks waiting for it."""
        waiting, self._on_release = self._on_release, {}
        for ref in waiting.values():
            callback = ref()
            if callback is not None:
                callback()

    def drew(self, view: Hashable) -> None:
        """``view`` has just drawn (it counts as drawing lately for ``longest_wait_s`` and a half)."""
        self._drew[view] = self.clock()

    def views_drawing(self, view: Hashable) -> int:
        """How many views share the budget now: ``view`` and those that drew lately."""
        since = self.clock() - 1.5 * self.longest_wait_s
        self._drew = {v: t for v, t in self._drew.items() if t >= since}
        return len(self._drew.keys() | {view})

    def delay_s(self, view: Hashable, last_began: float, last_cost_s: float) -> float:
        """Seconds to wait before a live redraw of ``view``, whose last redraw began at
        ``last_began`` (on ``clock``) and cost ``last_cost_s`` of CPU; 0 to draw now."""
        if not self.active():
            return 0.0
        share = self.share / self.views_drawing(view)
        wait = min(last_cost_s / share, self.longest_wait_s)
        return max(0.0, last_began + wait - self.clock())


_BUDGETS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def training_budget(state) -> RedrawBudget:
    """The budget shared by the views fed by ``state``'s runs: it applies while a run trains."""
    budget = _BUDGETS.get(state)
    if budget is None:
        state_ref = weakref.ref(state)
        budget = _BUDGETS[state] = RedrawBudget(
            active=lambda: bool(getattr(state_ref(), "is_running", False)))
        status_changed = getattr(state, "runStatusChanged", None)
        if status_changed is not None:
            status_changed.connect(lambda _status: None if budget.active() else budget.release())
    return budget

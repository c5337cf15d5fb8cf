"""Run Python's cyclic garbage collector only in the GUI thread, and keep it short.

Python collects cycles in whichever thread happens to allocate when a threshold is
crossed. If that is the compute thread and the garbage holds a Qt widget (a closed
dialog, a replaced view), the widget is destroyed outside the GUI thread: Qt forbids
it, and PySide can deadlock there (seen: the compute thread stuck in
``QObject::~QObject`` waiting for the GIL inside ``gc_collect_main``). So automatic
collection is switched off and a GUI-thread timer collects whenever the allocation
counts pass the usual thresholds.

A full collection walks every tracked object, ~380k once torch, Qt and pyqtgraph are
loaded: 300 ms with the window frozen. Two things keep that out of a session:
the objects alive when the event loop starts (modules, classes, the window) are moved
to the permanent generation (``gc.freeze``), again once the start-up's imports behind
the window are done (``freeze_now``: PyTorch alone leaves ~150k objects, and one
collection of the generation they reach took 100 ms, the training thread waiting on
the GIL all along), and, as CPython itself does, the oldest generation is only
collected once the objects that reached it since the last full collection number a
quarter of those that survived it. While a run trains (``set_training``) a full
collection, still 30-150 ms, waits for the run's end unless the oldest generation doubled:
it would freeze the live views and hold the GIL the training thread needs.
"""
from __future__ import annotations

import gc
import time
from typing import Optional

from PySide6.QtCore import QObject, QTimer

_guard: Optional["GuiThreadCollector"] = None
_FULL_COLLECTION_GROWTH = 0.25      # CPython's own rule (long_lived_pending > long_lived_total / 4)
_FULL_COLLECTION_GROWTH_TRAINING = 1.0


class GuiThreadCollector(QObject):
    """Disables automatic GC and collects from a timer in the thread it lives in (the GUI thread)."""

    def __init__(self, interval_ms: int = 500, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.longest_ms = 0.0            # the longest collection so far (for diagnostics)
        self._long_lived = 0             # objects in the oldest generation after the last full collection
        self._count2_checked = -1
        self.training = False            # a run trains: full collections wait (see set_training)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)
        QTimer.singleShot(0, self, self.freeze_startup_objects)

    def freeze_startup_objects(self) -> None:
        """Move every object alive now to the permanent generation: later collections skip them.

        Called once the event loop runs. Startup objects live as long as the app, so this only
        saves time; the few cycles among them that would have become garbage stay in memory.
        """
        gc.freeze()
        self._long_lived = len(gc.get_objects(2))

    def due_generation(self) -> Optional[int]:
        """The generation to collect now, following the thresholds and CPython's full-collection rule."""
        counts = gc.get_count()
        if counts[2] > self.thresholds[2] and counts[2] != self._count2_checked:
            self._count2_checked = counts[2]
            pending = len(gc.get_objects(2)) - self._long_lived
            growth = _FULL_COLLECTION_GROWTH_TRAINING if self.training else _FULL_COLLECTION_GROWTH
            if pending > self._long_lived * growth:
                return 2
        for generation in (1, 0):
            if counts[generation] > self.thresholds[generation]:
                return generation
        return None

    def set_training(self, training: bool) -> None:
        """A run trains (or no longer does): full collections wait for its end (or may run again)."""
        if self.training and not training:
            self._count2_checked = -1        # look again at the next check: one may be owed
        self.training = training

    def check(self) -> None:
        """Collect the generation that is due, if any."""
        generation = self.due_generation()
        if generation is None:
            return
        t0 = time.perf_counter()
        gc.collect(generation)
        self.longest_ms = max(self.longest_ms, (time.perf_counter() - t0) * 1000.0)
        if generation == 2:
            self._long_lived = len(gc.get_objects(2))
            self._count2_checked = -1


def freeze_now() -> None:
    """Move every object alive now to the permanent generation (call from the GUI thread once
    the start-up's imports are done); nothing happens unless the collector is installed."""
    if _guard is not None:
        _guard.freeze_startup_objects()


def set_training(training: bool) -> None:
    """Tell the collector whether a run trains now; nothing happens unless it is installed."""
    if _guard is not None:
        _guard.set_training(training)


def install(app) -> GuiThreadCollector:
    """Install the collector once per process, parented to ``app`` (call from the GUI thread)."""
    global _guard
    if _guard is None:
        _guard = GuiThreadCollector(parent=app)
    return _guard

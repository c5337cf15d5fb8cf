"""Run Python's cyclic garbage collector only in the GUI thread.

Python collects cycles in whichever thread happens to allocate when a threshold is
crossed. If that is the compute thread and the garbage holds a Qt widget (a closed
dialog, a replaced view), the widget is destroyed outside the GUI thread: Qt forbids
it, and PySide can deadlock there (seen: the compute thread stuck in
``QObject::~QObject`` waiting for the GIL inside ``gc_collect_main``). So automatic
collection is switched off and a GUI-thread timer collects whenever the allocation
counts pass the usual thresholds.
"""
from __future__ import annotations

import gc
from typing import Optional

from PySide6.QtCore import QObject, QTimer

_guard: Optional["GuiThreadCollector"] = None


class GuiThreadCollector(QObject):
    """Disables automatic GC and collects from a timer in the thread it lives in (the GUI thread)."""

    def __init__(self, interval_ms: int = 500, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)

    def check(self) -> None:
        """Collect the generations whose allocation counts passed their thresholds."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                break


def install(app) -> GuiThreadCollector:
    """Install the collector once per process, parented to ``app`` (call from the GUI thread)."""
    global _guard
    if _guard is None:
        _guard = GuiThreadCollector(parent=app)
    return _guard

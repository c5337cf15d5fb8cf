"""StallProbe: how late a 5 ms precise timer fires in the GUI thread (a stalled GUI fires late)."""
from __future__ import annotations

import time
from typing import Optional

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Slot


class StallProbe(QObject):
    """Records, for every tick of a ``Qt.PreciseTimer``, how much later than ``interval_ms`` it came."""

    def __init__(self, interval_ms: int = 5, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.interval_s = interval_ms / 1000.0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last: Optional[float] = None
        self._late_ms: list[float] = []

    def start(self) -> None:
        """Start measuring; a stall right after this call counts too (the first tick is late)."""
        self._last = time.perf_counter()
        self._late_ms = []
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def samples(self) -> np.ndarray:
        return np.asarray(self._late_ms, dtype=np.float64)

    @Slot()
    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self._late_ms.append(max(0.0, (now - self._last - self.interval_s) * 1000.0))
        self._last = now

    def samples_after(self, skip_s: float) -> np.ndarray:
        """The lateness samples of the ticks after the first ``skip_s`` seconds."""
        late = self.samples
        if skip_s > 0 and len(late):
            elapsed = np.cumsum(late / 1000.0 + self.interval_s)
            late = late[elapsed > skip_s]
        return late

    def summary(self, skip_s: float = 0.0) -> dict:
        """``{"stall_p50_ms", "stall_p99_ms", "stall_max_ms"}``, ignoring ticks in the first ``skip_s`` seconds."""
        return summarize_stalls(self.samples_after(skip_s))


def summarize_stalls(late_ms: np.ndarray) -> dict:
    """``{"stall_p50_ms", "stall_p99_ms", "stall_max_ms"}`` of lateness samples in milliseconds."""
    if not len(late_ms):
        return {"stall_p50_ms": 0.0, "stall_p99_ms": 0.0, "stall_max_ms": 0.0}
    return {"stall_p50_ms": round(float(np.percentile(late_ms, 50)), 2),
            "stall_p99_ms": round(float(np.percentile(late_ms, 99)), 2),
            "stall_max_ms": round(float(late_ms.max()), 2)}

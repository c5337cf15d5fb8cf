"""How long the app takes to launch, for ``benchmarks/bench_launch.py``.

With ``CONVNET_STUDIO_LAUNCH_TIMES`` set, ``gui.app.main`` attaches a ``LaunchTimer`` to the
window: it prints one JSON line when start-up is over, then closes the window. The value
of the variable is the launcher's ``time.time()`` when it started the process; any other
value ("1") measures from the process start the kernel recorded (Linux), or failing that
from the moment this module was imported.
"""
from __future__ import annotations

import json
import os
import sys
import time
from typing import Optional

from PySide6.QtCore import QObject, QTimer, Slot

from .stall_probe import StallProbe

ENV = "CONVNET_STUDIO_LAUNCH_TIMES"
_IMPORTED_AT = time.time()


def process_start_time() -> Optional[float]:
    """This process's start as a ``time.time()`` value, from /proc (Linux, 10 ms steps); None elsewhere."""
    try:
        with open("/proc/self/stat") as fh:
            started_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/stat") as fh:
            boot = next(int(line.split()[1]) for line in fh if line.startswith("btime "))
        return boot + started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def launch_origin(value: str) -> float:
    """The ``time.time()`` the launch is measured from: ``value`` if it is one, else the process start."""
    try:
        return float(value)
    except ValueError:
        started = process_start_time()
        return started if started is not None else _IMPORTED_AT


class LaunchTimer(QObject):
    """Records the seconds from ``origin`` to the window's first paint and to the end of its start-up.

    ``report`` holds ``first_paint_s``, ``ready_s`` (PyTorch and the dataset loaded: Train
    may be pressed), ``torch_at_first_paint`` (whether PyTorch had been imported by then)
    and ``stall_max_ms`` (the GUI thread's longest stall between the two, from a 5 ms timer).
    With ``close=True`` the report is printed as one JSON line and the window closed.
    """

    def __init__(self, window, origin: float, close: bool = True):
        super().__init__(window)
        self._window, self._origin, self._close = window, origin, close
        self._probe = StallProbe(5, self)
        self.report: dict = {}
        window.startup.firstPainted.connect(self._on_first_paint)
        window.startup.finished.connect(self._on_ready)

    def _elapsed(self) -> float:
        return round(time.time() - self._origin, 3)

    @Slot()
    def _on_first_paint(self) -> None:
        self.report["first_paint_s"] = self._elapsed()
        self.report["torch_at_first_paint"] = "torch" in sys.modules
        self._probe.start()

    @Slot()
    def _on_ready(self) -> None:
        self.report["ready_s"] = self._elapsed()
        self._probe.stop()
        self.report["stall_max_ms"] = self._probe.summary()["stall_max_ms"]
        if self._close:
            print(json.dumps(self.report), flush=True)
            self._window.interactive = False
            QTimer.singleShot(0, self._window.close)

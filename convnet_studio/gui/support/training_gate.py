"""TrainingGate: heavy work a user asked for runs only while no run is training.

A view calls ``ask()`` on a user action. The work starts at once when no run trains;
otherwise it waits, and starts when the run is paused or has ended. Work in progress
when training starts (or resumes) is stopped and waits the same way. Stopping is
cooperative: ``stop`` cancels the view's jobs, whose answers then say "Cancelled.".
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QObject, Signal

#: Run statuses in which the work would take the CPU from training ("stopping" ends soon).
TRAINING = ("starting", "running")
#: Run statuses in which the work may start.
FREE = ("idle", "paused")


class TrainingGate(QObject):
    """Starts ``start()`` when asked and free; calls ``stop()`` on work in progress (``busy()``) when training starts."""

    changed = Signal()       # waiting or not, or the run status changed: the view may say something else

    def __init__(self, state, start: Callable[[], object], busy: Callable[[], bool], stop: Callable[[], None],
                 parent: Optional[QObject] = None):
        super().__init__(parent)
        self._state, self._start, self._busy, self._stop = state, start, busy, stop
        self._wanted = False
        state.runStatusChanged.connect(self._on_run_status)

    @property
    def wanted(self) -> bool:
        """True while asked-for work has not been handed out (it waits for training to pause or end)."""
        return self._wanted

    def training(self) -> bool:
        """True from pressing Train until the run is paused or over."""
        return getattr(self._state, "run_status", "idle") not in FREE

    def waiting(self) -> bool:
        """True while asked-for work waits for the run."""
        return self._wanted and self.training()

    def ask(self) -> bool:
        """The user asked for the work: start it now if no run trains. True when it started now."""
        self._wanted = True
        return self._start_if_free()

    def drop(self) -> None:
        """Forget asked-for work that has not started (the user cancelled, or the model was replaced)."""
        if self._wanted:
            self._wanted = False
            self.changed.emit()

    def _start_if_free(self) -> bool:
        if not self._wanted or self.training():
            self.changed.emit()
            return False
        self._wanted = False
        started = bool(self._start())
        self.changed.emit()
        return started

    def _on_run_status(self, status: str) -> None:
        if status in TRAINING:
            if self._busy():
                self._wanted = True               # stopped now, started again once the run lets it
                self._stop()
            self.changed.emit()
        else:
            self._start_if_free()

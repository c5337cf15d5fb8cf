"""RunTelemetry: the live run as the GUI thread sees it, the base of ``StudioState``.

The training worker emits plain core events through one queued signal connected to
``dispatch_event``, which re-emits each as its typed signal, looked up in one table
(``EVENT_SIGNALS``), after recording what the state keeps of it: the run's status, its
start, latest metrics and epoch, its end, and the per-layer health history.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, Signal, Slot

from ..core import events
from ..core.util.text_enum import TextEnum
from .support.health_history import HealthHistory


class RunStatus(TextEnum):
    """Where the studio's run is: from pressing Train (``STARTING``) back to ``IDLE``."""
    IDLE = "idle"
    STARTING = "starting"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPING = "stopping"


RUN_STATUSES = tuple(RunStatus)


#: Each core event type -> (the signal it is re-emitted as, the method that records it in the
#: state first, or None). A new event type is one line here.
EVENT_SIGNALS = {
    events.RunStarted: ("runStarted", "_record_run_started"),
    events.BatchMetrics: ("batchMetrics", "_record_metrics"),
    events.EpochEnd: ("epochEnded", "_record_epoch"),
    events.HParamsChanged: ("hparamsChanged", None),
    events.Snapshot: ("snapshotReady", None),
    events.Paused: ("pausedAt", "_record_paused"),
    events.Resumed: ("resumedAt", "_record_resumed"),
    events.RunEnded: ("runEnded", "_record_run_end"),
    events.AnalysisResult: ("analysisResult", None),
    events.AnalysisProgress: ("analysisProgress", None),
    events.CommandRefused: ("commandRefused", None),
    events.HealthPoints: ("healthPoints", "_record_health"),
    events.RunNote: ("runNote", None),
    events.ThreadsChanged: ("threadsChanged", None),
}


class RunTelemetry(QObject):
    """Run status and the live run's events, as Qt signals; what the latest events said."""

    runStatusChanged = Signal(str)      # a RunStatus value
    runStarted = Signal(object)         # events.RunStarted
    batchMetrics = Signal(object)       # events.BatchMetrics
    epochEnded = Signal(object)         # events.EpochEnd
    hparamsChanged = Signal(object)     # events.HParamsChanged
    snapshotReady = Signal(object)      # events.Snapshot
    runEnded = Signal(object)           # events.RunEnded
    pausedAt = Signal(object)           # events.Paused (run_status covers most needs)
    resumedAt = Signal(object)          # events.Resumed
    analysisResult = Signal(object)     # events.AnalysisResult
    analysisProgress = Signal(object)   # events.AnalysisProgress
    commandRefused = Signal(object)     # events.CommandRefused: a live command with a bad value
    healthPoints = Signal(object)       # events.HealthPoints (kept in ``health_history``)
    runNote = Signal(object)            # events.RunNote: how a run was started, for the user
    threadsChanged = Signal(object)     # events.ThreadsChanged: the training thread's CPU thread count, and why
    runRestored = Signal(object)        # an OpenedRun: a run file was opened; plots and panels show it

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._run_status = RunStatus.IDLE
        self._run_info: Optional[events.RunStarted] = None
        self._last_metrics: Optional[events.BatchMetrics] = None
        self._last_epoch: Optional[events.EpochEnd] = None
        self._last_run_end: Optional[events.RunEnded] = None
        self._health = HealthHistory()
        self._restored = None
        self._routes = {cls: ((getattr(self, record),) if record else ()) + (getattr(self, signal).emit,)
                        for cls, (signal, record) in EVENT_SIGNALS.items()}

    @property
    def run_status(self) -> RunStatus:
        return self._run_status

    @property
    def run_info(self) -> Optional[events.RunStarted]:
        return self._run_info

    @property
    def last_metrics(self) -> Optional[events.BatchMetrics]:
        return self._last_metrics

    @property
    def last_epoch(self) -> Optional[events.EpochEnd]:
        return self._last_epoch

    @property
    def last_run_end(self) -> Optional[events.RunEnded]:
        return self._last_run_end

    @property
    def health_history(self) -> HealthHistory:
        """Per-layer health figures of the current run (``HealthTrace``), whatever view is shown."""
        return self._health

    @property
    def restored_run(self):
        """The ``OpenedRun`` shown since File > Open run, until the next run starts (else None)."""
        return self._restored

    @property
    def is_running(self) -> bool:
        """True from pressing Train until the run has ended."""
        return self._run_status != RunStatus.IDLE

    def set_run_status(self, status: str) -> None:
        """Move to ``status`` (a ``RunStatus`` or its value); ``ValueError`` for anything else."""
        try:
            status = RunStatus(status)
        except ValueError:
            raise ValueError(f"unknown run status {status!r}") from None
        if status != self._run_status:
            self._run_status = status
            self.runStatusChanged.emit(status)

    # ------------------------------------------------------------------ events from the worker
    @Slot(object)
    def dispatch_event(self, event) -> None:
        """Re-emit one core event (delivered by a queued connection) as its typed signal."""
        for handler in self._routes.get(type(event), ()):
            handler(event)

    def restore_run(self, opened) -> None:
        """Show a run opened from a file (an ``OpenedRun``): its curves, epochs and position."""
        self._restored = opened
        self._health.clear()
        self._last_epoch = None
        self.runRestored.emit(opened)
        for event in opened.epoch_events():
            self.dispatch_event(event)

    def _record_health(self, event: events.HealthPoints) -> None:
        self._health.add(event)

    def _record_run_started(self, event: events.RunStarted) -> None:
        if event.start_step > 0:
            self._health.truncate_after(event.start_step)
        else:
            self._health.clear()
        self._restored = None
        self._run_info = event
        self._last_metrics = None
        self._last_epoch = None
        if self._run_status != RunStatus.STOPPING:
            self.set_run_status(RunStatus.RUNNING)

    def _record_metrics(self, event: events.BatchMetrics) -> None:
        self._last_metrics = event

    def _record_epoch(self, event: events.EpochEnd) -> None:
        self._last_epoch = event

    def _record_paused(self, _event: events.Paused) -> None:
        if self._run_status != RunStatus.STOPPING:
            self.set_run_status(RunStatus.PAUSED)

    def _record_resumed(self, _event: events.Resumed) -> None:
        if self._run_status != RunStatus.STOPPING:
            self.set_run_status(RunStatus.RUNNING)

    def _record_run_end(self, event: events.RunEnded) -> None:
        self._last_run_end = event
        self.set_run_status(RunStatus.IDLE)

"""JobRequester: how a view asks for one kind of analysis job and hears back, calmly.

A view makes jobs (``core.analysis_jobs``) and hands them to ``StudioState.request_analysis``;
the worker runs them off the GUI thread. The requester keeps at most one job of its kind
outstanding for periodic refreshes (an epoch end while one is computing asks again once
it is done), spaces refreshes by ``min_interval_ms``, and passes on only the answer to its
newest job. ``request(now=True)`` is for user actions: it replaces whatever is running.
"""
from __future__ import annotations

import time
from typing import Callable, Optional

from PySide6.QtCore import QObject, QTimer, Signal


class JobRequester(QObject):
    """Submits jobs of one ``kind`` built by ``make_job()`` (None: nothing to ask now)."""

    result = Signal(object)      # events.AnalysisResult of the newest job
    progress = Signal(object)    # events.AnalysisProgress of the newest job
    busyChanged = Signal(bool)

    def __init__(self, state, kind: str, make_job: Callable[[], Optional[object]], min_interval_ms: int = 0,
                 parent: Optional[QObject] = None):
        super().__init__(parent)
        self._state = state
        self.kind = kind
        self._make_job = make_job
        self._min_interval_s = min_interval_ms / 1000.0
        self._last_id = 0
        self._busy = False
        self._again = False
        self._last_submit = -1e9
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.request())
        state.analysisResult.connect(self._on_result)
        state.analysisProgress.connect(self._on_progress)

    @property
    def busy(self) -> bool:
        """True while the newest job has not answered."""
        return self._busy

    @property
    def settled(self) -> bool:
        """True when no answer is awaited and no refresh is scheduled."""
        return not (self._busy or self._again or self._timer.isActive())

    @property
    def last_job_id(self) -> int:
        return self._last_id

    def request(self, now: bool = False) -> bool:
        """Ask for a fresh answer. ``now``: submit at once, superseding a running job; otherwise wait
        for the running one and for ``min_interval_ms`` since the last submission."""
        if not now:
            if self._busy:
                self._again = True
                return False
            wait = self._last_submit + self._min_interval_s - time.monotonic()
            if wait > 0:
                if not self._timer.isActive():
                    self._timer.start(int(wait * 1000) + 1)
                return False
        self._timer.stop()
        self._again = False
        job = self._make_job()
        if job is None:
            self._set_busy(False)
            return False
        self._last_id = job.job_id
        self._last_submit = time.monotonic()
        self._set_busy(True)
        self._state.request_analysis(job)
        return True

    def cancel(self) -> None:
        """Stop the running job (its answer is "Cancelled.")."""
        self._again = False
        self._timer.stop()
        if self._busy:
            self._state.cancel_analysis(self.kind)

    def forget(self) -> None:
        """Ignore the answer of the job in flight (e.g. the model it looks at is gone)."""
        self._timer.stop()
        self._again = False
        self._last_id = -1
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    def _on_result(self, event) -> None:
        if event.kind != self.kind or event.job_id != self._last_id:
            return
        self._set_busy(False)
        self.result.emit(event)
        if self._again:
            self.request()

    def _on_progress(self, event) -> None:
        if event.kind == self.kind and event.job_id == self._last_id:
            self.progress.emit(event)

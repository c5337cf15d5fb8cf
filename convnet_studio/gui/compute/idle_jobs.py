"""IdleJobRunner: runs analysis jobs in the compute thread while no run is live.

While a run is live, jobs go to the queue the worker shares with the run's ``JobRunner``
hook and run between its steps. Without a run, ``run_slice`` runs them here, one time
slice per turn of the thread's event loop (it queues itself again), on the last trained
model or a freshly initialised one, as idle snapshots do.
"""
from __future__ import annotations

import threading
from typing import Callable, Optional

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from ...core.errors import one_sentence
from ...core.jobs.queue import AnalysisJob, JobContext, JobQueue
from ...core.util.threads import release_openmp_pool
from .requests import JobTarget, SnapshotRequest

#: Seconds of analysis work per turn of the worker's event loop when no run is live.
IDLE_SLICE_S = 0.05
#: Pause between two idle slices. The worker holds no GIL then, so the GUI thread surely gets it:
#: a thread that keeps releasing and re-taking the GIL (many small torch ops) can starve another.
IDLE_GAP_MS = 5

#: ``model_for(request) -> (model, step, epoch)``: the model an idle look uses (the worker's).
ModelFor = Callable[[SnapshotRequest], tuple]


class IdleJobRunner(QObject):
    """The idle half of the analysis jobs; lives in the compute thread (a child of the worker).

    ``submit``, ``cancel``, ``set_live``, ``post`` and ``close`` may be called from any
    thread; slices run in the thread this object lives in. Results leave through ``emit``.
    """

    _posted = Signal()

    def __init__(self, jobs: JobQueue, model_for: ModelFor, emit: Callable[[object], None],
                 parent: Optional[QObject] = None):
        super().__init__(parent)
        self.jobs = jobs
        self._model_for = model_for
        self._emit = emit
        self._lock = threading.Lock()
        self._target: Optional[JobTarget] = None
        self._live = False              # a run is live: its JobRunner hook runs the queue
        self._closing = False
        self._slice_posted = False
        self._ctx: Optional[JobContext] = None    # compute thread only
        self._posted.connect(self._run_slice_slot, Qt.ConnectionType.QueuedConnection)

    # ------------------------------------------------------------ any thread
    def submit(self, job: AnalysisJob, target: Optional[JobTarget]) -> None:
        """Queue ``job``; without a live run it runs on ``target``'s model (the newest target wins)."""
        with self._lock:
            if self._closing:
                return
            if target is not None:
                self._target = target
            self.jobs.submit(job)
        self.post()

    def cancel(self, kind: str) -> None:
        """Stop the job of ``kind`` (its result says "Cancelled.")."""
        self.jobs.cancel(kind)
        self.post()

    def set_live(self, live: bool) -> None:
        """A run is live (its hook runs the jobs) or no longer; posts a slice for work left over."""
        with self._lock:
            self._live = live
        if not live and self.jobs.has_work():
            self.post()

    def close(self) -> None:
        """Drop every job and run no more slices: the thread is about to be joined."""
        with self._lock:
            self._closing = True
        self.jobs.clear()

    def post(self) -> None:
        """Queue one idle slice in the compute thread, unless a run is live or one is queued."""
        with self._lock:
            post = not (self._live or self._slice_posted or self._closing)
            self._slice_posted = self._slice_posted or post
        if post:
            self._posted.emit()

    # ------------------------------------------------------------ compute thread
    def forget_model(self) -> None:
        """The idle model changed (e.g. File > New): build the next job context afresh."""
        self._ctx = None

    @Slot()
    def _run_slice_slot(self) -> None:
        self.run_slice()

    def run_slice(self) -> None:
        """One slice of the queued jobs on the idle model; queued again while work remains,
        so snapshots, saving or a new run interleave with a long job."""
        with self._lock:
            self._slice_posted = False
            target, busy = self._target, self._live or self._closing
        if busy or target is None or not self.jobs.has_work():
            return
        try:
            ctx = self._context(target)
        except Exception as exc:  # noqa: BLE001 - e.g. a net that cannot be built
            for ev in self.jobs.fail_all(0, one_sentence(exc)):
                self._emit(ev)
            return
        for ev in self.jobs.run_slice(ctx, IDLE_SLICE_S):
            self._emit(ev)
        if not self.jobs.has_work():
            release_openmp_pool()          # idle again: hold no pool (see TrainingWorker.start_run)
            return
        with self._lock:
            if self._closing or self._slice_posted:
                return
            self._slice_posted = True
        QTimer.singleShot(IDLE_GAP_MS, self._run_slice_slot)

    def _context(self, target: JobTarget) -> JobContext:
        """The job context for ``target``: the same object while the model and dataset stay the same."""
        model, step, epoch = self._model_for(target.snapshot_request())
        ds, ctx = target.dataset, self._ctx
        if target.model is not None:       # an opened model sees the dataset fitted to its input
            if ctx is not None and ctx.model is model and getattr(ctx.dataset, "source", None) is ds:
                ds = ctx.dataset
            else:
                from ...core.inspect.fit_input import FittedDataset
                meta = target.meta
                ds = FittedDataset(ds, meta.input_shape, meta.mean, meta.std)
        if ctx is None or ctx.model is not model or ctx.dataset is not ds or ctx.spec != target.spec:
            device = next((p.device for p in model.parameters()), None)
            ctx = self._ctx = JobContext(model, target.spec, ds, device, step, epoch, live=False)
        ctx.step, ctx.epoch = step, epoch
        return ctx

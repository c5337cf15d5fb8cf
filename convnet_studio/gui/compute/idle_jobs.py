"""The analysis-job half of the TrainingWorker: submit, cancel, lesions, and the idle runner.

While a run is live, jobs go to the trainer's queue (shared with the worker) and run
between its steps. Without a run, ``run_idle_jobs`` runs them here, in the compute
thread, one time slice per turn of the thread's event loop (it queues itself again),
on the last trained model or a freshly initialised one, as idle snapshots do.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from PySide6.QtCore import QTimer

from ...core.jobs.queue import AnalysisJob, JobContext
from ...core.util.threads import release_openmp_pool


@dataclass(frozen=True)
class JobTarget:
    """The model an analysis job looks at when no run is live (as for an idle snapshot)."""
    spec: Any
    dataset: Any                # InMemoryDataset
    seed: int


#: Seconds of analysis work per turn of the worker's event loop when no run is live.
IDLE_SLICE_S = 0.05
#: Pause between two idle slices. The worker holds no GIL then, so the GUI thread surely gets it:
#: a thread that keeps releasing and re-taking the GIL (many small torch ops) can starve another.
IDLE_GAP_MS = 5


class JobsMixin:
    """Mixed into ``TrainingWorker``, which owns ``_lock``, ``_jobs``, ``_trainer``, ``_closing``,
    ``_job_target``, ``_idle_posted``, ``_lesions``, ``_idle_ctx``, ``_idleJobsPosted``, ``event``,
    ``_run_idle_jobs_slot`` and ``_model_for``."""

    def submit_job(self, job: AnalysisJob, target: Optional[JobTarget]) -> None:
        """Run ``job`` between the live run's steps, or else on ``target``'s model in this thread.

        Only the newest job of each kind runs; results leave through ``event``.
        """
        with self._lock:
            if self._closing:
                return
            if target is not None:
                self._job_target = target
            self._jobs.submit(job)
        self._post_idle_jobs()

    def cancel_job(self, kind: str) -> None:
        """Stop the job of ``kind`` (its result says "Cancelled.")."""
        self._jobs.cancel(kind)
        self._post_idle_jobs()

    def set_lesions(self, lesions: dict) -> None:
        """Switch ``{layer: channels}`` off in snapshots (live and idle); the weights stay as trained."""
        with self._lock:
            self._lesions = {int(k): tuple(v) for k, v in lesions.items()}
            if self._trainer is not None:
                self._trainer.set_lesions(self._lesions)

    def _post_idle_jobs(self) -> None:
        with self._lock:
            post = self._trainer is None and not self._idle_posted and not self._closing
            self._idle_posted = self._idle_posted or post
        if post:
            self._idleJobsPosted.emit()

    def run_idle_jobs(self) -> None:
        """One slice of the queued analysis jobs on the idle model; queued again while work remains,
        so snapshots, saving or a new run interleave with a long job."""
        with self._lock:
            self._idle_posted = False
            target, busy = self._job_target, self._trainer is not None or self._closing
        if busy or target is None or not self._jobs.has_work():
            return
        try:
            ctx = self._idle_context(target)
        except Exception as exc:  # noqa: BLE001 - e.g. a net that cannot be built
            text = str(exc).strip() or type(exc).__name__
            for ev in self._jobs.fail_all(0, text if text.endswith(".") else text + "."):
                self.event.emit(ev)
            return
        for ev in self._jobs.run_slice(ctx, IDLE_SLICE_S):
            self.event.emit(ev)
        if not self._jobs.has_work():
            release_openmp_pool()          # idle again: hold no pool (see TrainingWorker.start_run)
            return
        with self._lock:
            if self._closing or self._idle_posted:
                return
            self._idle_posted = True
        QTimer.singleShot(IDLE_GAP_MS, self._run_idle_jobs_slot)

    def _idle_context(self, target: JobTarget) -> JobContext:
        """The job context for ``target``: the same object while the model and dataset stay the same."""
        from .worker import SnapshotRequest
        ds = target.dataset
        model, step, epoch = self._model_for(SnapshotRequest(
            target.spec, tuple(ds.input_shape), int(ds.num_classes), tuple(ds.mean), tuple(ds.std),
            int(target.seed), None, None))
        ctx = self._idle_ctx
        if ctx is None or ctx.model is not model or ctx.dataset is not ds or ctx.spec != target.spec:
            device = next((p.device for p in model.parameters()), None)
            ctx = self._idle_ctx = JobContext(model, target.spec, ds, device, step, epoch, live=False)
        ctx.step, ctx.epoch = step, epoch
        return ctx

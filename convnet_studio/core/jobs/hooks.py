"""The trainer hooks that look inside a live run: snapshots and the analysis-job runner.

Give them to ``Trainer(..., hooks=[LiveSnapshots(), JobRunner(queue)])``; both read the
run's ``Commands`` (snapshot requests, lesions) and never change what the run learns.
"""
from __future__ import annotations

import time
from typing import Optional

from ..train.commands import ProbeRequest
from ..train.hooks import TrainerHooks
from .analysis import lesioned_snapshot
from .queue import JobContext, JobQueue

#: Seconds between two snapshots of a live run once one was asked for.
SNAPSHOT_PERIOD_S = 0.75
#: Paused with analysis work: a GIL-free pause between slices lets the GUI run.
JOB_GAP_S = 0.005


class LiveSnapshots(TrainerHooks):
    """Snapshots of the training model: when asked (``Commands.request_snapshot``), then with
    the same image every ``period_s`` and at every epoch end; ``Commands.lesions`` applied."""

    def __init__(self, period_s: float = SNAPSHOT_PERIOD_S):
        self.period_s = period_s
        self._request: Optional[ProbeRequest] = None
        self._next = 0.0

    def on_run_start(self, trainer):
        return self._requested(trainer)

    def on_step_end(self, trainer):
        if trainer.commands.snapshot_pending:
            return self._requested(trainer)
        if self._request is not None and time.perf_counter() >= self._next:
            return (self._take(trainer),)
        return None

    def on_epoch_end(self, trainer):
        if trainer.commands.snapshot_pending:
            return self._requested(trainer)
        return (self._take(trainer),) if self._request is not None else None

    def on_paused(self, trainer):
        self._next = time.perf_counter() + self.period_s     # the period starts again after a pause
        return self._requested(trainer) if trainer.commands.snapshot_pending else None

    def _requested(self, trainer):
        request = trainer.commands.take_snapshot()
        if request is None:
            return None
        self._request = request
        return (self._take(trainer),)

    def _take(self, trainer):
        self._next = time.perf_counter() + self.period_s
        request, ds = self._request, trainer.dataset
        return lesioned_snapshot(trainer.model, trainer.spec, request.image, ds.mean, ds.std, trainer.step,
                                 trainer.epoch_no, request.key, trainer.commands.lesions, request.transform)


class JobRunner(TrainerHooks):
    """Runs ``queue``'s analysis jobs on the training model: between steps for a share of the
    time (``JobQueue.due``), and while the run is paused. Submissions wake a paused run."""

    def __init__(self, queue: JobQueue):
        self.queue = queue
        self._ctx: Optional[JobContext] = None

    def on_run_start(self, trainer):
        self._ctx = JobContext(trainer.model, trainer.spec, trainer.dataset, trainer.device,
                               trainer.step, trainer.epoch, live=True)
        self.queue.set_waker(trainer.commands.wake_up)
        return self.on_step_end(trainer)

    def on_step_end(self, trainer):
        if self.queue.pending and self.queue.due():
            return self._slice(trainer)
        return None

    def on_paused(self, trainer):
        return self._slice(trainer)

    def paused_wait_s(self, trainer) -> Optional[float]:
        return JOB_GAP_S if self.queue.has_work(trainer.step) else None

    def on_run_end(self, trainer, ended):
        self.queue.set_waker(None)

    def _slice(self, trainer) -> list:
        ctx = self._ctx
        ctx.step, ctx.epoch = trainer.step, trainer.epoch
        return self.queue.run_slice(ctx)

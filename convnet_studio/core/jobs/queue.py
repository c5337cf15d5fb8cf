"""Analysis jobs: looks inside a model that run on the thread that owns it, between training steps.

A job is a plain callable ``fn(ctx) -> payload`` (``ctx`` a ``JobContext``: the model,
spec, dataset, device, step) with a ``kind`` and an id. A long job is a *generator*
function instead: it yields ``(done, total)`` after each small piece of work (or
``NEXT_STEP`` to wait until the model has taken another training step) and returns its
payload; the runner advances it only while a time budget lasts, so training goes on
between slices. Payloads must be plain data (numpy arrays, numbers, frozen dataclasses).

``JobQueue`` is filled from any thread (``submit``, ``cancel``) and run by the thread
that owns the model (``run_slice``): the trainer between steps (and while paused), or
the GUI's worker when no run is live. Only the newest job of each kind is kept: a new
submission replaces a queued one and stops a running one of the same kind.
"""
from __future__ import annotations

import copy
import inspect
import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from ..errors import one_sentence
from ..events import AnalysisProgress, AnalysisResult

#: Yielded by a generator job: continue only once the model has taken another training step.
NEXT_STEP = object()
#: Share of the wall time long jobs may take from a live run (slice time / (slice + gap)).
LIVE_SHARE = 0.5
LIVE_BUDGET_S = 0.03
_ids = itertools.count(1)


@dataclass
class JobContext:
    """What a job may look at. Lives on the model's thread only (never crosses threads).

    ``live``: a run trains ``model`` between slices, so a generator job that needs a fixed
    model must work on ``private_model()``. ``step``/``epoch`` are kept current by the runner.
    """
    model: Any                       # torch.nn.Sequential
    spec: Any
    dataset: Any
    device: Any                      # torch.device
    step: int = 0
    epoch: int = 0
    live: bool = False

    @property
    def mean(self) -> tuple:
        return tuple(self.dataset.mean)

    @property
    def std(self) -> tuple:
        return tuple(self.dataset.std)

    def private_model(self):
        """A copy of the model (same device) that nothing else touches; weights without grads."""
        return copy.deepcopy(self.model)


@dataclass(frozen=True)
class AnalysisJob:
    """``fn(ctx)`` returns a payload, or is a generator function (see the module doc)."""
    kind: str
    fn: Callable[[JobContext], Any]
    job_id: int = field(default_factory=lambda: next(_ids))


class _Active:
    def __init__(self, job: AnalysisJob, gen, ctx: JobContext):
        self.job, self.gen, self.ctx = job, gen, ctx
        self.wait_step: Optional[int] = None
        self.progress: Optional[tuple] = None


class JobQueue:
    """Jobs from any thread, run by one thread in time-limited slices (see the module doc).

    ``pending`` is a plain bool hint the training loop reads each step without locking: True
    while any job is queued or running (including one waiting for the next step).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inbox: dict[str, AnalysisJob] = {}
        self._cancels: set[str] = set()
        self._active: dict[str, _Active] = {}     # runner thread only
        self._waker: Optional[Callable[[], None]] = None
        self._next_slice = 0.0
        self._drop_all = False
        self.pending = False

    # ------------------------------------------------------------ any thread
    def submit(self, job: AnalysisJob) -> None:
        """Queue ``job``; it replaces any queued or running job of the same kind."""
        with self._lock:
            self._inbox[job.kind] = job
            self._cancels.discard(job.kind)
            self.pending = True
            waker = self._waker
        if waker is not None:
            waker()

    def cancel(self, kind: str) -> None:
        """Drop the queued job of ``kind`` and stop the running one (it reports "Cancelled.")."""
        with self._lock:
            self._inbox.pop(kind, None)
            self._cancels.add(kind)
            self.pending = True
            waker = self._waker
        if waker is not None:
            waker()

    def set_waker(self, waker: Optional[Callable[[], None]]) -> None:
        """Call ``waker()`` on every submission (e.g. to wake a paused training loop)."""
        with self._lock:
            self._waker = waker

    def clear(self) -> None:
        """Forget every queued job; running ones are dropped, unreported, at the next slice."""
        with self._lock:
            self._inbox.clear()
            self._cancels.clear()
            self._drop_all = True
            self.pending = True

    # ------------------------------------------------------------ runner thread
    def has_work(self, step: Optional[int] = None) -> bool:
        """True when a slice would do something (jobs waiting for a later step count only if
        ``step`` moved past the step they wait for)."""
        with self._lock:
            if self._inbox or self._cancels or self._drop_all:
                return True
        return any(a.wait_step is None or (step is not None and step > a.wait_step)
                   for a in self._active.values())

    def due(self) -> bool:
        """In a live run: has the run had its share of time since the last slice?"""
        return time.perf_counter() >= self._next_slice

    def run_slice(self, ctx: JobContext, budget_s: float = LIVE_BUDGET_S) -> list:
        """Start new jobs and advance running ones until ``budget_s`` is spent (each running job
        gets at least one piece of work). Returns the ``AnalysisResult``/``AnalysisProgress``
        events produced. A running job started on another context is restarted on ``ctx``."""
        t0 = time.perf_counter()
        out: list = []
        with self._lock:
            new, self._inbox = self._inbox, {}
            cancels, self._cancels = self._cancels, set()
            drop_all, self._drop_all = self._drop_all, False
        if drop_all:
            for active in self._active.values():
                active.gen.close()
            self._active.clear()
        for kind in cancels:
            active = self._active.pop(kind, None)
            if active is not None:
                active.gen.close()
                out.append(AnalysisResult(active.job.job_id, kind, ctx.step, None, "Cancelled."))
        for kind, active in list(self._active.items()):
            if active.ctx is not ctx and kind not in new:
                new[kind] = active.job            # the model changed under it: start again
        for kind, job in new.items():
            old = self._active.pop(kind, None)
            if old is not None:
                old.gen.close()
            self._start(job, ctx, out)
        deadline = t0 + budget_s
        first = True
        while self._active:
            advanced = False
            for kind, active in list(self._active.items()):
                if active.wait_step is not None:
                    if ctx.step <= active.wait_step:
                        continue
                    active.wait_step = None
                if not first and time.perf_counter() >= deadline:
                    break
                self._advance(kind, active, ctx, out)
                advanced = True
            first = False
            if not advanced or time.perf_counter() >= deadline:
                break
        for active in self._active.values():
            if active.progress is not None:
                done, total = active.progress
                out.append(AnalysisProgress(active.job.job_id, done, total, active.job.kind))
                active.progress = None
        now = time.perf_counter()
        self._next_slice = now + (now - t0) * (1.0 - LIVE_SHARE) / LIVE_SHARE
        with self._lock:
            self.pending = bool(self._inbox or self._cancels or self._active)
        return out

    def fail_all(self, step: int, error: str) -> list:
        """Drop every queued and running job, each reported as an ``AnalysisResult`` with ``error``."""
        with self._lock:
            jobs, self._inbox, self._cancels = list(self._inbox.values()), {}, set()
            self.pending = False
        for active in self._active.values():
            active.gen.close()
            jobs.append(active.job)
        self._active.clear()
        return [AnalysisResult(job.job_id, job.kind, step, None, error) for job in jobs]

    def _start(self, job: AnalysisJob, ctx: JobContext, out: list) -> None:
        try:
            result = job.fn(ctx)
        except Exception as exc:  # noqa: BLE001 - a failed look inside must never stop training
            out.append(AnalysisResult(job.job_id, job.kind, ctx.step, None, one_sentence(exc)))
            return
        if inspect.isgenerator(result):
            self._active[job.kind] = _Active(job, result, ctx)
        else:
            out.append(AnalysisResult(job.job_id, job.kind, ctx.step, result, ""))

    def _advance(self, kind: str, active: _Active, ctx: JobContext, out: list) -> None:
        try:
            item = next(active.gen)
        except StopIteration as stop:
            del self._active[kind]
            out.append(AnalysisResult(active.job.job_id, kind, ctx.step, stop.value, ""))
            return
        except Exception as exc:  # noqa: BLE001
            del self._active[kind]
            out.append(AnalysisResult(active.job.job_id, kind, ctx.step, None, one_sentence(exc)))
            return
        if item is NEXT_STEP:
            active.wait_step = ctx.step
        elif isinstance(item, tuple) and len(item) == 2:
            active.progress = (int(item[0]), int(item[1]))

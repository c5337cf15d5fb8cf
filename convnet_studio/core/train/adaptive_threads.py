"""``ThreadCountHook``: sets the training thread's intra-op thread count, fixed or measured.

``TrainConfig.threads`` 0 means adaptive: a ``ThreadTuner`` watches the step rate and the
hook applies its choices with ``torch.set_num_threads`` on the training thread (with
OpenMP, the count belongs to the thread that sets it). A positive value pins the count.
Either way the count the thread had before is restored when the run ends, and a
``ThreadsChanged`` event says which count is used and why whenever the choice changes.
The tuner measures the steps alone: the time the other hooks take after a step (snapshots,
time-lapse frames, analysis jobs: irregular, and dense at a run's start) is left out, through
``ThreadCountHook.after_hooks``, which the trainer calls last.
Only CPU runs are tuned: on a GPU the CPU threads only launch kernels. What a run settled
on is kept (``ThreadChoices``, for this process) for the next run of the same network and
batch size, which starts there instead of measuring from scratch: "Train again", a
lesson's series of runs and a sweep pay the first round once.

A kernel splits its sums by thread, so a run repeats bit for bit only at a fixed count
(the differences are rounding, ~1e-9 per step, but they grow): pin ``threads`` where a
run must be reproduced exactly, e.g. to compare a resumed run with an uninterrupted one.
"""
from __future__ import annotations

import time
from typing import Hashable, Optional

import torch

from .. import events as ev
from .hooks import TrainerHooks
from .thread_tuner import Remembered, ThreadTuner
from ..messages import Message


class ThreadChoices:
    """What the last run of each kind found: its thread count, rate and the hold still owed."""

    def __init__(self):
        self._choices: dict[Hashable, Remembered] = {}

    def recall(self, kind: Hashable) -> Optional[Remembered]:
        """What the last run of ``kind`` found, or None."""
        return self._choices.get(kind)

    def remember(self, kind: Hashable, found: Remembered) -> None:
        """Keep ``found`` for the next run of ``kind``."""
        self._choices[kind] = found

    def clear(self) -> None:
        """Forget every choice: the next run of each kind measures afresh."""
        self._choices.clear()


#: the choices of this process's runs
REMEMBERED = ThreadChoices()


def run_kind(trainer, max_threads: int) -> Hashable:
    """What makes two runs' step rates comparable: the network, the batch and the cores."""
    return repr(trainer.model), trainer.config.batch_size, str(trainer.precision), max_threads


class ThreadCountHook(TrainerHooks):
    """Applies ``config.threads`` (0: adaptive) to the training thread for one run."""

    def __init__(self, clock=time.perf_counter, choices: ThreadChoices = REMEMBERED):
        self._clock = clock
        self._choices = choices
        self._kind: Hashable = None
        self._saved: Optional[int] = None
        self.tuner: Optional[ThreadTuner] = None
        self._announced = 0
        self._images = 0
        self._stepped_at = 0.0
        self.after_hooks = _AfterHooks(self)

    def on_run_start(self, trainer):
        if trainer.device is None or trainer.device.type != "cpu":
            return None
        self._saved = torch.get_num_threads()
        self._images = trainer.config.batch_size
        pinned = trainer.config.threads
        if pinned:
            torch.set_num_threads(pinned)
            return [ev.ThreadsChanged(trainer.step, pinned, Message("threads.fixed"))]
        self._kind = run_kind(trainer, self._saved)
        self.tuner = ThreadTuner(self._saved, remembered=self._choices.recall(self._kind))
        if not self.tuner.active:
            self.tuner = None
            return [ev.ThreadsChanged(trainer.step, self._saved, Message("threads.one_core"))]
        torch.set_num_threads(self.tuner.current)
        self._announced = self.tuner.rounds
        return [ev.ThreadsChanged(trainer.step, self.tuner.chosen, self.tuner.reason)]

    def on_step_end(self, trainer):
        tuner = self.tuner
        if tuner is None:
            return None
        self._stepped_at = now = self._clock()
        new = tuner.step(self._images, now)
        if new is not None:
            torch.set_num_threads(new)
        if tuner.rounds != self._announced:     # a round ended: say what it found
            self._announced = tuner.rounds
            return [ev.ThreadsChanged(trainer.step, tuner.chosen, tuner.reason)]
        return None

    def on_epoch_end(self, trainer):
        if self.tuner is not None:
            self.tuner.interrupt(self._clock())

    def on_paused(self, trainer):
        if self.tuner is not None:
            self.tuner.interrupt(self._clock())

    def on_run_end(self, trainer, ended):
        found = self.tuner.best_known(self._clock()) if self.tuner is not None else None
        if found is not None:
            self._choices.remember(self._kind, found)
        if self._saved is not None:
            torch.set_num_threads(self._saved)
            self._saved = None
        self.tuner = None

    def leave_out_time_since_step(self) -> None:
        """The other hooks of this step are done: their time is not the step's (see ``after_hooks``)."""
        if self.tuner is not None:
            self.tuner.exclude(self._clock() - self._stepped_at)


class _AfterHooks(TrainerHooks):
    """Called after every other hook at a step's end: their time is not the step's."""

    def __init__(self, owner: ThreadCountHook):
        self._owner = owner

    def on_step_end(self, trainer):
        self._owner.leave_out_time_since_step()

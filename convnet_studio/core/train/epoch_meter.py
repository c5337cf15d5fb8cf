"""The running figures of the epoch in progress.

Per-step losses and correct counts stay on the training device until they are read
back (one host sync for many steps); the epoch's sums and its time without pauses are
kept here, and saved in checkpoints so that a run resumed mid-epoch reports the same
epoch figures as one that never stopped.
"""
from __future__ import annotations

import time
from typing import Optional

import numpy as np
import torch

SUM_KEYS = ("loss_sum", "correct", "seen")


class EpochMeter:
    """Sums, timing and not-yet-read per-step values of one epoch at a time."""

    def __init__(self, n_train: int, batch_size: int, steps_per_epoch: int, reduce=None):
        self.n_train, self.batch_size, self.steps_per_epoch = n_train, batch_size, steps_per_epoch
        self.reduce = reduce               # (values, sizes, step) -> values of the global batches
        self.epoch_no = 0                  # 1-based number of the epoch in progress (or just ended)
        self.start_step = 0                # global step count before the epoch's first step
        self.active = False                # between begin() and end()
        self.sums = dict.fromkeys(SUM_KEYS, 0.0)
        self.elapsed = 0.0                 # epoch seconds up to the last read-back, pauses excluded
        self._t0 = self._paused_at_start = 0.0
        self._losses: list = []
        self._corrects: list = []

    def begin(self, epoch_no: int, step: int, progress: dict, paused_s: float) -> int:
        """Start epoch ``epoch_no`` (from a resumed checkpoint's ``progress``); returns its first step index."""
        start_i = min(int(progress.get("step_in_epoch", 0)), self.steps_per_epoch)
        self.epoch_no, self.start_step, self.active = epoch_no, step - start_i, True
        self.sums = {k: float(progress.get(k, 0.0)) for k in SUM_KEYS}
        self.elapsed = float(progress.get("seconds", 0.0))
        self._t0 = time.perf_counter() - self.elapsed
        self._paused_at_start = paused_s
        return start_i

    def end(self) -> None:
        self.active = False

    def seconds(self, paused_s: float) -> float:
        """Seconds spent in this epoch, pauses excluded (and time before a resume included)."""
        return time.perf_counter() - self._t0 - (paused_s - self._paused_at_start)

    def add(self, loss: torch.Tensor, correct: torch.Tensor) -> None:
        """One step's loss and number of correct predictions, left on the device."""
        self._losses.append(loss)
        self._corrects.append(correct)

    @property
    def pending(self) -> bool:
        return bool(self._losses)

    def take(self, step: int) -> Optional[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """Read the pending steps back (one host sync): ``(steps, losses, corrects, batch sizes)``, or None."""
        if not self._losses:
            return None
        count = len(self._losses)
        values = torch.stack([torch.stack(self._losses).float(), torch.stack(self._corrects).float()])
        end_i = step - self.start_step
        starts = np.arange(end_i - count, end_i) * self.batch_size
        sizes = np.minimum(starts + self.batch_size, self.n_train) - starts
        if self.reduce is not None:
            values = self.reduce(values, sizes, step)
        losses, corrects = values.cpu().numpy()
        self._losses, self._corrects = [], []
        return np.arange(step - count + 1, step + 1), losses, corrects, sizes

    def accumulate(self, losses: np.ndarray, corrects: np.ndarray, sizes: np.ndarray, paused_s: float) -> None:
        """Add read-back steps to the epoch's sums (only finite ones: the caller checks)."""
        self.sums["loss_sum"] += float((losses * sizes).sum())
        self.sums["correct"] += float(corrects.sum())
        self.sums["seen"] += float(sizes.sum())
        self.elapsed = self.seconds(paused_s)

    def progress(self, step: int) -> dict:
        """What a checkpoint saves to resume this epoch mid-way ({} between epochs)."""
        if not self.active:
            return {}
        return {"step_in_epoch": step - self.start_step, **self.sums, "seconds": self.elapsed}

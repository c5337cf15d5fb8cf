"""The per-step curve of a run (loss, accuracy and learning rate at each recorded step), kept compact.

A run file carries it so that a reopened run shows the curves the user saw. Values are
float32 and steps int64; a long run keeps at most ``max_points`` points: once full, every
other point is dropped and from then on only every ``stride``-th step is kept, so the
curve covers the whole run at an even density.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
import torch

#: At most this many points are kept (about 20 bytes each).
MAX_POINTS = 50_000
COLUMNS = ("step", "loss", "acc", "lr")


class StepLog:
    """A growing, self-decimating record of ``(step, loss, acc, lr)``; numpy only."""

    def __init__(self, max_points: int = MAX_POINTS):
        self.max_points = max(16, int(max_points))
        self.stride = 1
        self._seen = 0                  # steps offered so far (decides which ones the stride keeps)
        self._cols = {name: [] for name in COLUMNS}

    def __len__(self) -> int:
        return sum(len(chunk) for chunk in self._cols["step"])

    def add(self, steps, losses, accs, lr: float) -> None:
        """Record one read-back's steps (``accs`` as fractions), all at learning rate ``lr``."""
        steps = np.asarray(steps, dtype=np.int64).reshape(-1)
        n = steps.size
        if not n:
            return
        keep = (self._seen + np.arange(n)) % self.stride == 0
        self._seen += n
        if not keep.any():
            return
        self._cols["step"].append(steps[keep])
        self._cols["loss"].append(np.asarray(losses, dtype=np.float32).reshape(-1)[keep])
        self._cols["acc"].append(np.asarray(accs, dtype=np.float32).reshape(-1)[keep])
        self._cols["lr"].append(np.full(int(keep.sum()), lr, dtype=np.float32))
        while len(self) > self.max_points:
            self._halve()

    def _halve(self) -> None:
        for name in COLUMNS:
            self._cols[name] = [np.concatenate(self._cols[name])[::2]]
        self.stride *= 2

    def arrays(self) -> dict[str, np.ndarray]:
        """The columns as contiguous numpy arrays (step int64, the others float32)."""
        return {name: (np.concatenate(chunks) if chunks else
                       np.empty(0, np.int64 if name == "step" else np.float32))
                for name, chunks in self._cols.items()}

    def truncate_after(self, step: int) -> None:
        """Forget the points after ``step`` (a run resumed from an earlier position)."""
        cols = self.arrays()
        keep = cols["step"] <= int(step)
        if not keep.all():
            self._cols = {name: [values[keep]] for name, values in cols.items()}

    def to_payload(self) -> dict:
        """The columns as CPU tensors, plus the stride: what a run file stores."""
        out = {name: torch.from_numpy(np.ascontiguousarray(v)) for name, v in self.arrays().items()}
        out["stride"] = int(self.stride)
        return out

    @classmethod
    def from_payload(cls, payload: Optional[dict], max_points: int = MAX_POINTS) -> "StepLog":
        """A log continuing the one stored by ``to_payload`` (an empty one for None or {})."""
        log = cls(max_points)
        if not payload:
            return log
        cols = {name: payload[name].numpy() if isinstance(payload[name], torch.Tensor)
                else np.asarray(payload[name]) for name in COLUMNS}
        log._cols = {"step": [cols["step"].astype(np.int64)],
                     **{name: [cols[name].astype(np.float32)] for name in COLUMNS[1:]}}
        log.stride = max(1, int(payload.get("stride", 1)))
        log._seen = 0
        while len(log) > log.max_points:
            log._halve()
        return log


def step_log_problem(payload) -> Optional[str]:
    """Why a run file's stored step log cannot be used (a phrase), or None."""
    if payload in (None, {}):
        return None
    if not isinstance(payload, dict):
        return "the per-step curve is not a table"
    lengths = set()
    for name in COLUMNS:
        value = payload.get(name)
        if not isinstance(value, torch.Tensor) or value.dim() != 1:
            return f"the per-step {name} is not a list of numbers"
        if value.dtype not in (torch.int64, torch.int32, torch.float32, torch.float64):
            return f"the per-step {name} is not a list of numbers"
        lengths.add(int(value.numel()))
    if len(lengths) != 1:
        return "the per-step columns differ in length"
    stride = payload.get("stride", 1)
    if isinstance(stride, bool) or not isinstance(stride, int) or stride < 1:
        return "the per-step stride is not a positive whole number"
    return None

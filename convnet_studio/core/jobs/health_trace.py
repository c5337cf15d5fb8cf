"""``HealthTrace``: per-layer weight norm, gradient norm and update ratio every few steps of a run.

The Health view plots these "over the training steps" whatever tab is shown, so they are
measured in the loop itself, cheaply: every ``every`` steps one copy of the weights is
taken before a step and the three figures of every layer are read back after it (one
host sync), as a ``HealthPoints`` event. The first point comes after the first step.
A fast net takes hundreds of steps a second, so points are also at least
``min_interval_s`` apart: each one costs the training thread a weight copy and a sync, and
the window a redraw, and the plot gains nothing from more than a few a second.
"""
from __future__ import annotations

import time
from typing import Callable, Optional

import numpy as np
import torch

from .. import events
from ..train.hooks import TrainerHooks

#: Steps between two measurements ...
EVERY = 50
#: ... and at least this many seconds.
MIN_INTERVAL_S = 0.5


def _layers_with_params(model) -> list[tuple[int, list]]:
    return [(i, [p for p in child.parameters()]) for i, child in enumerate(model)
            if any(True for _ in child.parameters())]


class HealthTrace(TrainerHooks):
    """Yields ``HealthPoints`` after the first step and then at multiples of ``every`` steps,
    at least ``min_interval_s`` apart (on ``clock``)."""

    def __init__(self, every: int = EVERY, min_interval_s: float = MIN_INTERVAL_S,
                 clock: Callable[[], float] = time.perf_counter):
        self.every = max(1, int(every))
        self.min_interval_s, self._clock = max(0.0, float(min_interval_s)), clock
        self._before: Optional[list] = None
        self._last = 0.0                         # when the last point was measured

    def on_run_start(self, trainer):
        self._before = self._copy(trainer.model)
        return None

    def on_step_end(self, trainer):
        out = None
        if self._before is not None:
            out = (self._measure(trainer.model, trainer.step),)
            self._before = None
            self._last = self._clock()
        if (trainer.step + 1) % self.every == 0 and self._clock() - self._last >= self.min_interval_s:
            self._before = self._copy(trainer.model)
        return out

    @staticmethod
    @torch.no_grad()
    def _copy(model) -> list:
        return [[p.detach().clone() for p in params] for _, params in _layers_with_params(model)]

    @torch.no_grad()
    def _measure(self, model, step: int) -> events.HealthPoints:
        layers = _layers_with_params(model)
        rows = []
        for (_, params), before in zip(layers, self._before):
            weight = sum((p.detach().float() ** 2).sum() for p in params)
            grads = [p.grad for p in params if p.grad is not None]
            grad = sum((g.float() ** 2).sum() for g in grads) if grads else weight.new_tensor(float("nan"))
            moved = sum(((p.detach().float() - b.float()) ** 2).sum() for p, b in zip(params, before))
            prior = sum((b.float() ** 2).sum() for b in before)
            rows.append(torch.stack([weight, grad, moved, prior]))
        figures = torch.stack(rows).sqrt().cpu().double().numpy() if rows else np.zeros((0, 4))
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(figures[:, 3] > 0, figures[:, 2] / figures[:, 3], np.nan)
        return events.HealthPoints(int(step), np.array([i for i, _ in layers], dtype=np.int64), figures[:, 0].copy(),
                                   figures[:, 1].copy(), ratio)

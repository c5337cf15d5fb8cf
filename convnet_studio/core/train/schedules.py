"""Learning-rate schedules as pure functions of the step: a multiplier of the base lr.

``step`` is the 0-based index of the optimizer step about to run; ``total_steps`` is
``epochs * steps_per_epoch``. The trainer sets ``lr = base_lr * lr_factor(...)`` before
every step, so a live change of the base lr keeps the schedule's position.

- constant: 1.
- step: ``step_gamma ** (epoch // step_every)``.
- cosine: from 1 down towards 0 over the steps after the warm-up.
- onecycle: cosine up from 1/25 to 1, then cosine down to 1/250000 at the last step. Its
  rising phase is the warm-up (``warmup_epochs``, or 30% of the run when that is 0).

A linear warm-up over ``warmup_epochs`` (fractions allowed) multiplies the constant,
step and cosine schedules: step ``s`` of the warm-up uses ``(s + 1) / warmup_steps``.
"""
from __future__ import annotations

import math

from .config import TrainConfig

ONECYCLE_START_DIV = 25.0
ONECYCLE_FINAL_DIV = 1e4
ONECYCLE_DEFAULT_RISE = 0.3


def warmup_steps(steps_per_epoch: int, config: TrainConfig) -> int:
    """Number of warm-up steps: ``warmup_epochs`` converted to steps (rounded)."""
    return max(0, int(round(config.warmup_epochs * steps_per_epoch)))


def _cos_ramp(t: float) -> float:
    """0 at t=0, 1 at t=1, following half a cosine."""
    t = min(max(t, 0.0), 1.0)
    return 0.5 * (1.0 - math.cos(math.pi * t))


def _onecycle(step: int, total_steps: int, rise: int) -> float:
    low = 1.0 / ONECYCLE_START_DIV
    end = low / ONECYCLE_FINAL_DIV
    rise = min(max(rise, 1), max(total_steps - 1, 1))
    if step < rise:
        return low + (1.0 - low) * _cos_ramp(step / rise)
    fall = max(total_steps - 1 - rise, 1)
    return end + (1.0 - end) * (1.0 - _cos_ramp((step - rise) / fall))


def lr_factor(step: int, total_steps: int, steps_per_epoch: int, config: TrainConfig) -> float:
    """Multiplier of the base learning rate for 0-based ``step`` of a run of ``total_steps``."""
    steps_per_epoch = max(int(steps_per_epoch), 1)
    warm = warmup_steps(steps_per_epoch, config)
    if config.schedule == "onecycle":
        rise = warm if warm > 0 else int(round(ONECYCLE_DEFAULT_RISE * total_steps))
        return _onecycle(step, total_steps, rise)
    if config.schedule == "step":
        factor = config.step_gamma ** ((step // steps_per_epoch) // config.step_every)
    elif config.schedule == "cosine":
        factor = 1.0 - _cos_ramp((step - warm) / max(total_steps - warm, 1))
    else:
        factor = 1.0
    if step < warm:
        factor *= (step + 1) / warm
    return factor


def lr_at(step: int, total_steps: int, steps_per_epoch: int, config: TrainConfig) -> float:
    """The learning rate of ``step`` for ``config.lr`` as the base rate."""
    return config.lr * lr_factor(step, total_steps, steps_per_epoch, config)

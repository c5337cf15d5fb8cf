"""What a run that did not complete says as it ends: the sentence of a failure, the message of a divergence.

``Trainer`` puts them in its final ``RunEnded``. Our own errors (``SpecError``,
``ConfigError``) are written as clauses for people already; anything else goes through
``one_sentence``, and a data-parallel run names a failed collective as another process's
failure.
"""
from __future__ import annotations

import math

from ..errors import one_sentence
from ..messages import Message
from ..model.spec import SpecError
from .config import ConfigError
from .distributed import describe_failure, is_collective_failure


def error_message(exc: BaseException, distributed: bool = False) -> str:
    """The ``RunEnded`` message of a run that failed with ``exc``; ``distributed``: one of several processes."""
    if isinstance(exc, (SpecError, ConfigError)):
        return str(exc)
    if distributed and is_collective_failure(exc):
        return f"another training process failed or stopped answering ({describe_failure(exc)})"
    return one_sentence(exc)


def divergence_message(value: float, bad_step: int, epoch_no: int, lr: float, weight_decay: float,
                       kept: int) -> Message:
    """The loss became ``value`` (NaN or infinite) at ``bad_step``: the likely culprits, and the step whose
    weights are kept."""
    what = Message("run.nan") if math.isnan(value) else Message("run.infinite")
    suspects = (Message("run.suspect_lr_wd", lr=lr, wd=weight_decay) if weight_decay > 0
                else Message("run.suspect_lr", lr=lr))
    return Message("run.diverged", what=what, step=bad_step, epoch=epoch_no, suspects=suspects, kept=kept)

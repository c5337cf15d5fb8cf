"""Plain, frozen events that cross from the training thread to whoever listens.

Only numbers, strings, tuples and numpy arrays live in them, never tensors.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .util.text_enum import TextEnum


class EndReason(TextEnum):
    """How a run ended (``RunEnded.reason``)."""
    COMPLETED = "completed"
    STOPPED = "stopped"
    DIVERGED = "diverged"
    ERROR = "error"


@dataclass(frozen=True)
class RunStarted:
    """The model and data are ready; training is about to begin."""
    device: str
    total_steps: int
    steps_per_epoch: int
    start_step: int
    start_epoch: int
    num_params: int
    precision: str = "fp32"      # what the steps compute in: "bf16", "fp16" (with loss scaling) or "fp32"


@dataclass(frozen=True)
class BatchMetrics:
    """Metrics of the steps since the previous BatchMetrics (emitted at a bounded rate).

    ``steps`` are global step numbers (1-based, after the step ran); ``losses`` and
    ``accs`` are per step. ``img_per_s`` is the training throughput so far this epoch.
    """
    epoch: int
    steps: np.ndarray
    losses: np.ndarray
    accs: np.ndarray
    lr: float
    img_per_s: float
    step_in_epoch: int
    steps_per_epoch: int
    total_steps: int


@dataclass(frozen=True)
class EpochEnd:
    """One epoch finished and was evaluated on the validation set."""
    epoch: int
    step: int
    train_loss: float
    train_acc: float
    val_loss: float
    val_acc: float
    img_per_s: float
    seconds: float
    lr: float


@dataclass(frozen=True)
class ThreadsChanged:
    """The training thread's CPU thread count, and why (a round of measuring ended, or it was pinned)."""
    step: int
    threads: int
    reason: str


@dataclass(frozen=True)
class HParamsChanged:
    """Live hyperparameters changed; they apply from step ``step + 1``."""
    step: int
    lr: float
    momentum: float
    weight_decay: float


@dataclass(frozen=True)
class Snapshot:
    """A look inside the model, computed under no_grad on the training thread.

    ``filters``: conv layer index -> weights (out, in, kh, kw) float32.
    ``feature_maps``: layer index -> activation of the probe image, (C, H, W) or (F,).
    ``probs``: class probabilities for the probe image, or None.
    ``input_image``: uint8 (C, H, W) pixels the model saw when a probe transform changed
    the image (None: the probe image as given).
    """
    step: int
    epoch: int
    filters: dict = field(default_factory=dict)
    feature_maps: dict = field(default_factory=dict)
    probs: Optional[np.ndarray] = None
    image_key: Optional[str] = None       # the caller's id of the probe image, returned as given
    input_image: Optional[np.ndarray] = None


@dataclass(frozen=True)
class Paused:
    step: int


@dataclass(frozen=True)
class Resumed:
    step: int


@dataclass(frozen=True)
class RunEnded:
    """The run is over; ``message`` says how in a sentence (or clause) for people."""
    reason: EndReason
    message: str
    step: int
    epoch: int
    seconds: float


@dataclass(frozen=True)
class AnalysisResult:
    """An analysis job (``core.jobs.AnalysisJob``) finished on the training thread.

    ``payload`` is plain data (numpy arrays, numbers, frozen dataclasses) or None;
    ``error`` is "" on success, else one sentence ("Cancelled." when it was cancelled).
    ``step`` is the training step of the model it looked at.
    """
    job_id: int
    kind: str
    step: int
    payload: object = None
    error: str = ""


@dataclass(frozen=True)
class AnalysisProgress:
    """A long analysis job has done ``done`` of ``total`` units of work."""
    job_id: int
    done: int
    total: int
    kind: str = ""


@dataclass(frozen=True)
class CommandRefused:
    """A command to the run (a live hyperparameter, a probe image, lesions) was not taken.

    ``command`` names it ("hparams", "snapshot", "lesions"); ``message`` is one sentence.
    """
    command: str
    message: str


@dataclass(frozen=True)
class HealthPoints:
    """Cheap per-layer health figures of a live run at ``step`` (layers with parameters only).

    ``layers``: spec layer indices (int64); ``weight_norm``, ``grad_norm`` and ``update_ratio``
    (float64, NaN where unknown) hold one value per layer, in that order.
    """
    step: int
    layers: np.ndarray
    weight_norm: np.ndarray
    grad_norm: np.ndarray
    update_ratio: np.ndarray


@dataclass(frozen=True)
class RunNote:
    """Something the user should know about how a run was started (one sentence)."""
    message: str

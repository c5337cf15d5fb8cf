"""TrainConfig: every hyperparameter of a run, as one frozen, validated dataclass."""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from ..messages import Message

OPTIMIZERS = ("sgd", "adam", "adamw", "rmsprop")
SCHEDULES = ("constant", "step", "cosine", "onecycle")
LOSSES = ("cross_entropy", "mse")
AUGMENTS = ("none", "flip", "crop", "flip+crop")
DEVICES = ("auto", "cpu", "cuda", "mps")
PRECISIONS = ("auto", "bf16", "fp16", "fp32")

#: The hyperparameters that may change while a run is live.
LIVE_HPARAMS = ("lr", "momentum", "weight_decay")


class ConfigError(ValueError):
    """A hyperparameter value that cannot be used; the message is one sentence."""


@dataclass(frozen=True)
class TrainConfig:
    """Hyperparameters of a run. Defaults are the tutorial's: Adam, lr 1e-3, batch 32."""
    optimizer: str = "adam"
    lr: float = 1e-3
    momentum: float = 0.9          # sgd momentum / rmsprop momentum / adam beta1
    nesterov: bool = False
    weight_decay: float = 0.0
    batch_size: int = 32
    epochs: int = 10
    schedule: str = "constant"
    warmup_epochs: float = 0.0
    step_every: int = 5            # "step" schedule: multiply lr by step_gamma every N epochs
    step_gamma: float = 0.1
    loss: str = "cross_entropy"
    label_smoothing: float = 0.0
    augment: str = "none"
    seed: int = 0
    device: str = "auto"
    mixed_precision: bool = True   # autocast (bf16, or fp16 + loss scaling; see precision.py) on GPUs only
    precision: str = "auto"        # "auto": by the device (precision.py); or bf16, fp16, fp32 outright
    threads: int = 0               # CPU threads of the training thread; 0 = measured (adaptive_threads.py)
    metrics_hz: float = 5.0        # bound on BatchMetrics events per second (each one is a host sync)

    def validate(self) -> "TrainConfig":
        """Return self, or raise ConfigError naming the first bad value."""
        def bad(msg: str):
            raise ConfigError(msg)

        for name in ("optimizer", "schedule", "loss", "augment", "device", "precision"):
            allowed = {"optimizer": OPTIMIZERS, "schedule": SCHEDULES, "loss": LOSSES,
                       "augment": AUGMENTS, "device": DEVICES, "precision": PRECISIONS}[name]
            if getattr(self, name) not in allowed:
                bad(Message("config.not_one_of", name=name, allowed=', '.join(allowed), value=getattr(self, name)))
        if not (isinstance(self.lr, (int, float)) and math.isfinite(self.lr) and self.lr > 0):
            bad(Message("config.lr", value=self.lr))
        if not (isinstance(self.batch_size, int) and self.batch_size >= 1):
            bad(Message("config.batch_size", value=self.batch_size))
        if not (isinstance(self.epochs, int) and self.epochs >= 1):
            bad(Message("config.epochs", value=self.epochs))
        if not (0 <= self.momentum < 1):
            bad(Message("config.momentum", value=self.momentum))
        if not (math.isfinite(self.weight_decay) and self.weight_decay >= 0):
            bad(Message("config.weight_decay", value=self.weight_decay))
        if not (0 <= self.label_smoothing < 1):
            bad(Message("config.label_smoothing", value=self.label_smoothing))
        if not (self.warmup_epochs >= 0):
            bad(Message("config.warmup_epochs", value=self.warmup_epochs))
        if not (isinstance(self.step_every, int) and self.step_every >= 1):
            bad(Message("config.step_every", value=self.step_every))
        if not (0 < self.step_gamma <= 1):
            bad(Message("config.step_gamma", value=self.step_gamma))
        if self.nesterov and self.optimizer != "sgd":
            bad(Message("config.nesterov"))
        if not (isinstance(self.threads, int) and not isinstance(self.threads, bool) and 0 <= self.threads <= 1024):
            bad(Message("config.threads", value=self.threads))
        if not (self.metrics_hz > 0):
            bad(Message("config.metrics_hz", value=self.metrics_hz))
        return self

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TrainConfig":
        """Build from a dict, ignoring unknown keys (older/newer files), then validate."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names}).validate()

    def replace(self, **changes: Any) -> "TrainConfig":
        return dataclasses.replace(self, **changes)

"""Optimizers, live hyperparameter changes and the loss functions of a run."""
from __future__ import annotations

from typing import Callable, Iterable, Optional

import torch
import torch.nn.functional as F

from .config import TrainConfig

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]

# Keys describing *how* an optimizer runs (kernels), not its state: always taken from the
# freshly built optimizer so a run saved on one device resumes correctly on another.
_IMPLEMENTATION_KEYS = ("fused", "foreach", "capturable", "differentiable")


def build_optimizer(params: Iterable[torch.nn.Parameter], config: TrainConfig,
                    device: torch.device) -> torch.optim.Optimizer:
    """The optimizer named by ``config.optimizer``; ``momentum`` is Adam's beta1.

    SGD, Adam and AdamW use their fused kernels (one op per step instead of several per
    parameter) on CUDA and the CPU where this torch has them.
    """
    params = list(params)
    name, lr, m, wd = config.optimizer, config.lr, config.momentum, config.weight_decay
    if name == "sgd":
        cls, kwargs = torch.optim.SGD, dict(lr=lr, momentum=m, weight_decay=wd,
                                            nesterov=bool(config.nesterov and m > 0))
    elif name == "adam":
        cls, kwargs = torch.optim.Adam, dict(lr=lr, betas=(m, 0.999), weight_decay=wd)
    elif name == "adamw":
        cls, kwargs = torch.optim.AdamW, dict(lr=lr, betas=(m, 0.999), weight_decay=wd)
    elif name == "rmsprop":
        cls, kwargs = torch.optim.RMSprop, dict(lr=lr, momentum=m, weight_decay=wd)
    else:
        raise ValueError(f"unknown optimizer {name!r}")
    if device.type in ("cuda", "cpu") and name in ("sgd", "adam", "adamw"):
        try:
            return cls(params, fused=True, **kwargs)
        except (TypeError, RuntimeError, ValueError):
            pass
    return cls(params, **kwargs)


def load_optimizer_state(optimizer: torch.optim.Optimizer, state: dict) -> None:
    """Load a saved optimizer state, keeping this optimizer's kernel choices (fused/foreach)."""
    groups = []
    for saved, live in zip(state.get("param_groups", []), optimizer.param_groups):
        saved = dict(saved)
        for key in _IMPLEMENTATION_KEYS:
            if key in live:
                saved[key] = live[key]
            else:
                saved.pop(key, None)
        groups.append(saved)
    optimizer.load_state_dict({"state": state.get("state", {}), "param_groups": groups})


def apply_hparams(optimizer: torch.optim.Optimizer, optimizer_name: str,
                  momentum: Optional[float] = None, weight_decay: Optional[float] = None) -> None:
    """Set momentum (Adam's beta1) and weight decay on every param group. The lr is set per step."""
    for group in optimizer.param_groups:
        if momentum is not None:
            if optimizer_name in ("adam", "adamw"):
                group["betas"] = (momentum, group["betas"][1])
            else:
                group["momentum"] = momentum
        if weight_decay is not None:
            group["weight_decay"] = weight_decay


def make_loss(config: TrainConfig, num_classes: int, device: torch.device) -> LossFn:
    """``loss(logits, labels)`` averaged over the batch.

    ``mse`` is the Brier score: the squared distance between the softmax probabilities
    and the one-hot target, summed over classes (so it lies in [0, 2]). Using
    probabilities rather than raw logits keeps it bounded and trainable with the same
    learning rates as cross-entropy. Label smoothing softens either target.
    """
    smoothing = float(config.label_smoothing)
    if config.loss == "cross_entropy":
        def cross_entropy(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
            return F.cross_entropy(logits, labels, label_smoothing=smoothing)
        return cross_entropy
    targets = torch.eye(num_classes, device=device) * (1.0 - smoothing) + smoothing / num_classes

    def brier(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        probs = logits.float().softmax(dim=1)
        return F.mse_loss(probs, targets.index_select(0, labels), reduction="sum") / logits.shape[0]
    return brier

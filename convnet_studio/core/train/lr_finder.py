"""The learning-rate finder: a short run with an exponentially rising learning rate.

From a deep copy of the model (the model itself is never touched) and a fresh
optimizer of the run's kind, the learning rate grows by the same factor every step
from ``start_lr`` to ``end_lr``. Each step's training loss is recorded and smoothed
with a bias-corrected exponential moving average; the search stops early once the
smoothed loss is non-finite or more than ``diverge_factor`` times its minimum so far.

The suggested rate follows one named rule, ``SUGGESTION_RULE``: the learning rate at
which the smoothed loss falls fastest against log(lr), looked for only *before* the
smoothed loss reaches its minimum (beyond it the loss is about to blow up) and after
the first ``skip_start`` share of the points (where the average is still settling and
the loss has not started to move; the minimum is looked for past them too).
When that stretch is too short to have a slope, the rate ten times below the minimum
is suggested instead (``FALLBACK_RULE``).

``iter_lr_find`` is a generator yielding ``(done, total)`` after each step and
returning an ``LRFindResult``, so it can run as an analysis job between other work;
``find_lr`` runs it to the end.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Iterator, Optional

import numpy as np
import torch

from ..data.dataset import InMemoryDataset
from .config import ConfigError, TrainConfig
from .lr_find_settings import LRFindSettings
from .device_data import DeviceData
from .optim import build_optimizer, make_loss

SUGGESTION_RULE = "steepest descent of the smoothed loss before its minimum"
FALLBACK_RULE = "a tenth of the rate at the smoothed loss's minimum"


@dataclass(frozen=True)
class LRFindResult:
    """The recorded curve (plain numpy) and the suggestion.

    ``lrs``/``losses``/``smoothed`` have one entry per step taken; ``suggested_lr`` is
    None when no step gave a finite loss; ``rule`` names how it was chosen;
    ``stop_reason`` says why the search ended.
    """
    lrs: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    suggested_lr: Optional[float]
    rule: str
    stop_reason: str
    min_lr: Optional[float]          # the lr at the smoothed loss's minimum (past the skipped start)

    def to_dict(self) -> dict:
        """Plain JSON-ready data."""
        return {"lrs": [float(v) for v in self.lrs], "losses": [float(v) for v in self.losses],
                "smoothed": [float(v) for v in self.smoothed], "suggested_lr": self.suggested_lr,
                "rule": self.rule, "stop_reason": self.stop_reason, "min_lr": self.min_lr}


def lr_at(step: int, settings: LRFindSettings) -> float:
    """The learning rate of step ``step`` (0-based): geometric from start_lr to end_lr."""
    share = step / max(settings.steps - 1, 1)
    return settings.start_lr * (settings.end_lr / settings.start_lr) ** share


def suggest(lrs: np.ndarray, smoothed: np.ndarray, skip_start: float = 0.1) -> tuple[Optional[float], str]:
    """(suggested lr, rule used) for a recorded curve; see the module doc for the rule."""
    finite = np.isfinite(smoothed)
    if not finite.any():
        return None, SUGGESTION_RULE
    lrs, smoothed = lrs[finite], smoothed[finite]
    first = min(int(len(smoothed) * skip_start), len(smoothed) - 1)
    lowest = first + int(np.argmin(smoothed[first:]))
    if lowest - first >= 3:
        slope = np.gradient(smoothed[first:lowest + 1], np.log10(lrs[first:lowest + 1]))
        # the one-sided slope at the minimum itself is noise: only points before it count
        return float(lrs[first + int(np.argmin(slope[:-1]))]), SUGGESTION_RULE
    return float(lrs[lowest] / 10.0), FALLBACK_RULE


def lowest_lr(lrs: np.ndarray, smoothed: np.ndarray, skip_start: float = 0.1) -> Optional[float]:
    """The lr where the smoothed loss is lowest (past the skipped start); None without finite losses."""
    finite = np.isfinite(smoothed)
    if not finite.any():
        return None
    lrs, smoothed = lrs[finite], smoothed[finite]
    first = min(int(len(smoothed) * skip_start), len(smoothed) - 1)
    return float(lrs[first + int(np.argmin(smoothed[first:]))])


def _smooth_step(avg: float, loss: float, beta: float, n: int) -> tuple[float, float]:
    """The next EMA value and its bias-corrected reading after ``n`` losses."""
    avg = beta * avg + (1 - beta) * loss
    return avg, avg / (1 - beta ** n) if beta > 0 else avg


def iter_lr_find(model: torch.nn.Module, config: TrainConfig, dataset: InMemoryDataset,
                 device: Optional[torch.device] = None,
                 settings: LRFindSettings = LRFindSettings()) -> Iterator[tuple[int, int]]:
    """Run the search on a copy of ``model``; yields ``(done, total)`` per step, returns ``LRFindResult``.

    ``config`` gives the optimizer (with its momentum and weight decay), the batch size,
    the loss, the augmentation and the seed; its lr and schedule are replaced by the ramp.
    """
    config, settings = config.validate(), settings.validate()
    if device is None:
        device = next((p.device for p in model.parameters()), torch.device("cpu"))
    probe = copy.deepcopy(model).to(device)
    probe.train()
    data = DeviceData(dataset, device)
    if data.n_train == 0:
        raise ConfigError("the dataset has no training images to search with")
    optimizer = build_optimizer(probe.parameters(), config.replace(lr=settings.start_lr), device)
    loss_fn = make_loss(config, dataset.num_classes, device)
    augment = None
    if config.augment != "none":
        from .augment import augment_batch
        augment = augment_batch
    shuffle = torch.Generator().manual_seed(config.seed)
    aug_gen = torch.Generator(device=device).manual_seed(config.seed + 1)
    bs, n = min(config.batch_size, data.n_train), data.n_train
    lrs, losses, smoothed = [], [], []
    avg, best, reason = 0.0, math.inf, f"reached the end of the range ({settings.end_lr:g})"
    perm, at = torch.randperm(n, generator=shuffle), 0
    fork_devices = [device] if device.type == "cuda" else []
    with torch.random.fork_rng(devices=fork_devices):     # dropout draws leave no trace
        for step in range(settings.steps):
            if at + bs > n:
                perm, at = torch.randperm(n, generator=shuffle), 0
            idx = perm[at:at + bs].to(device)
            at += bs
            x = dataset_batch(data, idx, augment, config.augment, aug_gen)
            lr = lr_at(step, settings)
            for group in optimizer.param_groups:
                group["lr"] = lr
            loss = loss_fn(probe(x), data.train_y.index_select(0, idx))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            value = float(loss.detach())
            avg, shown = _smooth_step(avg, value if math.isfinite(value) else math.inf,
                                      settings.smoothing, step + 1)
            lrs.append(lr)
            losses.append(value)
            smoothed.append(shown)
            yield step + 1, settings.steps
            if not math.isfinite(shown):
                reason = f"the loss became non-finite at lr {lr:.3g}"
                break
            best = min(best, shown)
            if shown > settings.diverge_factor * best:
                reason = (f"the smoothed loss rose above {settings.diverge_factor:g}× its minimum "
                          f"at lr {lr:.3g}")
                break
    lrs_a, smoothed_a = np.asarray(lrs, dtype=np.float64), np.asarray(smoothed, dtype=np.float64)
    suggested, rule = suggest(lrs_a, smoothed_a, settings.skip_start)
    min_lr = lowest_lr(lrs_a, smoothed_a, settings.skip_start)
    return LRFindResult(lrs_a, np.asarray(losses, dtype=np.float64), smoothed_a, suggested, rule, reason, min_lr)


def dataset_batch(data: DeviceData, idx: torch.Tensor, augment, mode: str,
                  generator: torch.Generator) -> torch.Tensor:
    """The normalised (and augmented) training images at ``idx``, as the trainer makes them."""
    x = data.train_x.index_select(0, idx)
    if augment is not None:
        x = augment(x, mode, generator)
    return data.normalise(x)


def find_lr(model: torch.nn.Module, config: TrainConfig, dataset: InMemoryDataset,
            device: Optional[torch.device] = None, settings: LRFindSettings = LRFindSettings(),
            progress=None) -> LRFindResult:
    """``iter_lr_find`` run to the end; ``progress(done, total)`` is called after each step."""
    gen = iter_lr_find(model, config, dataset, device, settings)
    while True:
        try:
            done, total = next(gen)
        except StopIteration as stop:
            return stop.value
        if progress is not None:
            progress(done, total)


def fresh_model(spec, config: TrainConfig, dataset: InMemoryDataset, device: torch.device) -> torch.nn.Module:
    """The network a run of ``config`` would start from (same seed, same initial weights)."""
    from ..model.builder import build
    torch.manual_seed(config.seed)
    return build(spec, dataset.input_shape, dataset.num_classes).to(device)

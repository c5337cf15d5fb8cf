"""Running a lesson headless: each variant trained in turn on the lesson's data, one result each."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Sequence

from .. import events as ev
from .lesson import Lesson, Variant


@dataclass(frozen=True)
class VariantResult:
    """How one variant's run ended and its final figures (NaN where there were none).

    ``grad_ratio``: the first layer's gradient norm over the last layer's, at the run's
    first health measurement (small: the gradients vanish on their way back).
    """
    name: str
    label: str
    reason: str                   # an EndReason value
    message: str
    epochs: int
    seconds: float
    train_loss: float = math.nan
    train_acc: float = math.nan
    val_loss: float = math.nan
    val_acc: float = math.nan
    best_val_acc: float = math.nan
    grad_ratio: float = math.nan
    history: dict = field(default_factory=dict)

    @property
    def diverged(self) -> bool:
        return self.reason == ev.EndReason.DIVERGED

    def to_dict(self) -> dict:
        """JSON-ready figures (NaN becomes None), without the per-epoch history."""
        def num(value: float):
            return None if value is None or not math.isfinite(value) else round(float(value), 5)
        return {"variant": self.name, "label": self.label, "reason": str(self.reason), "diverged": self.diverged,
                "epochs": self.epochs, "seconds": round(self.seconds, 2), "train_loss": num(self.train_loss),
                "train_acc": num(self.train_acc), "val_loss": num(self.val_loss), "val_acc": num(self.val_acc),
                "best_val_acc": num(self.best_val_acc), "grad_ratio": num(self.grad_ratio),
                "message": self.message}


def load_lesson_data(lesson: Lesson, progress=None):
    """The lesson's dataset, loaded whole (``DatasetError`` if it cannot be)."""
    from ..data.sources import load_dataset
    ds = lesson.dataset
    return load_dataset(ds.name, progress=progress, n_train=ds.n_train, n_val=ds.n_val)


def _grad_ratio(points: Optional[ev.HealthPoints]) -> float:
    if points is None or len(points.grad_norm) < 2:
        return math.nan
    first, last = float(points.grad_norm[0]), float(points.grad_norm[-1])
    return first / last if last > 0 and math.isfinite(first) else math.nan


def run_variant(variant: Variant, dataset, hooks: Sequence = (), on_event: Optional[Callable] = None,
                commands=None) -> VariantResult:
    """Train one variant to its end; every event also goes to ``on_event`` (if given)."""
    from ..jobs.health_trace import HealthTrace
    from ..train.trainer import Trainer
    trainer = Trainer(variant.spec, variant.config, dataset, hooks=[*hooks, HealthTrace()], commands=commands)
    ended, first_health, last_epoch = None, None, None
    for event in trainer.run():
        if isinstance(event, ev.HealthPoints) and first_health is None:
            first_health = event
        elif isinstance(event, ev.EpochEnd):
            last_epoch = event
        elif isinstance(event, ev.RunEnded):
            ended = event
        if on_event is not None:
            on_event(variant, event)
    hist = {k: list(v) for k, v in trainer.history.items()}
    best = max((a for a in hist.get("val_acc", []) if math.isfinite(a)), default=math.nan)
    figures = {}
    if last_epoch is not None:
        figures = dict(train_loss=last_epoch.train_loss, train_acc=last_epoch.train_acc,
                       val_loss=last_epoch.val_loss, val_acc=last_epoch.val_acc)
    return VariantResult(variant.name, variant.label, ended.reason if ended else ev.EndReason.ERROR,
                         ended.message if ended else "the run did not end", trainer.epoch,
                         ended.seconds if ended else 0.0, best_val_acc=best, grad_ratio=_grad_ratio(first_health),
                         history=hist, **figures)


def run_lesson(lesson: Lesson, dataset=None, variants: Optional[Iterable[str]] = None,
               on_result: Optional[Callable[[VariantResult], None]] = None,
               on_event: Optional[Callable] = None,
               hooks_for: Optional[Callable[[Variant], Sequence]] = None) -> list[VariantResult]:
    """Train the lesson's variants (all, or those named) one after the other, on ``dataset``
    (default: the lesson's own data); ``on_result`` hears each result as soon as it is there.
    ``hooks_for(variant)`` gives extra trainer hooks for a variant's run (e.g. a run recorder)."""
    dataset = load_lesson_data(lesson) if dataset is None else dataset
    chosen = lesson.variants if variants is None else [lesson.variant(name) for name in variants]
    results = []
    for variant in chosen:
        hooks = hooks_for(variant) if hooks_for is not None else ()
        result = run_variant(variant, dataset, hooks=hooks, on_event=on_event)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results

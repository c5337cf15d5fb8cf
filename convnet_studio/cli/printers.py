"""How ``train`` shows a run's events: readable lines on a terminal, or one JSON object per line."""
from __future__ import annotations

import sys

from ..core import events as ev
from .arguments import emit


class JsonPrinter:
    """Prints one JSON object per line: per epoch, and ``done`` at the end."""

    def __init__(self):
        self.last_epoch = None
        self.images = 0
        self.train_seconds = 0.0

    def __call__(self, event) -> None:
        if isinstance(event, ev.EpochEnd):
            self.last_epoch = event
            self.images += event.img_per_s * event.seconds
            self.train_seconds += event.seconds
            emit({"event": "epoch", "epoch": event.epoch, "train_loss": event.train_loss,
                  "train_acc": event.train_acc, "val_loss": event.val_loss, "val_acc": event.val_acc,
                  "img_per_s": round(event.img_per_s, 1), "seconds": round(event.seconds, 3)})
        elif isinstance(event, ev.RunEnded) and event.reason in ("completed", "stopped"):
            self.finish(event.reason, event.seconds)

    def finish(self, reason: str, seconds: float) -> None:
        """The final ``done`` line; ``reason`` is the run's end reason, or ``"interrupted"``."""
        last = self.last_epoch
        rate = self.images / self.train_seconds if self.train_seconds else 0.0
        emit({"event": "done", "reason": reason, "epochs": last.epoch if last else 0,
              "val_acc": last.val_acc if last else None, "seconds": round(seconds, 3),
              "img_per_s": round(rate, 1)})


class TextPrinter:
    """Readable progress: a bar per epoch on a terminal, one line per epoch."""

    def __init__(self, epochs: int):
        self.epochs = epochs
        self.tty = sys.stderr.isatty()

    def __call__(self, event) -> None:
        if isinstance(event, ev.RunStarted):
            print(f"training on {event.device}: {event.num_params:,} parameters, "
                  f"{event.steps_per_epoch} steps per epoch", flush=True)
        elif isinstance(event, ev.BatchMetrics) and self.tty:
            share = event.step_in_epoch / max(event.steps_per_epoch, 1)
            bar = "#" * int(share * 30)
            loss = float(event.losses[-1]) if len(event.losses) else float("nan")
            print(f"\repoch {event.epoch}/{self.epochs} [{bar:<30}] {share:4.0%} loss {loss:.3f} "
                  f"{event.img_per_s:,.0f} img/s\033[K", end="", file=sys.stderr, flush=True)
        elif isinstance(event, ev.EpochEnd):
            if self.tty:
                print("\r\033[K", end="", file=sys.stderr)
            print(f"epoch {event.epoch}/{self.epochs}: train loss {event.train_loss:.4f} acc "
                  f"{event.train_acc:.1%} | val loss {event.val_loss:.4f} acc {event.val_acc:.1%} | "
                  f"{event.img_per_s:,.0f} img/s, {event.seconds:.1f} s", flush=True)
        elif isinstance(event, ev.HParamsChanged):
            print(f"hyperparameters now: lr {event.lr:g}, momentum {event.momentum:g}, "
                  f"weight decay {event.weight_decay:g}", flush=True)
        elif isinstance(event, ev.RunEnded) and event.reason in ("completed", "stopped"):
            print(f"{event.reason} after {event.seconds:.1f} s", flush=True)

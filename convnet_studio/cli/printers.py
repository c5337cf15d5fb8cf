"""How ``train`` shows a run's events: readable lines on a terminal, or one JSON object per line.

Each printer is a table from event type to the method that prints it (``HANDLERS``);
events of other types print nothing.
"""
from __future__ import annotations

import sys

from ..core import events as ev
from ..core.events import EndReason
from .arguments import emit

#: The end reasons after which a summary is printed (the others are errors, reported by the command).
SUMMARISED = (EndReason.COMPLETED, EndReason.STOPPED)


class EventPrinter:
    """Calls the method ``HANDLERS`` names for the event's type."""

    HANDLERS: dict = {}

    def __call__(self, event) -> None:
        name = self.HANDLERS.get(type(event))
        if name is not None:
            getattr(self, name)(event)


class JsonPrinter(EventPrinter):
    """Prints one JSON object per line: ``start``, one per epoch, and ``done`` at the end."""

    HANDLERS = {ev.RunStarted: "run_started", ev.ThreadsChanged: "threads_changed",
                ev.EpochEnd: "epoch_end", ev.RunEnded: "run_ended"}

    def __init__(self):
        self.last_epoch = None
        self.extra: dict = {}          # more keys for the ``done`` line (e.g. the kept run's id)
        self.images = 0
        self.train_seconds = 0.0
        self.threads = None

    def run_started(self, event: ev.RunStarted) -> None:
        emit({"event": "start", "device": event.device, "precision": event.precision,
              "params": event.num_params, "steps_per_epoch": event.steps_per_epoch,
              "total_steps": event.total_steps, "start_epoch": event.start_epoch})

    def threads_changed(self, event: ev.ThreadsChanged) -> None:
        self.threads = event

    def epoch_end(self, event: ev.EpochEnd) -> None:
        self.last_epoch = event
        self.images += event.img_per_s * event.seconds
        self.train_seconds += event.seconds
        emit({"event": "epoch", "epoch": event.epoch, "train_loss": event.train_loss,
              "train_acc": event.train_acc, "val_loss": event.val_loss, "val_acc": event.val_acc,
              "img_per_s": round(event.img_per_s, 1), "seconds": round(event.seconds, 3),
              **({"threads": self.threads.threads, "threads_reason": self.threads.reason}
                 if self.threads is not None else {})})

    def run_ended(self, event: ev.RunEnded) -> None:
        if event.reason in SUMMARISED:
            self.finish(str(event.reason), event.seconds)

    def finish(self, reason: str, seconds: float) -> None:
        """The final ``done`` line; ``reason`` is the run's end reason, or ``"interrupted"``."""
        last = self.last_epoch
        rate = self.images / self.train_seconds if self.train_seconds else 0.0
        emit({"event": "done", "reason": reason, "epochs": last.epoch if last else 0,
              "val_acc": last.val_acc if last else None, "seconds": round(seconds, 3),
              "img_per_s": round(rate, 1), **self.extra})


class TextPrinter(EventPrinter):
    """Readable progress: a bar per epoch on a terminal, one line per epoch."""

    HANDLERS = {ev.RunStarted: "run_started", ev.BatchMetrics: "batch_metrics", ev.EpochEnd: "epoch_end",
                ev.HParamsChanged: "hparams_changed", ev.ThreadsChanged: "threads_changed",
                ev.RunEnded: "run_ended"}

    def __init__(self, epochs: int):
        self.epochs = epochs
        self.tty = sys.stderr.isatty()
        self.threads = None

    def run_started(self, event: ev.RunStarted) -> None:
        print(f"training on {event.device} ({event.precision}): {event.num_params:,} parameters, "
              f"{event.steps_per_epoch} steps per epoch", flush=True)

    def threads_changed(self, event: ev.ThreadsChanged) -> None:
        # Only a new count is news on a terminal; each epoch line does not repeat it.
        if self.threads != event.threads:
            self.threads = event.threads
            if self.tty:
                print("\r\033[K", end="", file=sys.stderr)
            print(f"threads: {event.threads} ({event.reason})", flush=True)

    def batch_metrics(self, event: ev.BatchMetrics) -> None:
        if not self.tty:
            return
        share = event.step_in_epoch / max(event.steps_per_epoch, 1)
        bar = "#" * int(share * 30)
        loss = float(event.losses[-1]) if len(event.losses) else float("nan")
        print(f"\repoch {event.epoch}/{self.epochs} [{bar:<30}] {share:4.0%} loss {loss:.3f} "
              f"{event.img_per_s:,.0f} img/s\033[K", end="", file=sys.stderr, flush=True)

    def epoch_end(self, event: ev.EpochEnd) -> None:
        if self.tty:
            print("\r\033[K", end="", file=sys.stderr)
        print(f"epoch {event.epoch}/{self.epochs}: train loss {event.train_loss:.4f} acc "
              f"{event.train_acc:.1%} | val loss {event.val_loss:.4f} acc {event.val_acc:.1%} | "
              f"{event.img_per_s:,.0f} img/s, {event.seconds:.1f} s", flush=True)

    def hparams_changed(self, event: ev.HParamsChanged) -> None:
        print(f"hyperparameters now: lr {event.lr:g}, momentum {event.momentum:g}, "
              f"weight decay {event.weight_decay:g}", flush=True)

    def run_ended(self, event: ev.RunEnded) -> None:
        if event.reason in SUMMARISED:
            print(f"{event.reason} after {event.seconds:.1f} s", flush=True)

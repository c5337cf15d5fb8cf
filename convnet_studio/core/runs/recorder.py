"""``RunRecorder``: the trainer hook that keeps a run in its folder while it trains.

run.json at the start (status "running", this process's pid and host), a heartbeat
every few seconds (also while paused), one metrics.csv row plus the latest checkpoint
(and best, and epoch-N if asked) per epoch, steps.csv as steps are read back, a latest
checkpoint mid-epoch every ``checkpoint_every_s`` (so a killed run loses little; the
checkpoint format resumes mid-epoch exactly), and the final status at the end.

A write that fails (disk full, a read-only folder) stops the recording, not the
training: the hook yields one ``RunNote`` saying so and writes nothing more.
"""
from __future__ import annotations

import bisect
import os
import socket
import time
from typing import TYPE_CHECKING, Callable, Optional

from .. import events as ev
from ..events import EndReason
from ..train.hooks import Events, TrainerHooks
from .folder import RunFolder, RunFolderError
from .paths import utc_now

if TYPE_CHECKING:
    from ..train.trainer import Trainer

#: run.json status for each way a run ends.
STATUS_OF_END = {EndReason.COMPLETED: "finished", EndReason.STOPPED: "stopped",
                 EndReason.DIVERGED: "diverged", EndReason.ERROR: "failed"}
HEARTBEAT_EVERY_S = 10.0
CHECKPOINT_EVERY_S = 30.0
STEPS_EVERY_S = 2.0


def dataset_meta(dataset) -> dict:
    """What run.json keeps about a dataset: its name, input shape, classes and sizes."""
    return {"name": dataset.name, "input_shape": [int(v) for v in dataset.input_shape],
            "num_classes": int(dataset.num_classes), "class_names": [str(c) for c in dataset.class_names],
            "train_size": int(dataset.train_x.shape[0]), "val_size": int(dataset.val_x.shape[0])}


class RunRecorder(TrainerHooks):
    """Writes ``folder`` as the trainer runs (on the trainer's thread).

    ``checkpoint_every_s``: seconds between mid-epoch latest checkpoints (0: at every step
    whose metrics were just read back). ``epoch_checkpoints``: keep ``epoch-N.pt`` every
    N epochs (0: none). ``clock`` is for tests. After the run, ``failed`` holds the
    sentence of a write that failed (None if all went well).
    """

    def __init__(self, folder: RunFolder, *, checkpoint_every_s: float = CHECKPOINT_EVERY_S,
                 heartbeat_every_s: float = HEARTBEAT_EVERY_S, epoch_checkpoints: int = 0,
                 steps_every_s: float = STEPS_EVERY_S, clock: Callable[[], float] = time.monotonic):
        self.folder = folder
        self.checkpoint_every_s = max(0.0, float(checkpoint_every_s))
        self.heartbeat_every_s = max(0.1, float(heartbeat_every_s))
        self.epoch_checkpoints = max(0, int(epoch_checkpoints))
        self.steps_every_s = max(0.0, float(steps_every_s))
        self.clock = clock
        self.failed: Optional[str] = None
        self.ended = False
        self._meta: dict = {}
        self._steps_written = 0
        self._next_heartbeat = self._next_checkpoint = self._next_steps = 0.0
        self._best: Optional[float] = None

    # ------------------------------------------------------------ hook points
    def on_run_start(self, trainer: "Trainer") -> Events:
        def start():
            meta = self.folder.read_meta()
            best = (meta.get("metrics") or {}).get("best_val_acc")
            self._best = float(best) if isinstance(best, (int, float)) else None
            now = utc_now()
            meta.update(status="running", message="", pid=os.getpid(), host=socket.gethostname(), heartbeat=now,
                        spec=trainer.spec.to_dict() if trainer.spec is not None else None,
                        config=trainer.config.to_dict(),
                        dataset=dataset_meta(trainer.dataset), num_params=int(getattr(trainer, "num_params", 0)),
                        device=str(trainer.device) if trainer.device is not None else None)
            meta.setdefault("world_size", 1)
            factory_dict = getattr(trainer.model_factory, "to_dict", None)
            if factory_dict is not None:          # an opened model: its source instead of a spec
                meta["model"] = factory_dict()
            self._meta = meta
            self.folder.write_meta(meta)
            self._steps_written = int(trainer.step)
            t = self.clock()
            self._next_heartbeat = t + self.heartbeat_every_s
            self._next_checkpoint = t + self.checkpoint_every_s
            self._next_steps = t + self.steps_every_s
        return self._guard(start)

    def on_step_end(self, trainer: "Trainer") -> Events:
        if self.failed:
            return None
        now = self.clock()
        if now >= self._next_checkpoint and not trainer.metrics_pending:
            self._next_checkpoint = now + self.checkpoint_every_s
            return self._guard(lambda: (self._write_steps(trainer),
                                        self.folder.save_checkpoint("latest", trainer.state_for_checkpoint()),
                                        self._heartbeat(now)))
        if now >= self._next_steps:
            self._next_steps = now + self.steps_every_s
            return self._guard(lambda: self._write_steps(trainer))
        if now >= self._next_heartbeat:
            return self._guard(lambda: self._heartbeat(now))
        return None

    def on_paused(self, trainer: "Trainer") -> Events:
        now = self.clock()
        if self.failed or now < self._next_heartbeat:
            return None
        return self._guard(lambda: self._heartbeat(now))

    def paused_wait_s(self, trainer: "Trainer") -> Optional[float]:
        return None if self.failed else self.heartbeat_every_s

    def on_epoch_end(self, trainer: "Trainer") -> Events:
        if self.failed:
            return None
        return self._guard(lambda: self._record_epoch(trainer))

    def on_run_end(self, trainer: "Trainer", ended: Optional[ev.RunEnded]) -> Events:
        if self.failed or self.ended:
            self.ended = True
            return None

        def end():
            self._write_steps(trainer)
            try:
                state = trainer.state_for_checkpoint() if trainer.model is not None else None
            except (RuntimeError, MemoryError):   # e.g. the device failed: keep the last checkpoint
                state = None
            if state is not None:
                self.folder.save_checkpoint("latest", state)
            self._finish(ended, trainer.history)
        return self._guard(end)

    # ------------------------------------------------------------ for callers
    def finish(self, ended: Optional[ev.RunEnded]) -> Optional[str]:
        """Record how the run ended if the trainer did not (it failed before ``RunStarted``).

        Call it once the event loop is over; does nothing when the end was recorded.
        Returns the write problem, if any.
        """
        if not self.ended and not self.failed:
            try:
                self._finish(ended, None)
            except RunFolderError as exc:
                self.failed = str(exc)
        return self.failed

    # ---------------------------------------------------------------- writing
    def _guard(self, write: Callable[[], object]) -> Events:
        try:
            write()
        except RunFolderError as exc:
            self.failed = str(exc)
            where = self.folder.path.parent
            return [ev.RunNote(f"The run is no longer being kept in {where} ({exc}); training goes on.")]
        return None

    def _heartbeat(self, now: float) -> None:
        self._next_heartbeat = now + self.heartbeat_every_s
        self._write_meta(heartbeat=utc_now())

    def _write_meta(self, **changes) -> None:
        if not self._meta:
            self._meta = self.folder.read_meta()
        self._meta.update(changes)
        self.folder.write_meta(self._meta)

    def _write_steps(self, trainer: "Trainer") -> None:
        cols = trainer.step_log.arrays()
        steps = cols["step"]
        start = int(steps.searchsorted(self._steps_written, side="right"))
        if start >= len(steps):
            return
        ends = [int(s) for s in trainer.history["step"]]
        rows = [{"step": int(s), "epoch": bisect.bisect_left(ends, int(s)) + 1, "loss": float(loss),
                 "lr": float(lr), "acc": float(acc)}
                for s, loss, lr, acc in zip(steps[start:], cols["loss"][start:], cols["lr"][start:],
                                            cols["acc"][start:])]
        self.folder.append_steps(rows)
        self._steps_written = int(steps[-1])

    def _record_epoch(self, trainer: "Trainer") -> None:
        history = trainer.history
        epoch = int(history["epoch"][-1])
        row = {key: history[key][-1] for key in ("epoch", "step", "train_loss", "train_acc", "val_loss",
                                                  "val_acc", "lr", "img_per_s")}
        row["epoch_s"] = history["seconds"][-1]
        row["elapsed_s"] = float(sum(history["seconds"]))
        self._write_steps(trainer)
        self.folder.save_checkpoint("latest", trainer.state_for_checkpoint())
        self._next_checkpoint = self.clock() + self.checkpoint_every_s
        self.folder.append_metrics(row)
        val_acc = float(row["val_acc"])
        improved = self._best is None or val_acc > self._best
        if improved:
            self._best = val_acc
            self.folder.copy_checkpoint("latest", "best")
        if self.epoch_checkpoints and epoch % self.epoch_checkpoints == 0:
            self.folder.copy_checkpoint("latest", f"epoch-{epoch}")
        metrics = dict(self._meta.get("metrics") or {})
        if improved:
            metrics.update(best_val_acc=val_acc, best_epoch=epoch)
        metrics["final"] = final_metrics(history)
        self._write_meta(metrics=metrics, heartbeat=utc_now())

    def _finish(self, ended: Optional[ev.RunEnded], history: Optional[dict]) -> None:
        status = STATUS_OF_END.get(ended.reason, "failed") if ended is not None else "stopped"
        message = ended.message if ended is not None else "the run was left before it ended"
        changes = {"status": status, "message": message, "heartbeat": utc_now(), "ended": utc_now()}
        if history is not None:
            metrics = dict(self._meta.get("metrics") or {})
            metrics["final"] = final_metrics(history)
            changes["metrics"] = metrics
        if ended is not None:
            changes["steps"] = int(ended.step)
        self._write_meta(**changes)
        self.ended = True


def final_metrics(history: dict) -> dict:
    """The last completed epoch's figures from a trainer's history ({} before the first epoch)."""
    if not history.get("epoch"):
        return {}
    return {key: history[key][-1] for key in ("epoch", "step", "train_loss", "train_acc", "val_loss", "val_acc",
                                             "lr") if history.get(key)}

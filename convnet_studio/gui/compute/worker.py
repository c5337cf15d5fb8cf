"""TrainingWorker: the one object that touches models and tensors, living in the compute thread.

The worker runs ``Trainer.run()`` inside a slot, so while a run is live its thread
is busy with training and nothing else; the GUI reaches the trainer only through
the worker's thread-safe command methods (``pause``, ``resume``, ``stop``,
``set_hparams``, ``request_snapshot``), which forward to the trainer's own
thread-safe commands. Every core event leaves through one signal, ``event``,
carrying plain data; connect it to a slot of an object in the GUI thread (it is
then queued). When no run is live, the worker computes snapshots (filters, feature
maps) of the last trained model, or of a freshly initialised one, on request.
Analysis jobs (``submit_job``, see ``worker_jobs.py``) run between the live run's
steps, or else here on that same model.

``RunController`` (in ``run_controller.py``) is the GUI-thread handle that owns the
thread and this worker.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal, Slot

from ...core import events
from ...core.jobs.queue import JobContext, JobQueue
from ...core.util.threads import release_openmp_pool
from .idle_jobs import JobsMixin, JobTarget  # noqa: F401 - JobTarget is part of this module's API


@dataclass(frozen=True)
class RunRequest:
    """What the GUI hands over when Train is pressed (frozen copies)."""
    token: int
    spec: Any                   # ModelSpec
    config: Any                 # TrainConfig
    dataset: Any                # InMemoryDataset (immutable once loaded)


@dataclass(frozen=True)
class SnapshotRequest:
    """An idle-time look inside the model: which net, which data statistics, which image."""
    spec: Any
    input_shape: tuple
    num_classes: int
    mean: tuple
    std: tuple
    seed: int
    image: Optional[np.ndarray]
    key: Optional[str]


@dataclass(frozen=True)
class OpenedRun:
    """Plain facts about a run file the worker loaded (its tensors stay in the worker)."""
    path: str
    spec: Any
    config: Any
    dataset_name: str
    epoch: int
    step: int
    history: dict

    def epoch_events(self) -> list:
        """The run's per-epoch history as ``EpochEnd`` events (steps spread evenly), for the plots."""
        hist, out = self.history, []
        for i in range(len(hist.get("epoch", []))):
            out.append(events.EpochEnd(
                epoch=int(hist["epoch"][i]), step=int(round(self.step * (i + 1) / max(1, self.epoch))),
                train_loss=float(hist["train_loss"][i]), train_acc=float(hist["train_acc"][i]),
                val_loss=float(hist["val_loss"][i]), val_acc=float(hist["val_acc"][i]),
                img_per_s=float(hist["img_per_s"][i]), seconds=float(hist["seconds"][i]),
                lr=float(hist["lr"][i])))
        return out


def _sentence(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if text.endswith((".", "!", "?")) else text + "."


class TrainingWorker(JobsMixin, QObject):
    """Runs training, idle snapshots and run-file I/O in the thread it was moved to."""

    event = Signal(object)          # a core event (plain data)
    runFinished = Signal(int)       # token of the run whose last event was emitted
    saveDone = Signal(str, str)     # path, error sentence ("" on success)
    openDone = Signal(object, str)  # OpenedRun or None, error sentence
    warmedUp = Signal()
    _idleJobsPosted = Signal()

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._trainer = None            # the live trainer (guarded by _lock)
        self._token = 0                 # token of the run the commands below apply to
        self._pending_stop = False
        self._pending_pause = False
        self._pending_hparams: dict = {}
        self._pending_probe: Optional[tuple] = None
        self._closing = False
        self._snapshot_req: Optional[SnapshotRequest] = None
        self._jobs = JobQueue()         # shared with each run's trainer
        self._job_target: Optional[JobTarget] = None
        self._idle_posted = False
        self._lesions: dict = {}
        self._idleJobsPosted.connect(self._run_idle_jobs_slot, Qt.ConnectionType.QueuedConnection)
        # Worker-thread only:
        self._last_trainer = None       # the trainer of the last run (its model for snapshots, saving)
        self._last_spec = None
        self._resume = None             # a RunState opened from a file, used by the next matching run
        self._fresh_key = None
        self._fresh_model = None
        self._idle_ctx: Optional[JobContext] = None

    # ------------------------------------------------------------ thread-safe commands (any thread)
    def prepare(self, token: int, probe: Optional[tuple] = None) -> None:
        """Reset command flags for the run ``token`` that is about to be queued."""
        with self._lock:
            self._token = token
            self._pending_stop = self._pending_pause = False
            self._pending_hparams = {}
            self._pending_probe = probe

    def pause(self) -> None:
        with self._lock:
            if self._trainer is not None:
                self._trainer.pause()
            else:
                self._pending_pause = True

    def resume(self) -> None:
        with self._lock:
            if self._trainer is not None:
                self._trainer.resume()
            else:
                self._pending_pause = False

    def stop(self) -> None:
        with self._lock:
            if self._trainer is not None:
                self._trainer.stop()
            else:
                self._pending_stop = True

    def close(self) -> None:
        """Stop any run and refuse new work: the thread is about to be joined."""
        with self._lock:
            self._closing = True
            self._snapshot_req = None
        self._jobs.clear()
        self.stop()

    def set_hparams(self, lr: Optional[float] = None, momentum: Optional[float] = None,
                    weight_decay: Optional[float] = None) -> None:
        changes = {k: v for k, v in (("lr", lr), ("momentum", momentum), ("weight_decay", weight_decay))
                   if v is not None}
        with self._lock:
            if self._trainer is not None:
                try:
                    self._trainer.set_hparams(**changes)
                except ValueError:  # ConfigError: the panel's ranges make this unlikely
                    pass
            else:
                self._pending_hparams.update(changes)

    def request_snapshot(self, image: Optional[np.ndarray], key: Optional[str]) -> bool:
        """Ask the live trainer for a snapshot of ``image``; False when no trainer is live yet."""
        with self._lock:
            if self._trainer is not None:
                try:
                    self._trainer.request_snapshot(image=image, key=key)
                except ValueError:
                    return False
                return True
            self._pending_probe = (image, key)
            return False

    def post_snapshot_request(self, request: SnapshotRequest) -> None:
        """Remember the newest idle snapshot request; ``compute_snapshot`` serves only the newest."""
        with self._lock:
            if not self._closing:
                self._snapshot_req = request

    # ------------------------------------------------------------ slots (run in the worker thread)
    @Slot(object)
    def start_run(self, request: RunRequest) -> None:
        """Build the trainer and run it to the end, emitting every event."""
        from ...core.train.trainer import Trainer

        with self._lock:
            stale = request.token != self._token or self._closing
        if stale:
            self.runFinished.emit(request.token)
            return
        resume = self._take_resume(request)
        try:
            trainer = Trainer(request.spec, request.config, request.dataset, resume=resume, jobs=self._jobs)
        except Exception as exc:  # noqa: BLE001 - any failure becomes a one-sentence RunEnded
            self.event.emit(events.RunEnded("error", _sentence(exc), 0, 0, 0.0))
            self.runFinished.emit(request.token)
            return
        with self._lock:
            self._trainer = trainer
            trainer.set_lesions(self._lesions)
            if self._pending_hparams:
                trainer.set_hparams(**self._pending_hparams)
            image, key = self._pending_probe if self._pending_probe is not None else (None, None)
            try:
                trainer.request_snapshot(image=image, key=key)
            except ValueError:  # a probe image of another dataset: filters only
                trainer.request_snapshot(image=None, key=None)
            if self._pending_pause:
                trainer.pause()
            if self._pending_stop or self._closing:
                trainer.stop()
        ended = False
        try:
            for ev in trainer.run():
                ended = ended or isinstance(ev, events.RunEnded)
                self.event.emit(ev)
        except Exception as exc:  # noqa: BLE001
            if not ended:
                self.event.emit(events.RunEnded("error", f"Training failed: {_sentence(exc)}", 0, 0, 0.0))
                ended = True
        finally:
            with self._lock:
                self._trainer = None
        if not ended:
            self.event.emit(events.RunEnded("stopped", "The run ended.", 0, 0, 0.0))
        self._last_trainer = trainer
        self._last_spec = request.spec
        # An idle studio holds no OpenMP pool that would throttle another thread's torch work.
        release_openmp_pool()
        self.runFinished.emit(request.token)
        if self._jobs.has_work():
            self._post_idle_jobs()

    @Slot()
    def compute_snapshot(self) -> None:
        """Serve the newest idle snapshot request (older ones were superseded)."""
        with self._lock:
            request, self._snapshot_req = self._snapshot_req, None
            busy = self._trainer is not None
        if request is None or busy:
            return
        try:
            from ...core.jobs.analysis import lesioned_snapshot
            model, step, epoch = self._model_for(request)
            snap = lesioned_snapshot(model, request.spec, request.image, request.mean, request.std,
                                     step, epoch, request.key, self._lesions)
        except Exception:  # noqa: BLE001 - an impossible net simply has nothing to show
            return
        finally:
            release_openmp_pool()          # idle again: hold no pool (see the end of start_run)
        self.event.emit(snap)

    @Slot()
    def _run_idle_jobs_slot(self) -> None:
        self.run_idle_jobs()

    @Slot(str)
    def save_run(self, path: str) -> None:
        """Save the last run (model, optimizer, history) to ``path``; ``saveDone`` reports it."""
        self.saveDone.emit(path, self.save_run_now(path))

    def save_run_now(self, path: str) -> str:
        """Save the last run to ``path`` in the calling thread; returns an error sentence or ""."""
        from ...core.train.checkpoint import save_run
        trainer = self._last_trainer
        if trainer is None:
            return "There is no trained run to save yet; press Train first."
        try:
            save_run(path, trainer.state_for_checkpoint())
        except Exception as exc:  # noqa: BLE001
            return _sentence(exc)
        return ""

    @Slot(str)
    def open_run(self, path: str) -> None:
        """Load a run file; its weights become the model shown when idle and the next matching run resumes it."""
        from ...core.train.checkpoint import load_run
        try:
            run = load_run(path)
        except Exception as exc:  # noqa: BLE001
            self.openDone.emit(None, _sentence(exc))
            return
        self._resume = run
        self._last_trainer = None
        self._fresh_key = None
        history = {k: list(v) for k, v in dict(run.history).items()}
        self.openDone.emit(OpenedRun(path, run.spec, run.config, run.dataset_name, run.epoch, run.step, history), "")

    @Slot()
    def warm_up(self) -> None:
        """Pay one-time costs of the first run now, off the GUI thread.

        The first optimizer built in a process imports ``torch._dynamo`` lazily (seconds);
        doing it while the user looks around makes the first Train start at once.
        """
        try:
            import torch
            torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
        except Exception:  # noqa: BLE001 - only an optimisation
            pass
        self.warmedUp.emit()

    @Slot()
    def forget_run(self) -> None:
        """Drop the last run and any opened run (File > New)."""
        self._last_trainer = None
        self._last_spec = None
        self._resume = None
        self._fresh_key = None
        self._fresh_model = None
        self._idle_ctx = None

    # ------------------------------------------------------------ worker-thread helpers
    def _take_resume(self, request: RunRequest):
        run = self._resume
        if run is None or run.spec != request.spec:
            return None
        name = getattr(request.dataset, "name", None)
        if name is not None and run.dataset_name not in ("", name):
            return None
        self._resume = None
        return run

    def _model_for(self, request: SnapshotRequest):
        """(model, step, epoch) to look at: the last run's model if it matches, else a fresh one."""
        import torch
        from ...core.model.builder import build

        trainer = self._last_trainer
        model = getattr(trainer, "model", None) if trainer is not None else None
        if (model is not None and self._last_spec == request.spec
                and tuple(trainer.dataset.input_shape) == tuple(request.input_shape)
                and trainer.dataset.num_classes == request.num_classes):
            return model, int(trainer.step), int(trainer.epoch)
        key = (request.spec, tuple(request.input_shape), request.num_classes, request.seed,
               id(self._resume))
        if key != self._fresh_key:
            torch.manual_seed(request.seed)
            model = build(request.spec, request.input_shape, request.num_classes)
            run = self._resume
            if run is not None and run.spec == request.spec:
                try:
                    model.load_state_dict(run.model_state)
                except (RuntimeError, KeyError, ValueError):
                    pass
            model.eval()
            self._fresh_key, self._fresh_model = key, model
        run = self._resume
        if run is not None and run.spec == request.spec:
            return self._fresh_model, int(run.step), int(run.epoch)
        return self._fresh_model, 0, 0

"""TrainingWorker: the one object that touches models and tensors, living in the compute thread.

The worker runs ``Trainer.run()`` inside a slot, so while a run is live its thread
is busy with training and nothing else. The GUI steers the run through one
thread-safe ``Commands`` object (``core.train.commands``) that the worker makes in
``prepare`` and hands to the trainer: ``pause``, ``resume``, ``stop``,
``set_hparams``, ``request_snapshot`` and ``set_lesions`` go straight into it, and a
bad value raises there, in the caller's thread. Every core event leaves through one
signal, ``event``, carrying plain data; connect it to a slot of an object in the GUI
thread (it is then queued). When no run is live, the worker computes snapshots
(filters, feature maps) of the last trained model, or of a freshly initialised one,
on request, and its ``IdleJobRunner`` runs analysis jobs on that same model.
Every run is kept in the runs workspace by a ``RunRecorder`` hook, in the folder its
``RunLineage`` picks (a run that goes on from the last one goes on in the same run
folder); ``runKept`` says where, or why not. ``run_hooks`` lists a run's other hooks.
Its ``TorchLoader`` imports PyTorch and warms it up, in the same thread.

``RunController`` (in ``run_controller.py``) is the GUI-thread handle that owns the
thread and this worker.
"""
from __future__ import annotations

import threading
from typing import Optional, Sequence

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from ...core import events
from ...core.errors import one_sentence
from ...core.events import EndReason
from ...core.jobs.queue import AnalysisJob, JobQueue
from ...core.train.commands import Commands
from ...core.util.threads import release_openmp_pool
from ..i18n import error_text, message_text
from .idle_jobs import IdleJobRunner
from .opened_models import FineTuneAnnouncer, OpenedModels
from .requests import JobTarget, OpenedRun, RunRequest, SnapshotRequest
from .run_hooks import run_hooks
from .run_lineage import RunLineage
from .torch_loader import TorchLoader


class TrainingWorker(QObject):
    """Runs training, idle snapshots and run-file I/O in the thread it was moved to."""

    event = Signal(object)          # a core event (plain data)
    runFinished = Signal(int)       # token of the run whose last event was emitted
    saveDone = Signal(str, str)     # path, error sentence ("" on success)
    exportProgress = Signal(object)  # the stage an export is at (a str; a catalogue Message)
    exportDone = Signal(str, str, str)  # path, what was written ("" on failure), error sentence ("" on success)
    openDone = Signal(object, str)  # OpenedRun or None, error sentence
    modelOpened = Signal(object, str)   # OpenedModelInfo or None, error sentence
    modelTuned = Signal(object)         # OpenedModelInfo of the model a fine-tune run trains (at its start)
    runKept = Signal(int, str, str)     # token, run folder ("" if none), why the run is not (fully) kept ("" if it is)

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._trainer = None            # the live trainer (guarded by _lock)
        self._token = 0                 # token of the run that _commands steers
        self._commands = Commands()     # the next (or live) run's commands; lesions carry over
        self._closing = False
        self._snapshot_req: Optional[SnapshotRequest] = None
        self._jobs = JobQueue()         # shared with each run's JobRunner hook
        self.idle_jobs = IdleJobRunner(self._jobs, self._model_for, self.event.emit, parent=self)
        self.torch_loader = TorchLoader(parent=self)
        # Worker-thread only:
        self._last_trainer = None       # the trainer of the last run (its model for snapshots, saving)
        self._last_spec = None
        self.lineage = RunLineage()     # the opened run the next matching run resumes; the last run's folder
        self._fresh_key = None
        self._fresh_model = None
        self._run_probe = (None, None)  # (set by prepare) the probe image the next run's time-lapse follows
        self.opened = OpenedModels()    # File > Open model (and what fine-tuning made of it), looked at when asked

    # ------------------------------------------------------------ thread-safe commands (any thread)
    @property
    def commands(self) -> Commands:
        """The commands of the run prepared last (the live one while it runs)."""
        with self._lock:
            return self._commands

    def prepare(self, token: int, probe: Optional[tuple] = None,
                image_shape: Optional[Sequence[int]] = None) -> None:
        """Make fresh commands for the run ``token`` about to be queued, asking for a first snapshot of
        ``probe`` (image, key[, transform[, label]]); a probe not of ``image_shape`` (another dataset's) gives
        filters only."""
        with self._lock:
            commands = Commands(image_shape, lesions=self._commands.lesions)
            self._token, self._commands = token, commands
        image, key, transform, label = (tuple(probe) + (None, None))[:4] if probe is not None else (None,) * 4
        self._run_probe = (image, label)    # the image the run's time-lapse follows, and its class
        try:
            commands.request_snapshot(image, key, transform)
        except ValueError:
            commands.request_snapshot(None, None)

    def pause(self) -> None:
        self.commands.pause()

    def resume(self) -> None:
        self.commands.resume()

    def stop(self) -> None:
        self.commands.stop()

    def set_hparams(self, lr: Optional[float] = None, momentum: Optional[float] = None,
                    weight_decay: Optional[float] = None) -> None:
        """Live hyperparameters for the run; ``ConfigError`` (a ValueError) for a bad value."""
        self.commands.set_hparams(lr=lr, momentum=momentum, weight_decay=weight_decay)

    def request_snapshot(self, image: Optional[np.ndarray], key: Optional[str], transform=None) -> None:
        """Ask the run for a snapshot of ``image`` after ``transform`` (the newest request wins);
        ``ValueError`` when it is not of the run's input shape."""
        self.commands.request_snapshot(image, key, transform)

    def set_lesions(self, lesions: dict) -> None:
        """Switch ``{layer: channels}`` off in snapshots (live and idle); the weights stay as trained.

        ``ValueError`` for anything but whole numbers from 0."""
        self.commands.set_lesions(lesions)

    def submit_job(self, job: AnalysisJob, target: Optional[JobTarget]) -> None:
        """Run ``job`` between the live run's steps, or else on ``target``'s model in this thread.

        Only the newest job of each kind runs; results leave through ``event``.
        """
        self.idle_jobs.submit(job, target)

    def cancel_job(self, kind: str) -> None:
        """Stop the job of ``kind`` (its result says "Cancelled.")."""
        self.idle_jobs.cancel(kind)

    def close(self) -> None:
        """Stop any run and refuse new work: the thread is about to be joined."""
        with self._lock:
            self._closing = True
            self._snapshot_req = None
        self.idle_jobs.close()
        self.stop()

    def post_snapshot_request(self, request: SnapshotRequest) -> None:
        """Remember the newest idle snapshot request; ``compute_snapshot`` serves only the newest."""
        with self._lock:
            if not self._closing:
                self._snapshot_req = request

    # ------------------------------------------------------------ slots (run in the worker thread)
    @Slot(object)
    def start_run(self, request: RunRequest) -> None:
        """Build the trainer with its hooks and run it to the end, emitting every event."""
        from ...core.train.trainer import Trainer

        with self._lock:
            stale = request.token != self._token or self._closing
            commands = self._commands
        if stale:
            self.runFinished.emit(request.token)
            return
        recorder = None
        try:
            resume = self._resume_for(request)
            recorder = self._recorder_for(request, resume)
            # a fine-tune run first tells the views which model it trains, then snapshots it
            announcer = FineTuneAnnouncer(self.modelTuned.emit) if request.model_factory is not None else None
            hooks = run_hooks(request, self._jobs, announcer, recorder, self._run_probe, self.event.emit)
            trainer = Trainer(request.spec, request.config, request.dataset, resume=resume, commands=commands,
                              hooks=hooks, model_factory=request.model_factory)
        except Exception as exc:  # noqa: BLE001 - any failure becomes a one-sentence RunEnded
            failed = events.RunEnded(EndReason.ERROR, one_sentence(exc), 0, 0, 0.0)
            if recorder is not None:
                recorder.finish(failed)
            self.event.emit(failed)
            self.runFinished.emit(request.token)
            return
        with self._lock:
            self._trainer = trainer
            if self._closing:
                commands.stop()
        self.idle_jobs.set_live(True)
        ended = False
        last_end = None
        try:
            for ev in trainer.run():
                if isinstance(ev, events.RunEnded):
                    ended, last_end = True, ev
                self.event.emit(ev)
        except Exception as exc:  # noqa: BLE001
            if not ended:
                last_end = events.RunEnded(EndReason.ERROR, one_sentence(exc), 0, 0, 0.0)
                self.event.emit(last_end)
                ended = True
        finally:
            with self._lock:
                self._trainer = None
        if not ended:
            self.event.emit(events.RunEnded(EndReason.STOPPED, self.tr("The run ended."), 0, 0, 0.0))
        if recorder is not None:
            problem = recorder.finish(last_end)
            if problem:
                self.runKept.emit(request.token, str(recorder.folder.path), problem)
        self._last_trainer = trainer
        self._last_spec = request.spec
        if announcer is not None and self.opened.adopt(trainer, announcer.info):
            self.idle_jobs.forget_model()       # idle looks now see the fine-tuned model
        # An idle studio holds no OpenMP pool that would throttle another thread's torch work.
        release_openmp_pool()
        self.runFinished.emit(request.token)
        self.idle_jobs.set_live(False)

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
            if request.model is not None:
                self.event.emit(self.opened.snapshot(model, request, step, epoch))
                return
            snap = lesioned_snapshot(model, request.spec, request.image, request.mean, request.std,
                                     step, epoch, request.key, self.commands.lesions, request.transform)
        except Exception:  # noqa: BLE001 - an impossible net simply has nothing to show
            return
        finally:
            release_openmp_pool()          # idle again: hold no pool (see the end of start_run)
        self.event.emit(snap)

    @Slot(str)
    def save_run(self, path: str) -> None:
        """Save the last run (model, optimizer, history) to ``path``; ``saveDone`` reports it."""
        self.saveDone.emit(path, self.save_run_now(path))

    def save_run_now(self, path: str) -> str:
        """Save the last run to ``path`` in the calling thread; returns an error sentence or ""."""
        from ...core.train.checkpoint import save_run
        trainer = self._last_trainer
        if trainer is None:
            return self.tr("There is no trained run to save yet; press Train first.")
        try:
            save_run(path, trainer.state_for_checkpoint())
        except Exception as exc:  # noqa: BLE001
            return message_text(one_sentence(exc))
        return ""

    @Slot(str, str)
    def export_model(self, fmt: str, path: str) -> None:
        """Export the last run's model as ``fmt`` to ``path``; ``exportProgress``/``exportDone`` report it."""
        from .model_export import export_run
        trainer = self._last_trainer
        if trainer is not None and trainer.model is not None:
            run, dataset = trainer.state_for_checkpoint(), trainer.dataset
        elif self.lineage.opened is not None:
            run, dataset = self.lineage.opened, None
        else:
            self.exportDone.emit(path, "", self.tr("There is no trained run to export yet; press Train first."))
            return
        message, error = export_run(run, dataset, fmt, path, self.exportProgress.emit)
        release_openmp_pool()
        self.exportDone.emit(path, message, error)

    @Slot(str)
    def save_run_and_forget(self, path: str) -> None:
        """Save the last run to ``path``, then drop it (its network is being replaced); kept if saving failed."""
        error = self.save_run_now(path)
        if not error:
            self.forget_run()
        self.saveDone.emit(path, error)

    @Slot(str)
    def open_run(self, path: str) -> None:
        """Load a run file; its weights become the model shown when idle and the next matching run resumes it."""
        from ...core.train.checkpoint import load_run
        try:
            run = load_run(path)
        except Exception as exc:  # noqa: BLE001
            self.openDone.emit(None, message_text(one_sentence(exc)))
            return
        self.lineage.open(path, run)
        self._last_trainer = None
        self._fresh_key = None
        self.openDone.emit(OpenedRun.of(path, run), "")

    @Slot(object)
    def open_model(self, source) -> None:
        """Open a torchvision / TorchScript / Python model here; ``modelOpened`` reports it."""
        try:
            info = self.opened.open(source)
        except Exception as exc:  # noqa: BLE001 - every failure is told in one sentence
            self.modelOpened.emit(None, message_text(one_sentence(exc)))
            return
        finally:
            release_openmp_pool()
        self.idle_jobs.forget_model()
        self.modelOpened.emit(info, "")

    @Slot()
    def close_model(self) -> None:
        """Forget the opened model (back to the spec's network)."""
        self.opened.close()
        self.idle_jobs.forget_model()

    @Slot()
    def forget_run(self) -> None:
        """Drop the last run and any opened run (File > New)."""
        self._last_trainer = None
        self._last_spec = None
        self.lineage.forget()
        self._fresh_key = None
        self._fresh_model = None
        self.idle_jobs.forget_model()

    # ------------------------------------------------------------ worker-thread helpers
    def _resume_for(self, request: RunRequest):
        """The ``RunState`` the run goes on from (``RunLineage.resume_for``), or None. Another optimizer
        starts from a fresh state."""
        from ...core.train.checkpoint import with_fresh_optimizer
        run = self.lineage.resume_for(request, self._last_trainer)
        if run is not None and run.config.optimizer != request.config.optimizer:
            saved = run.config.optimizer
            run = with_fresh_optimizer(run, request.config)
            self.event.emit(events.RunNote(self.tr("The run was trained with {saved}; {optimizer} starts with a fresh "
                                                   "optimizer state (the weights are kept).").format(
                saved=saved, optimizer=request.config.optimizer)))
        return run

    def _recorder_for(self, request: RunRequest, resume):
        """The hook that keeps this run in the folder ``RunLineage.folder_for`` picks, or None.

        A workspace that takes no folder is told once (``RunNote``); the run trains anyway.
        """
        if not request.keep:
            return None
        from ...core.runs.folder import RunFolderError
        from ...core.runs.recorder import RunRecorder
        try:
            folder = self.lineage.folder_for(request, resume)
        except RunFolderError as exc:
            self.event.emit(events.RunNote(self.tr("This run is not being kept in the runs folder ({0}); training "
                                                   "goes on, and File ▸ Save run can keep it.").format(
                                                       error_text(exc))))
            self.runKept.emit(request.token, "", error_text(exc))
            return None
        self.runKept.emit(request.token, str(folder.path), "")
        return RunRecorder(folder)

    def _model_for(self, request: SnapshotRequest):
        """(model, step, epoch) to look at: the last run's model if it matches, else a fresh one."""
        import torch
        from ...core.model.builder import build

        if request.model is not None:
            return self.opened.model_for(request)
        trainer = self._last_trainer
        model = getattr(trainer, "model", None) if trainer is not None else None
        if (model is not None and self._last_spec == request.spec
                and tuple(trainer.dataset.input_shape) == tuple(request.input_shape)
                and trainer.dataset.num_classes == request.num_classes):
            return model, int(trainer.step), int(trainer.epoch)
        opened = self.lineage.opened
        key = (request.spec, tuple(request.input_shape), request.num_classes, request.seed, id(opened))
        run = opened if opened is not None and opened.spec == request.spec else None    # its weights fit
        if key != self._fresh_key:
            torch.manual_seed(request.seed)
            model = build(request.spec, request.input_shape, request.num_classes)
            if run is not None:
                try:
                    model.load_state_dict(run.model_state)
                except (RuntimeError, KeyError, ValueError):
                    pass
            model.eval()
            self._fresh_key, self._fresh_model = key, model
        if run is not None:
            return self._fresh_model, int(run.step), int(run.epoch)
        return self._fresh_model, 0, 0

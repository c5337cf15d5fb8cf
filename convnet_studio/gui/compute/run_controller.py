"""RunController: the GUI-thread handle on the compute thread and its TrainingWorker.

It owns the ``QThread`` (also used by the dataset loader, so that only one thread
ever runs torch work), starts runs from the current ``StudioState``, forwards
pause/resume/stop and live hyperparameters, hands analysis jobs to the worker, and
joins the thread on ``shutdown``. Its ``SnapshotRequester`` asks for snapshots when
the probe image, the spec or the dataset change; ``compute_threads`` holds the thread
until it has finished. All worker signals are connected to slots of objects living in
the GUI thread.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ...core import events
from ...core.errors import one_sentence
from ...core.messages import reason_of
from ...core.util.threads import release_openmp_pool
from ..i18n import spec_error_text
from ..run_telemetry import RunStatus
from ..state import StudioState
from .compute_threads import keep_alive
from .requests import JobTarget, RunRequest
from .snapshot_requester import SnapshotRequester
from .worker import TrainingWorker


class RunController(QObject):
    """Starts, steers and ends training runs on behalf of the window."""

    saveFinished = Signal(str, str)     # path, error sentence ("" on success)
    exportProgress = Signal(object)     # the stage an export is at (a str; a catalogue Message)
    exportFinished = Signal(str, str, str)  # path, what was written ("" on failure), error sentence
    runOpened = Signal(object, str)     # OpenedRun or None, error sentence
    hasRunChanged = Signal(bool)        # a trained (or opened) run now exists / no longer exists
    warmedUp = Signal()                 # the worker paid the first run's one-time costs
    torchLoaded = Signal(object, str)   # device names (tuple), error sentence: see ``load_torch``
    _startRequested = Signal(object)    # RunRequest -> worker.start_run (queued)
    _saveRequested = Signal(str)
    _saveAndForgetRequested = Signal(str)
    _exportRequested = Signal(str, str)
    _openRequested = Signal(str)
    _forgetRequested = Signal()
    _warmUpRequested = Signal()
    _torchRequested = Signal()
    _openModelRequested = Signal(object)
    _closeModelRequested = Signal()
    modelOpened = Signal(object, str)   # OpenedModelInfo or None, error sentence

    def __init__(self, state: StudioState, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.state = state
        self.thread = QThread()
        self.thread.setObjectName("convnet-studio-compute")
        self.worker = TrainingWorker()
        self.worker.moveToThread(self.thread)
        self._token = 0
        self._has_run = False
        self._shut = False
        self._warm = False
        self._unsaved = False           # trained steps since the last save or open, not kept in the runs folder
        self._kept = ("", "")           # (run folder, why not kept) of the run started last
        self._forget_on_save = False    # a save_and_forget is under way
        self._started = None            # (spec, dataset, start step) of the run in progress
        self._last_run = None           # (spec, dataset, step, epoch, end reason) of the last run
        self.tensorboard_logs = False   # runs write TensorBoard logs into their run folders
        self._startRequested.connect(self.worker.start_run)
        self._saveRequested.connect(self.worker.save_run)
        self._saveAndForgetRequested.connect(self.worker.save_run_and_forget)
        self._exportRequested.connect(self.worker.export_model)
        self.worker.exportProgress.connect(self.exportProgress)
        self.worker.exportDone.connect(self.exportFinished)
        self._openRequested.connect(self.worker.open_run)
        self._forgetRequested.connect(self.worker.forget_run)
        self._warmUpRequested.connect(self.worker.torch_loader.warm_up)
        self._torchRequested.connect(self.worker.torch_loader.load)
        self._openModelRequested.connect(self.worker.open_model)
        self._closeModelRequested.connect(self.worker.close_model)
        self.worker.modelOpened.connect(self._on_model_opened)
        self.worker.modelTuned.connect(self._on_model_tuned)
        self.worker.event.connect(state.dispatch_event)
        self.worker.runFinished.connect(self._on_run_finished)
        self.worker.saveDone.connect(self._on_save_done)
        self.worker.openDone.connect(self._on_open_done)
        self.worker.torch_loader.warmedUp.connect(self._on_warmed_up)
        self.worker.torch_loader.loaded.connect(self._on_torch_loaded)
        self.worker.runKept.connect(self._on_run_kept)
        self._snapshots = SnapshotRequester(state, self.worker, self._refused, self)
        state.analysisRequested.connect(self._on_analysis_requested)
        state.analysisCancelled.connect(self._on_analysis_cancelled)
        state.runStarted.connect(self._on_run_started)
        keep_alive(self.thread, self.worker, self)
        self.thread.start()

    # ------------------------------------------------------------ queries
    @property
    def has_run(self) -> bool:
        """True once a run has trained (or was opened) and could be saved."""
        return self._has_run

    @property
    def has_unsaved_run(self) -> bool:
        """True when a run trained steps that no save (or open) has kept yet."""
        return self._has_run and self._unsaved

    @property
    def kept_run_dir(self) -> str:
        """The runs-folder entry the last (or live) run is kept in, or ""."""
        return self._kept[0]

    @property
    def run_is_kept(self) -> bool:
        """True when the last (or live) run is kept in the runs folder (nothing to lose by closing)."""
        return bool(self._kept[0]) and not self._kept[1]

    def continuable_step(self) -> Optional[int]:
        """The step the last run can go on from with the current spec, data and epochs, or None."""
        last, state = self._last_run, self.state
        if not self._has_run or last is None or state.is_running:
            return None
        spec, dataset, step, epoch, reason = last
        if reason not in ("stopped", "completed", "diverged") or step <= 0:
            return None
        if spec != state.spec or dataset is not state.dataset or epoch >= state.config.epochs:
            return None
        return step

    @property
    def is_warm(self) -> bool:
        """True once the worker's warm-up ran (the first Train then starts without import delays)."""
        return self._warm

    @property
    def is_alive(self) -> bool:
        return self.thread.isRunning()

    # ------------------------------------------------------------ commands
    def start(self, continue_run: bool = False) -> str:
        """Start training the current spec/config/dataset; returns "" or why it cannot start.

        ``continue_run``: go on from the last run (``continuable_step``) instead of from step 0.
        """
        reason = self.state.train_blocker()
        if reason or self._shut:
            return reason or self.tr("The application is closing.")
        try:
            config = self.state.config.validate()
        except ValueError as exc:
            return reason_of(exc)             # a catalogue Message: the run panel translates it
        continue_run = bool(continue_run and self.continuable_step() is not None)
        self._token += 1
        probe = self.state.probe_image
        self.worker.prepare(self._token, (probe.image, probe.key, self.state.probe_transform, probe.label)
                            if probe is not None else None, self.state.input_shape)
        self.state.set_run_status(RunStatus.STARTING)
        # Only the compute thread may keep an OpenMP pool while training (core/threads.py).
        release_openmp_pool()
        self._started = (self.state.spec, self.state.dataset, None)
        self._kept = ("", "")
        factory, spec = None, self.state.spec
        if self.state.opened_model is not None:
            from ...core.train.finetune import FineTune    # torch is loaded: Train waits for it
            factory, spec = FineTune(self.state.opened_model.source, self.state.head_only), None
        self._startRequested.emit(RunRequest(self._token, spec, config, self.state.dataset,
                                             continue_run=continue_run, tensorboard=self.tensorboard_logs,
                                             model_factory=factory))
        return ""

    def pause(self) -> None:
        if self.state.run_status in (RunStatus.STARTING, RunStatus.RUNNING):
            self.worker.pause()

    def resume(self) -> None:
        if self.state.run_status in (RunStatus.STARTING, RunStatus.PAUSED):
            self.worker.resume()

    def stop(self) -> None:
        if self.state.run_status in (RunStatus.STARTING, RunStatus.RUNNING, RunStatus.PAUSED):
            self.state.set_run_status(RunStatus.STOPPING)
            self.worker.stop()

    def set_live_hparams(self, lr: Optional[float] = None, momentum: Optional[float] = None,
                         weight_decay: Optional[float] = None) -> None:
        """Apply lr / momentum / weight decay to the live run from its next step.

        A value the run cannot take is refused: ``state`` gets a ``CommandRefused`` event.
        """
        if self.state.is_running:
            try:
                self.worker.set_hparams(lr=lr, momentum=momentum, weight_decay=weight_decay)
            except ValueError as exc:
                self._refused("hparams", exc)

    def _refused(self, command: str, exc: BaseException) -> None:
        self.state.dispatch_event(events.CommandRefused(command, one_sentence(exc)))

    def save_run(self, path: str) -> None:
        """Save the last run in the compute thread; ``saveFinished`` reports the outcome."""
        self._saveRequested.emit(str(path))

    def export_model(self, fmt: str, path: str) -> None:
        """Export the last run's model in the compute thread; ``exportProgress``/``exportFinished`` report it."""
        self._exportRequested.emit(str(fmt), str(path))

    def save_and_forget(self, path: str) -> None:
        """Save the last run, then drop it (its network is being replaced); kept if the save fails."""
        self._forget_on_save = True
        self._last_run = None
        self._unsaved = False
        self._set_has_run(False)
        self._saveAndForgetRequested.emit(str(path))

    def open_run(self, path: str) -> None:
        """Load a run file in the compute thread; ``runOpened`` reports the outcome."""
        self._openRequested.emit(str(path))

    def open_model(self, source) -> None:
        """Open the ``ModelSource`` in the compute thread; ``modelOpened`` reports it and the state
        shows the model (``state.opened_model``) once it is open."""
        self._openModelRequested.emit(source)

    def close_model(self) -> None:
        """Back to the spec's network."""
        self.state.set_opened_model(None)
        self._closeModelRequested.emit()
        self._snapshots.schedule()

    @Slot(object, str)
    def _on_model_opened(self, info, error: str) -> None:
        if info is not None and not self._shut:
            self.state.set_opened_model(info)
            self._snapshots.schedule()
        self.modelOpened.emit(info, error)

    @Slot(object)
    def _on_model_tuned(self, info) -> None:
        """A fine-tune run started: the views show the model it trains (its new head, the dataset's classes)."""
        if not self._shut and self.state.opened_model is not None:
            self.state.set_opened_model(info)

    def load_torch(self) -> None:
        """Import PyTorch in the compute thread; ``state.torch_loading`` holds Train until it is done.

        ``torchLoaded(devices, error)`` tells the outcome. Work queued after this (a dataset load)
        runs once PyTorch is in.
        """
        self.state.set_torch_loading(True)
        self._torchRequested.emit()

    def warm_up(self) -> None:
        """Queue the worker's one-time warm-up (after whatever is queued already, e.g. a dataset load)."""
        self._warmUpRequested.emit()

    def forget_run(self) -> None:
        """Drop the last run and any opened run (nothing is saved)."""
        self._unsaved = False
        self._last_run = None
        self._set_has_run(False)
        self._forgetRequested.emit()

    def _set_has_run(self, value: bool) -> None:
        if value != self._has_run:
            self._has_run = value
            self.hasRunChanged.emit(value)

    def save_run_blocking(self, path: str) -> str:
        """Save the last run once ``shutdown`` joined the thread; returns an error sentence or ""."""
        if self.thread.isRunning():
            return self.tr("The training thread is still running.")
        return self.worker.save_run_now(str(path))

    def shutdown(self, timeout_ms: int = 2000) -> bool:
        """Stop any run, quit the compute thread and join it; True when it ended in time."""
        self._shut = True
        self._snapshots.close()
        self.worker.close()
        self.thread.quit()
        ended = self.thread.wait(timeout_ms)
        if ended and self.state.run_status != RunStatus.IDLE:
            self.state.set_run_status(RunStatus.IDLE)
        return ended

    # ------------------------------------------------------------ slots (GUI thread)
    @Slot(object, str)
    def _on_torch_loaded(self, devices, error: str) -> None:
        self.state.set_torch_loading(False)
        self.torchLoaded.emit(tuple(devices), error)

    @Slot()
    def _on_warmed_up(self) -> None:
        self._warm = True
        self.warmedUp.emit()

    @Slot(object)
    def _on_run_started(self, event) -> None:
        if self._started is not None:
            spec, dataset, _ = self._started
            self._started = (spec, dataset, int(event.start_step))

    @Slot(int)
    def _on_run_finished(self, token: int) -> None:
        if token == self._token:
            if self.state.run_status != RunStatus.IDLE:
                self.state.set_run_status(RunStatus.IDLE)
            end, started = self.state.last_run_end, self._started
            if end is not None and started is not None:
                spec, dataset, start_step = started
                if self.run_is_kept:
                    self._unsaved = False           # the runs folder holds all of it
                elif start_step is not None and end.step > start_step:
                    self._unsaved = True
                self._last_run = (spec, dataset, int(end.step), int(end.epoch), str(end.reason))
            self._started = None
            self._set_has_run(True)

    @Slot(int, str, str)
    def _on_run_kept(self, token: int, folder: str, problem: str) -> None:
        if token == self._token:
            self._kept = (folder, problem)

    @Slot(str, str)
    def _on_save_done(self, path: str, error: str) -> None:
        forgetting, self._forget_on_save = self._forget_on_save, False
        if not error and not forgetting:
            self._unsaved = False
        elif error and forgetting:          # the worker kept the run: it can still be saved
            self._unsaved = True
            self._set_has_run(True)
        self.saveFinished.emit(path, error)

    @Slot(object, str)
    def _on_open_done(self, opened, error: str) -> None:
        if opened is not None:
            self._unsaved = False
            self._last_run = None
            self._set_has_run(True)
        self.runOpened.emit(opened, error)

    @Slot(object)
    def _on_analysis_requested(self, job) -> None:
        """Hand an analysis job to the worker (live run: between steps; idle: on the last model)."""
        state = self.state
        reason = (self.tr("The application is closing.") if self._shut else self.tr("PyTorch is still loading.")
                  if state.torch_loading else self.tr("Load a dataset first.")
                  if state.dataset is None else self._opened_model_refusal(job) if state.opened_model is not None
                  else "" if state.spec_error is None
                  else self.tr("The network cannot be built: {reason}.").format(
                      reason=spec_error_text(state.spec_error, False)))
        if reason:
            state.dispatch_event(events.AnalysisResult(job.job_id, job.kind, 0, None, reason))
            return
        info = state.opened_model
        if info is not None:
            self.worker.submit_job(job, JobTarget(None, state.dataset, 0, model=info.source, meta=info.meta))
            return
        self.worker.submit_job(job, JobTarget(state.spec, state.dataset, int(state.config.seed)))

    def _opened_model_refusal(self, job) -> str:
        """Why ``job`` cannot look at the opened model ("" when it can): an evaluation needs the
        dataset to have the model's classes."""
        info, ds = self.state.opened_model, self.state.dataset
        if job.kind == "evaluation" and int(info.meta.num_classes) != int(ds.num_classes):
            return self.tr("The opened model has {0} classes and the dataset {1}; evaluate it on a dataset "
                           "with its classes, or fine-tune it on this one first.").format(
                               int(info.meta.num_classes), int(ds.num_classes))
        return ""

    @Slot(str)
    def _on_analysis_cancelled(self, kind: str) -> None:
        self.worker.cancel_job(kind)      # thread-safe: called here, not queued behind a run

"""LessonSession: trains a lesson's variants one after the other through the window's own Train.

Each variant becomes the document's network and hyperparameters in turn and is started
with the run controller, so it trains on the compute thread like any run (live plots,
health, kept in the runs folder). The lesson's data is loaded first when the window
holds other data. The device and mixed-precision choices stay the user's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ..i18n import error_text


@dataclass(frozen=True)
class VariantOutcome:
    """How one variant's run ended, as the GUI saw it."""
    index: int
    reason: str                   # an EndReason value, or "skipped"
    message: str
    val_acc: Optional[float]
    val_loss: Optional[float]
    epochs: int
    run_dir: str = ""             # its folder in the runs workspace ("" when not kept)


class LessonSession(QObject):
    """Runs ``lesson`` in ``window``; ``start()`` once, ``stop()`` to end early."""

    variantStarted = Signal(int)
    variantEnded = Signal(object)       # VariantOutcome
    finished = Signal(bool)             # True when every variant ran
    message = Signal(str)

    def __init__(self, window, lesson, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.window, self.lesson = window, lesson
        self.outcomes: list[VariantOutcome] = []
        self._index = -1
        self._active = False
        self._stopping = False
        self._waiting_for_data = False
        self._run_live = False
        self._next_posted = False

    @property
    def active(self) -> bool:
        return self._active

    @property
    def current(self) -> int:
        """Index of the variant training now (-1 before the first)."""
        return self._index

    def _data_fits(self) -> bool:
        ds, want = self.window.state.dataset, self.lesson.dataset
        if ds is None or ds.name != want.name:
            return False
        n_train, n_val = int(ds.train_x.shape[0]), int(ds.val_x.shape[0])
        return (want.n_train is None or n_train == want.n_train) and (want.n_val is None or n_val == want.n_val)

    def start(self) -> str:
        """Begin; returns "" or why the lesson cannot start."""
        window, state = self.window, self.window.state
        if self._active:
            return self.tr("The lesson is already running.")
        if state.is_running:
            return self.tr("Stop the training first.")
        if not window.run_files.settle(self.tr("Starting a lesson")):
            return self.tr("The lesson was not started.")
        self._active = True
        state.runEnded.connect(self._on_run_ended)
        state.runStatusChanged.connect(self._on_status)
        if self._data_fits():
            self._schedule_next()
        else:
            want = self.lesson.dataset
            self._waiting_for_data = True
            state.datasetChanged.connect(self._on_dataset)
            window.loader.failed.connect(self._on_load_failed)
            self.message.emit(self.tr("Loading the lesson's data ({0})…").format(want.name))
            window.loader.load(want.name, n_train=want.n_train, n_val=want.n_val)
        return ""

    def stop(self) -> None:
        """Stop the variant training now and start no more."""
        if not self._active:
            return
        self._stopping = True
        if self._waiting_for_data:
            self.window.loader.cancel()
            self.window.state.set_loading("")
            self._finish(False)
        elif self.window.state.is_running:
            self.window.controller.stop()

    # ------------------------------------------------------------------ steps
    @Slot(object)
    def _on_dataset(self, _ds) -> None:
        if self._waiting_for_data and self._data_fits():
            self._stop_waiting()
            self._schedule_next()

    @Slot(str)
    def _on_load_failed(self, error: str) -> None:
        if self._waiting_for_data:
            self._stop_waiting()
            self.message.emit(error)
            self._finish(False)

    def _stop_waiting(self) -> None:
        self._waiting_for_data = False
        self.window.state.datasetChanged.disconnect(self._on_dataset)
        self.window.loader.failed.disconnect(self._on_load_failed)

    def _schedule_next(self) -> None:
        if not self._next_posted:
            self._next_posted = True
            QTimer.singleShot(0, self._next)

    @Slot()
    def _next(self) -> None:
        self._next_posted = False
        if not self._active or self._run_live or self.window.state.is_running:
            return
        if self._stopping or self._index + 1 >= len(self.lesson.variants):
            self._finish(not self._stopping)
            return
        self._index += 1
        variant = self.lesson.variants[self._index]
        state = self.window.state
        mine = state.config
        state.set_spec(variant.spec)
        state.set_config(variant.config.replace(device=mine.device, mixed_precision=mine.mixed_precision))
        if state.spec != variant.spec:
            self.message.emit(self.tr("The network could not be replaced, so the lesson stopped."))
            self._finish(False)
            return
        reason = self.window.controller.start(continue_run=False)
        if reason:
            self.message.emit(reason)
            self._finish(False)
            return
        self._run_live = True
        self.variantStarted.emit(self._index)
        self.message.emit(self.tr("Training {0} ({1} of {2})…").format(
            variant.label, self._index + 1, len(self.lesson.variants)))

    @Slot(object)
    def _on_run_ended(self, event) -> None:
        if not self._run_live:
            return
        self._run_live = False
        last = self.window.state.last_epoch
        controller = self.window.controller
        run_dir = getattr(controller, "kept_run_dir", "") or ""
        if run_dir:
            self._name_run(run_dir, self.lesson.variants[self._index])
        outcome = VariantOutcome(self._index, str(event.reason), event.message,
                                 last.val_acc if last is not None else None,
                                 last.val_loss if last is not None else None, int(event.epoch), run_dir)
        self.outcomes.append(outcome)
        self.variantEnded.emit(outcome)
        if not self.window.state.is_running:
            self._schedule_next()

    def _name_run(self, run_dir: str, variant) -> None:
        """Name the kept run after the lesson and its variant, and tag it with the lesson."""
        from ...core.runs.folder import RunFolder, RunFolderError
        try:
            folder = RunFolder(run_dir)
            tags = list(folder.read_meta().get("tags") or [])
            folder.update_meta(name=f"{self.lesson.name}: {variant.label}",
                               tags=[*tags, *(t for t in ("lesson", self.lesson.name) if t not in tags)])
        except RunFolderError as exc:
            self.message.emit(error_text(exc))

    @Slot(str)
    def _on_status(self, status: str) -> None:
        if status == "idle" and self._active and not self._run_live and not self._waiting_for_data:
            self._schedule_next()

    def _finish(self, completed: bool) -> None:
        if not self._active:
            return
        self._active = False
        state = self.window.state
        state.runEnded.disconnect(self._on_run_ended)
        state.runStatusChanged.disconnect(self._on_status)
        self.message.emit(self.tr("The lesson is done.") if completed else self.tr("The lesson was stopped."))
        self.finished.emit(completed)

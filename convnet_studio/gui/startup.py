"""The window's start-up: paint first, then load PyTorch, the first dataset and the warm-up behind it.

``import torch`` takes seconds, and the GUI thread never needs it (shape inference, the
editors and the settings are torch-free), so the window is shown at once with Train held
back (``StudioState.torch_loading``) and the status bar saying what is loading. After the
window's first paint the compute thread imports PyTorch, then loads the first dataset,
then pays the first run's one-time costs, while the GUI thread stays free for the user.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from .diagnostics import gc_guard
from .i18n import QT_TRANSLATE_NOOP, translate
from .messages import STATUS_TEXT
from .run_telemetry import RunStatus

#: The devices offered before PyTorch has said which exist here.
STARTUP_DEVICES = ("auto", "cpu")
#: A shown window that gets no paint event this soon (e.g. opened on another desktop) loads anyway.
SHOW_FALLBACK_MS = 500

TORCH_TEXT = QT_TRANSLATE_NOOP("startup", "Loading PyTorch…")


def loading_message(torch_loading: bool, dataset: str = "") -> str:
    """What the status bar says while PyTorch and/or the dataset ``dataset`` load ("" when neither)."""
    if torch_loading:
        return (translate("startup", "Loading PyTorch, then the {dataset} dataset…").format(dataset=dataset)
                if dataset else translate("startup", TORCH_TEXT))
    return translate("startup", "Loading the {dataset} dataset…").format(dataset=dataset) if dataset else ""


def loading_text(state) -> str:
    """What must load before the network can look at anything: PyTorch, or a dataset ("" when nothing)."""
    if getattr(state, "torch_loading", False):
        return translate("startup", TORCH_TEXT)
    return loading_message(False, getattr(state, "loading", ""))


class StartupSequence(QObject):
    """Starts the window's background loading after its first paint; says when all of it is done.

    ``window`` is a ``MainWindow`` (its state, controller, loader, panels and ``say``); it
    calls ``window_shown`` and ``window_painted`` from its show and paint events.
    ``dataset`` is the dataset to load first, or None. A window that is never shown
    loads nothing until ``start()`` is called.
    """

    firstPainted = Signal()    # the window has been painted (and flushed) once
    finished = Signal()        # PyTorch and the first dataset have loaded, or failed to

    def __init__(self, window, dataset: Optional[str]):
        super().__init__(window)
        self._window = window
        self._dataset = dataset or None
        self._painted = self._started = self._done = False
        window.state.set_torch_loading(True)
        window.say(translate("startup", TORCH_TEXT))
        window.controller.torchLoaded.connect(self._on_torch_loaded)
        window.loader.loaded.connect(self._check_done)
        window.loader.failed.connect(self._check_done)
        # PyTorch, the first dataset and the warm-up's imports are in memory for good now
        window.controller.warmedUp.connect(gc_guard.freeze_now)
        window.state.runStatusChanged.connect(self._on_run_status)

    @Slot(str)
    def _on_run_status(self, status: str) -> None:
        gc_guard.set_training(status in (RunStatus.STARTING, RunStatus.RUNNING, RunStatus.STOPPING))

    @property
    def started(self) -> bool:
        """True once the loading was handed to the compute thread."""
        return self._started

    @property
    def done(self) -> bool:
        """True once PyTorch and the first dataset have loaded (or failed to)."""
        return self._done

    def window_shown(self) -> None:
        """The window was shown: load soon even if no paint event comes."""
        if not self._started:
            QTimer.singleShot(SHOW_FALLBACK_MS, self.start)

    def window_painted(self) -> None:
        """The window got a paint event: load once the whole window is drawn (the first time)."""
        if not self._painted:
            self._painted = True
            # the window's own paint event comes before its children's: act once all are drawn
            QTimer.singleShot(0, self._after_first_paint)

    @Slot()
    def _after_first_paint(self) -> None:
        self.firstPainted.emit()
        self.start()

    @Slot()
    def start(self) -> None:
        """Queue PyTorch, then the first dataset, then the warm-up in the compute thread (once)."""
        window = self._window
        if self._started or window.is_closed:
            return
        self._started = True
        window.controller.load_torch()
        if self._dataset:
            window.dataset_panel.load(self._dataset)
        window.controller.warm_up()

    @Slot(object, str)
    def _on_torch_loaded(self, devices, error: str) -> None:
        window = self._window
        window.hparams_panel.set_devices(devices or STARTUP_DEVICES)
        if error:
            window.say(error)
        elif window.loader.busy:
            window.say(loading_message(False, window.state.loading or window.loader.name))
        elif window.status_label.text() == translate("startup", TORCH_TEXT):
            window.say(STATUS_TEXT["idle"])
        self._check_done()

    @Slot()
    def _check_done(self, *_args) -> None:
        window = self._window
        if self._done or not self._started or window.state.torch_loading or window.loader.busy:
            return
        self._done = True
        self.finished.emit()

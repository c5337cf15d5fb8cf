"""Run panel: Train / Pause / Resume / Stop (as shared QActions with shortcuts) and live progress."""
from __future__ import annotations

import math
from typing import Optional

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout, QLabel, QProgressBar, QSizePolicy, QStyle, QToolButton, QVBoxLayout, QWidget,
)

from ..compute.run_controller import RunController
from ..messages import command_refused_message
from ..state import StudioState

#: action name -> (text, shortcuts, tooltip)
ACTIONS = {
    "train": ("Train", ("Ctrl+Return", "Ctrl+Enter"), "Start training the network with these hyperparameters"),
    "pause": ("Pause", ("Ctrl+P",), "Pause training after the current step"),
    "resume": ("Resume", ("Ctrl+R",), "Continue a paused run"),
    "stop": ("Stop", ("Ctrl+.",), "End the run (the trained weights are kept and can be saved)"),
}
ICONS = {"train": QStyle.StandardPixmap.SP_MediaPlay, "pause": QStyle.StandardPixmap.SP_MediaPause,
         "resume": QStyle.StandardPixmap.SP_MediaSeekForward, "stop": QStyle.StandardPixmap.SP_MediaStop}


def format_eta(seconds: float) -> str:
    if not math.isfinite(seconds) or seconds < 0:
        return "—"
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class RunPanel(QWidget):
    """Buttons bound to the run actions, a progress bar and a one-line run summary."""

    statusMessage = Signal(str)

    def __init__(self, state: StudioState, controller: RunController, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.state = state
        self.controller = controller
        self.actions: dict[str, QAction] = {}
        self.buttons: dict[str, QToolButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        for col, (name, (text, keys, tip)) in enumerate(ACTIONS.items()):
            action = QAction(self.style().standardIcon(ICONS[name]), text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setProperty("baseTip", f"{tip} ({keys[0]})")
            action.setToolTip(action.property("baseTip"))
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setObjectName(f"{name}Button")
            grid.addWidget(button, 0, col)
            self.actions[name] = action
            self.buttons[name] = button
        self.actions["train"].triggered.connect(self.train)
        self.actions["pause"].triggered.connect(controller.pause)
        self.actions["resume"].triggered.connect(controller.resume)
        self.actions["stop"].triggered.connect(controller.stop)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("Not started")
        self.progress.setTextVisible(True)
        self.detail_label = QLabel("Press Train to start.")
        self.detail_label.setObjectName("runDetail")
        self.detail_label.setWordWrap(True)
        box = QVBoxLayout(self)
        box.addLayout(grid)
        box.addWidget(self.progress)
        box.addWidget(self.detail_label)
        self._precision = "fp32"
        self.compute_label = QLabel()
        self.compute_label.setObjectName("computeLabel")
        self.compute_label.setWordWrap(True)
        box.addWidget(self.compute_label)
        box.addStretch(1)

        self._last_epoch_text = ""
        #: ``ask_continue(step)`` -> "continue", "restart" or None (cancel); the window sets it.
        self.ask_continue = lambda _step: "continue"
        state.runStatusChanged.connect(self._on_status)
        state.shapesChanged.connect(self.update_actions)
        state.datasetChanged.connect(self.update_actions)
        state.loadingChanged.connect(self.update_actions)
        state.torchLoadingChanged.connect(self.update_actions)
        state.runStarted.connect(self._on_run_started)
        state.threadsChanged.connect(self._on_threads)
        state.batchMetrics.connect(self._on_metrics)
        state.epochEnded.connect(self._on_epoch)
        state.runEnded.connect(self._on_run_ended)
        state.commandRefused.connect(self._on_command_refused)
        state.runRestored.connect(self._on_run_restored)
        controller.hasRunChanged.connect(self._on_has_run)
        self.update_actions()

    @property
    def train_button(self) -> QToolButton:
        return self.buttons["train"]

    @Slot()
    def train(self) -> None:
        """Start a run; after a stopped one, continue it or start over (``ask_continue`` decides)."""
        step = self.controller.continuable_step()
        choice = "restart" if step is None else self.ask_continue(step)
        if choice is None:
            return
        reason = self.controller.start(continue_run=choice == "continue")
        if reason:
            self.statusMessage.emit(f"Cannot train: {reason}")

    @Slot()
    def update_actions(self, *_args) -> None:
        status = self.state.run_status
        blocker = self.state.train_blocker()
        train = self.actions["train"]
        train.setEnabled(not blocker)
        train.setToolTip(blocker if blocker else train.property("baseTip"))
        self.actions["pause"].setEnabled(status in ("starting", "running"))
        self.actions["resume"].setEnabled(status == "paused")
        self.actions["stop"].setEnabled(status in ("starting", "running", "paused"))

    # ------------------------------------------------------------------ state -> widgets
    @Slot(str)
    def _on_status(self, status: str) -> None:
        self.update_actions()
        if status == "starting":
            self.progress.setRange(0, 0)  # busy until RunStarted says how long the run is
            self.detail_label.setText("Building the network and moving the data to the device…")
        elif status == "paused":
            self.progress.setFormat("Paused · " + self._last_epoch_text)
        elif status == "stopping":
            self.detail_label.setText("Stopping after the current step…")

    @Slot(object)
    def _on_run_started(self, event) -> None:
        self.progress.setRange(0, max(1, event.total_steps))
        self.progress.setValue(event.start_step)
        self._epochs = max(1, math.ceil(event.total_steps / max(1, event.steps_per_epoch)))
        self._last_epoch_text = f"Epoch {event.start_epoch + 1}/{self._epochs}"
        self.progress.setFormat(self._last_epoch_text + " · starting")
        self.detail_label.setText(f"Training on {event.device} · {event.num_params:,} parameters")
        self._precision = event.precision
        self.compute_label.setText(self.tr("Computing in {0}").format(event.precision))
        self.compute_label.setToolTip("")

    @Slot(object)
    def _on_threads(self, event) -> None:
        count = (self.tr("1 CPU thread") if event.threads == 1
                 else self.tr("{0} CPU threads").format(event.threads))
        self.compute_label.setText(self.tr("Computing in {0} · {1}").format(self._precision, count))
        self.compute_label.setToolTip(event.reason[:1].upper() + event.reason[1:])

    @Slot(object)
    def _on_metrics(self, m) -> None:
        step = int(m.steps[-1]) if len(m.steps) else self.progress.value()
        self.progress.setValue(min(step, self.progress.maximum()))
        epochs = max(1, math.ceil(m.total_steps / max(1, m.steps_per_epoch)))
        self._last_epoch_text = f"Epoch {m.epoch}/{epochs} · step {step:,}/{m.total_steps:,}"
        self.progress.setFormat(self._last_epoch_text + " · %p%")
        batch = max(1, self.state.config.batch_size)
        steps_per_s = m.img_per_s / batch
        eta = (m.total_steps - step) / steps_per_s if steps_per_s > 0 else float("inf")
        loss = float(m.losses[-1]) if len(m.losses) else float("nan")
        val = self.state.last_epoch
        val_text = f" · val acc {val.val_acc:.1%}" if val is not None and math.isfinite(val.val_acc) else ""
        self.detail_label.setText(f"{m.img_per_s:,.0f} img/s · ETA {format_eta(eta)} · "
                                  f"loss {loss:.3f}{val_text}")

    @Slot(object)
    def _on_epoch(self, e) -> None:
        self.statusMessage.emit(f"Epoch {e.epoch} done: validation accuracy {e.val_acc:.1%}, "
                                f"loss {e.val_loss:.3f} ({e.img_per_s:,.0f} img/s)")

    @Slot(object)
    def _on_run_ended(self, e) -> None:
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)
        if e.reason == "completed":
            self.progress.setValue(self.progress.maximum())
        self.progress.setFormat({"completed": "Finished", "stopped": "Stopped", "diverged": "Diverged",
                                 "error": "Failed"}.get(e.reason, e.reason) + f" at step {e.step:,}")
        message = e.message[:1].upper() + e.message[1:] if e.message else e.reason
        self.detail_label.setText(message if message.endswith(".") else message + ".")
        self.update_actions()

    @Slot(object)
    def _on_run_restored(self, opened) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        done = f"{opened.epoch} epoch{'s' if opened.epoch != 1 else ''} done"
        self.progress.setFormat(f"Loaded at step {opened.step:,} · {done}")
        self.detail_label.setText(f"Opened a run trained for {opened.step:,} steps ({done}). "
                                  f"Press Train to continue it.")

    @Slot(bool)
    def _on_has_run(self, has_run: bool) -> None:
        if not has_run and not self.state.is_running:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat("Not started")
            self.detail_label.setText("Press Train to start.")

    @Slot(object)
    def _on_command_refused(self, event) -> None:
        self.statusMessage.emit(command_refused_message(event))

"""Run panel: Train / Pause / Resume / Stop (as shared QActions with shortcuts) and live progress."""
from __future__ import annotations

import math
from typing import Optional

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel, QProgressBar, QSizePolicy, QStyle, QToolButton, QVBoxLayout, QWidget,
)
from superqt.utils import qthrottled

from ..compute.run_controller import RunController
from ..i18n import QT_TRANSLATE_NOOP, message_text, translate
from ..messages import command_refused_message
from ..state import StudioState
from ..widgets.flow_layout import FlowLayout

#: action name -> (text, shortcuts, tooltip)
ACTIONS = {
    "train": (QT_TRANSLATE_NOOP("RunPanel", "Train"), ("Ctrl+Return", "Ctrl+Enter"),
              QT_TRANSLATE_NOOP("RunPanel", "Start training the network with these hyperparameters")),
    "pause": (QT_TRANSLATE_NOOP("RunPanel", "Pause"), ("Ctrl+P",),
              QT_TRANSLATE_NOOP("RunPanel", "Pause training after the current step")),
    "resume": (QT_TRANSLATE_NOOP("RunPanel", "Resume"), ("Ctrl+R",),
               QT_TRANSLATE_NOOP("RunPanel", "Continue a paused run")),
    "stop": (QT_TRANSLATE_NOOP("RunPanel", "Stop"), ("Ctrl+.",),
             QT_TRANSLATE_NOOP("RunPanel", "End the run (the trained weights are kept and can be saved)")),
}
#: The progress bar and the speed/ETA line change at most this often (ms): each change repaints
#: and re-lays out the panel (half a millisecond of the GUI thread, which training shares).
METRICS_SHOWN_MS = 500

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
        grid = FlowLayout(spacing=6, justify=True)     # one row when the panel is wide enough, else two
        for name, (text, keys, tip) in ACTIONS.items():
            action = QAction(self.style().standardIcon(ICONS[name]), self.tr(text), self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setProperty("baseTip", f"{self.tr(tip)} ({keys[0]})")
            action.setToolTip(action.property("baseTip"))
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setObjectName(f"{name}Button")
            grid.addWidget(button)
            self.actions[name] = action
            self.buttons[name] = button
        self.actions["train"].triggered.connect(self.train)
        self.actions["pause"].triggered.connect(controller.pause)
        self.actions["resume"].triggered.connect(controller.resume)
        self.actions["stop"].triggered.connect(controller.stop)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Not started"))
        self.progress.setTextVisible(True)
        self.detail_label = QLabel(self.tr("Press Train to start."))
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
        self._metrics = None                 # the newest metrics not shown yet
        self._show_metrics_soon = qthrottled(self._show_metrics, METRICS_SHOWN_MS, leading=True)
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
            self.statusMessage.emit(self.tr("Cannot train: {reason}").format(reason=message_text(reason)))

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
            self.detail_label.setText(self.tr("Building the network and moving the data to the device…"))
        elif status == "paused":
            self.progress.setFormat(self.tr("Paused · {progress}").format(progress=self._last_epoch_text))
        elif status == "stopping":
            self.detail_label.setText(self.tr("Stopping after the current step…"))

    @Slot(object)
    def _on_run_started(self, event) -> None:
        self.progress.setRange(0, max(1, event.total_steps))
        self.progress.setValue(event.start_step)
        self._epochs = max(1, math.ceil(event.total_steps / max(1, event.steps_per_epoch)))
        self._last_epoch_text = self.tr("Epoch {epoch}/{epochs}").format(epoch=event.start_epoch + 1,
                                                                         epochs=self._epochs)
        self.progress.setFormat(self._last_epoch_text + self.tr(" · starting"))
        self.detail_label.setText(self.tr("Training on {device} · {count:,} parameters").format(
            device=event.device, count=event.num_params))
        self._precision = event.precision
        self.compute_label.setText(self.tr("Computing in {0}").format(event.precision))
        self.compute_label.setToolTip("")

    @Slot(object)
    def _on_threads(self, event) -> None:
        count = (self.tr("1 CPU thread") if event.threads == 1
                 else self.tr("{0} CPU threads").format(event.threads))
        self.compute_label.setText(self.tr("Computing in {0} · {1}").format(self._precision, count))
        self.compute_label.setToolTip(message_text(event.reason)[:1].upper() + message_text(event.reason)[1:])

    @Slot(object)
    def _on_metrics(self, m) -> None:
        self._metrics = m
        self._show_metrics_soon()

    def _show_metrics(self) -> None:
        m, self._metrics = self._metrics, None
        if m is None or not self.state.is_running:
            return
        step = int(m.steps[-1]) if len(m.steps) else self.progress.value()
        self.progress.setValue(min(step, self.progress.maximum()))
        epochs = max(1, math.ceil(m.total_steps / max(1, m.steps_per_epoch)))
        self._last_epoch_text = self.tr("Epoch {epoch}/{epochs} · step {step:,}/{steps:,}").format(
            epoch=m.epoch, epochs=epochs, step=step, steps=m.total_steps)
        self.progress.setFormat(self._last_epoch_text + " · %p%")
        batch = max(1, self.state.config.batch_size)
        steps_per_s = m.img_per_s / batch
        eta = (m.total_steps - step) / steps_per_s if steps_per_s > 0 else float("inf")
        loss = float(m.losses[-1]) if len(m.losses) else float("nan")
        val = self.state.last_epoch
        val_text = (self.tr(" · val acc {accuracy:.1%}").format(accuracy=val.val_acc)
                    if val is not None and math.isfinite(val.val_acc) else "")
        self.detail_label.setText(self.tr("{speed:,.0f} img/s · ETA {eta} · loss {loss:.3f}").format(
            speed=m.img_per_s, eta=format_eta(eta), loss=loss) + val_text)

    @Slot(object)
    def _on_epoch(self, e) -> None:
        self.statusMessage.emit(self.tr("Epoch {epoch} done: validation accuracy {accuracy:.1%}, loss {loss:.3f} "
                                        "({speed:,.0f} img/s)").format(epoch=e.epoch, accuracy=e.val_acc,
                                                                       loss=e.val_loss, speed=e.img_per_s))

    @Slot(object)
    def _on_run_ended(self, e) -> None:
        self._metrics = None
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)
        if e.reason == "completed":
            self.progress.setValue(self.progress.maximum())
        ended = {"completed": self.tr("Finished at step {step:,}"), "stopped": self.tr("Stopped at step {step:,}"),
                 "diverged": self.tr("Diverged at step {step:,}"), "error": self.tr("Failed at step {step:,}")}
        self.progress.setFormat(ended.get(e.reason, e.reason + " at step {step:,}").format(step=e.step))
        text = message_text(e.message)
        message = text[:1].upper() + text[1:] if text else e.reason
        self.detail_label.setText(translate("messages", "{reason}.").format(reason=message.rstrip(".。")))
        self.update_actions()

    @Slot(object)
    def _on_run_restored(self, opened) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        done = (self.tr("{count} epoch done") if opened.epoch == 1 else self.tr("{count} epochs done")).format(
            count=opened.epoch)
        self.progress.setFormat(self.tr("Loaded at step {step:,} · {done}").format(step=opened.step, done=done))
        self.detail_label.setText(self.tr("Opened a run trained for {step:,} steps ({done}). Press Train to continue "
                                          "it.").format(step=opened.step, done=done))

    @Slot(bool)
    def _on_has_run(self, has_run: bool) -> None:
        if not has_run and not self.state.is_running:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat(self.tr("Not started"))
            self.detail_label.setText(self.tr("Press Train to start."))

    @Slot(object)
    def _on_command_refused(self, event) -> None:
        self.statusMessage.emit(command_refused_message(event))

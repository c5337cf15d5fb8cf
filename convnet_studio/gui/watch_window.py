"""File ▸ Watch run folder…: a window that follows a run another process trains.

It shows the run's status from run.json, its per-step loss (steps.csv) and per-epoch
figures (metrics.csv) as they are written, and hands each new latest checkpoint to the
studio (opened on the compute thread, at most every ``CHECKPOINT_RELOAD_MS``) so the
views that need a model show the run as it is now. Its Stop button writes the run's
stop request file (``control/stop``, see ``core.train.stop_file``), the only thing the
window ever writes into a watched folder.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Slot
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout,
                               QWidget)

from .run_watch import POLL_MS, RunFolderWatcher

CHECKPOINT_RELOAD_MS = 5000


class WatchWindow(QWidget):
    """Follows the run folder ``path``; ``studio`` (a MainWindow or None) gets the latest checkpoint."""

    def __init__(self, path, studio=None, poll_ms: int = POLL_MS, parent: Optional[QWidget] = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.path, self.studio = Path(path), studio
        self.setWindowTitle(self.tr("Watching {0}").format(self.path.name))
        self.meta: dict = {}
        self.steps, self.losses = [], []
        self.epochs = {"epoch": [], "train_loss": [], "val_loss": [], "train_acc": [], "val_acc": []}
        self.latest_checkpoint = ""
        self._pending_checkpoint = ""
        self._handed_once = False

        self.title = QLabel(self.tr("Reading {0}…").format(self.path))
        self.title.setWordWrap(True)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.checkpoint_label = QLabel(self.tr("No checkpoint yet."))
        self.follow_box = QCheckBox(self.tr("Show the latest checkpoint in the studio's views"))
        self.follow_box.setChecked(studio is not None)
        self.follow_box.setEnabled(studio is not None)
        self.stop_button = QPushButton(self.tr("Stop the run"))
        self.stop_button.setToolTip(self.tr("Write the run's stop request file (control/stop); the trainer "
                                            "checks for it between steps and stops, saving the run"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.request_stop)

        self.step_plot = pg.PlotWidget(title=self.tr("Loss per step"))
        self.step_plot.setLabel("bottom", self.tr("step"))
        self.step_curve = self.step_plot.plot([], [], pen=pg.mkPen("#4c8bf5", width=1))
        self.step_curve.setClipToView(True)
        self.step_curve.setDownsampling(auto=True, method="peak")
        self.epoch_plot = pg.PlotWidget(title=self.tr("Per epoch"))
        self.epoch_plot.setLabel("bottom", self.tr("epoch"))
        self.epoch_plot.addLegend(offset=(-10, 10))
        self.epoch_curves = {
            "train_loss": self.epoch_plot.plot([], [], pen=pg.mkPen("#4c8bf5", width=2), name=self.tr("train loss")),
            "val_loss": self.epoch_plot.plot([], [], pen=pg.mkPen("#f5a44c", width=2), name=self.tr("val loss")),
            "val_acc": self.epoch_plot.plot([], [], pen=pg.mkPen("#3cb371", width=2), name=self.tr("val accuracy")),
        }

        buttons = QHBoxLayout()
        buttons.addWidget(self.follow_box, 1)
        buttons.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.step_plot, 1)
        layout.addWidget(self.epoch_plot, 1)
        layout.addWidget(self.checkpoint_label)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.resize(720, 640)

        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.timeout.connect(self._hand_checkpoint_to_studio)
        self.watcher = RunFolderWatcher(self.path, poll_ms, self)
        self.watcher.stepsAdded.connect(self._on_steps)
        self.watcher.epochsAdded.connect(self._on_epochs)
        self.watcher.metaChanged.connect(self._on_meta)
        self.watcher.checkpointChanged.connect(self._on_checkpoint)
        self.watcher.lost.connect(self._on_lost)
        self.watcher.start()

    # ------------------------------------------------------------ what arrives
    @Slot(object, bool)
    def _on_steps(self, rows, restart: bool) -> None:
        if restart:
            self.steps, self.losses = [], []
            self.say(self.tr("steps.csv started over (the run was rewound or its file truncated); "
                             "the curve starts again."))
        self.steps.extend(int(r.get("step", 0)) for r in rows)
        self.losses.extend(float(r.get("loss", np.nan)) for r in rows)
        self.step_curve.setData(np.asarray(self.steps, dtype=np.float64), np.asarray(self.losses, dtype=np.float64))

    @Slot(object, bool)
    def _on_epochs(self, rows, restart: bool) -> None:
        if restart:
            for values in self.epochs.values():
                values.clear()
        for row in rows:
            for key, values in self.epochs.items():
                values.append(float(row.get(key, np.nan)))
        x = np.asarray(self.epochs["epoch"], dtype=np.float64)
        for key, curve in self.epoch_curves.items():
            curve.setData(x, np.asarray(self.epochs[key], dtype=np.float64))

    @Slot(object)
    def _on_meta(self, meta: dict) -> None:
        from ..core.runs.workspace import derive_status
        self.meta = meta
        status = derive_status(meta)
        world = int(meta.get("world_size") or 1)
        where = meta.get("host") or "?"
        procs = self.tr(", {0} processes").format(world) if world > 1 else ""
        self.title.setText(self.tr("{0} ({1}): {2} on {3}{4}").format(
            meta.get("name") or self.path.name, meta.get("id") or self.path.name, status, where, procs))
        self.stop_button.setEnabled(status == "running" and not self._stop_file_exists())

    @Slot(str)
    def _on_checkpoint(self, path: str) -> None:
        self.latest_checkpoint = path
        self.checkpoint_label.setText(self.tr("Latest checkpoint: {0}").format(path))
        if self.follow_box.isChecked() and self.studio is not None:
            self._pending_checkpoint = path
            if not self._reload.isActive():
                self._reload.start(CHECKPOINT_RELOAD_MS if self._handed_once else 0)

    def _hand_checkpoint_to_studio(self) -> None:
        studio, path = self.studio, self._pending_checkpoint
        if studio is None or not path or studio.is_closed:
            return
        if studio.state.is_running or studio.controller.has_unsaved_run:
            self.say(self.tr("The studio has its own run; the watched checkpoint is not shown in its views."))
            return
        self._handed_once = True
        studio.open_run(path)       # read on the compute thread; RunFiles shows it

    @Slot(str)
    def _on_lost(self, message: str) -> None:
        self.say(message)
        if not self.watcher.watching:
            self.stop_button.setEnabled(False)

    # ------------------------------------------------------------ actions
    def say(self, text: str) -> None:
        self.message.setText(text)

    def _stop_file_exists(self) -> bool:
        from ..core.train.stop_file import stop_requested
        return stop_requested(self.path)

    @Slot()
    def request_stop(self) -> None:
        """Write the stop request file; the trainer stops at its next check."""
        from ..core.train.stop_file import request_stop
        try:
            written = request_stop(self.path, who="ConvNet Studio window")
        except OSError as exc:
            self.say(self.tr("Could not ask the run to stop: {0}").format(exc.strerror or exc))
            return
        self.stop_button.setEnabled(False)
        self.say(self.tr("Asked the run to stop ({0}); it stops within a second or two of training.")
                 .format(written))

    def closeEvent(self, event) -> None:
        self.watcher.close()
        super().closeEvent(event)


class WatchedRuns:
    """File ▸ Watch run folder… for ``window`` (a MainWindow): opens and closes watch windows."""

    def __init__(self, window):
        self._window = window
        self.windows: list[WatchWindow] = []

    def open_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self._window, QCoreApplication.translate("WatchedRuns", "Watch run folder"), "")
        if path:
            self.open(path)

    def open(self, path) -> Optional[WatchWindow]:
        """Watch the run folder ``path``; None (and a message) when it is not one."""
        from ..core.runs.folder import RunFolder, RunFolderError
        try:
            RunFolder(path).read_meta()
        except RunFolderError as exc:
            text = QCoreApplication.translate("WatchedRuns", "Cannot watch {0}: {1}").format(path, exc)
            self._window.say(text)
            if self._window.interactive:
                QMessageBox.warning(self._window, QCoreApplication.translate("WatchedRuns", "Not a run folder"), text)
            return None
        watch = WatchWindow(path, studio=self._window, parent=self._window)
        self.windows.append(watch)
        watch.show()
        return watch

    def close_all(self) -> None:
        """Close every watch window (their reader threads end)."""
        for watch in list(self.windows):
            watch.close()
        self.windows.clear()

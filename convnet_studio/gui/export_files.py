"""File ▸ Export model… and Run ▸ Write TensorBoard logs: the window's side of export and logging.

The export itself runs on the compute thread (``RunController.export_model``); its stages and
its outcome come back as signals and are shown in the status bar (a failure also in a message
box when the window is interactive). The TensorBoard toggle is remembered between launches; while
it is on, each run writes its logs into its own run folder (`<run>/tensorboard/`).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from .i18n import QT_TRANSLATE_NOOP, message_text

#: Format -> (file suffix, file-dialog filter).
SUFFIXES = {"script": (".py", QT_TRANSLATE_NOOP("ExportFiles", "Python script (*.py)")),
            "onnx": (".onnx", QT_TRANSLATE_NOOP("ExportFiles", "ONNX model (*.onnx)")),
            "torchscript": (".pt", QT_TRANSLATE_NOOP("ExportFiles", "TorchScript module (*.pt)")),
            "state_dict": (".pt", QT_TRANSLATE_NOOP("ExportFiles", "PyTorch weights (*.pt)"))}


class ExportFiles(QObject):
    """Asks for a format and a file, starts the export, and reports how it went."""

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self.busy = False
        window.controller.exportProgress.connect(self._on_progress)
        window.controller.exportFinished.connect(self._on_finished)

    def titles(self) -> dict:
        """Format -> what the format dialog lists."""
        return {"script": self.tr("PyTorch training script (.py) and its weights"),
                "onnx": self.tr("ONNX (.onnx), checked in onnxruntime"),
                "torchscript": self.tr("TorchScript (.pt)"),
                "state_dict": self.tr("Weights as a state_dict (.pt) with the spec JSON beside them")}

    def dialog(self) -> None:
        """File ▸ Export model…: pick a format and a file, then export on the compute thread."""
        window = self._window
        problem = self.problem()
        if problem:
            window.say(problem)
            return
        titles = self.titles()
        title, ok = QInputDialog.getItem(window, self.tr("Export model"), self.tr("Format:"), list(titles.values()),
                                         0, False)
        if not ok:
            return
        fmt = next(key for key, text in titles.items() if text == title)
        suffix, filters = SUFFIXES[fmt]
        path, _ = QFileDialog.getSaveFileName(window, self.tr("Export model"), f"{window.state.spec.name}{suffix}",
                                              self.tr(filters))
        if path:
            self.start(fmt, path)

    def problem(self) -> str:
        """Why nothing can be exported now, or ""."""
        window = self._window
        if self.busy:
            return self.tr("An export is already under way.")
        if window.state.is_running:
            return self.tr("Stop the run before exporting its model.")
        if not window.controller.has_run:
            return self.tr("There is no trained run to export yet; press Train first.")
        return ""

    def start(self, fmt: str, path: str) -> None:
        """Export the last run's model as ``fmt`` to ``path`` (on the compute thread)."""
        self.busy = True
        self._window.say(self.tr("Exporting the model to {0}…").format(Path(path).name))
        self._window.controller.export_model(fmt, path)

    @Slot(object)
    def _on_progress(self, stage: str) -> None:
        self._window.say(self.tr("Exporting: {0}…").format(message_text(stage)))

    @Slot(str, str, str)
    def _on_finished(self, path: str, message: str, error: str) -> None:
        self.busy = False
        window = self._window
        if not error:
            window.say(message)
            return
        window.say(self.tr("Could not export the model: {0}").format(error))
        if window.interactive:
            QMessageBox.warning(window, self.tr("Could not export the model"), error)


class TensorBoardToggle(QObject):
    """A checkable action: while it is on, runs write TensorBoard logs into their run folders."""

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self.action = QAction(self.tr("Write &TensorBoard logs"), window)
        self.action.setCheckable(True)
        self.action.setStatusTip(self.tr("Log loss, accuracy, learning rate, weight histograms and filters into each "
                                         "run's folder, for tensorboard --logdir {0}").format(self.workspace))
        self.action.setChecked(window.settings.tensorboard_logs())
        self._apply(self.action.isChecked(), quiet=True)
        self.action.toggled.connect(self._on_toggled)

    @property
    def workspace(self) -> str:
        """The runs folder: ``tensorboard --logdir`` on it shows every run's logs."""
        from ..core.runs.paths import workspace_dir
        return str(workspace_dir())

    @Slot(bool)
    def _on_toggled(self, checked: bool) -> None:
        self._apply(checked, quiet=False)

    def _apply(self, checked: bool, quiet: bool) -> None:
        from ..core.train.tensorboard_log import tensorboard_missing
        window = self._window
        missing = tensorboard_missing() if checked else ""
        if missing:
            checked = False
            self.action.setChecked(False)
            if not quiet:
                text = message_text(missing)
                window.say(self.tr("{0}.").format(text[:1].upper() + text[1:]))
        window.controller.tensorboard_logs = checked
        window.settings.save_tensorboard_logs(checked)
        if checked and not quiet:
            window.say(self.tr("The next runs write TensorBoard logs into their run folders; see them all with "
                               "tensorboard --logdir {0}").format(self.workspace))

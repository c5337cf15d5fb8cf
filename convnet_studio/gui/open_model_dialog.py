"""File ▸ Open model…: pick a torchvision architecture by name, or a TorchScript / Python file.

The dialog only builds a ``ModelSource`` (plain data, no torch on the GUI thread); the
compute thread opens it. A Python file is code: ``confirm_trust`` asks first, and without
a yes the file is refused and never run. torchvision's pretrained weights are brought into
torch hub's cache before the dialog closes (``PretrainedFetcher``, off the GUI thread, with
a progress bar; Cancel stops the download), so opening them needs no network.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QProgressBar, QPushButton,
                               QRadioButton, QSpinBox, QVBoxLayout, QWidget)

from ..core.model.external.base import ModelSource
from .compute.pretrained_fetcher import PretrainedFetcher
from .i18n import QT_TRANSLATE_NOOP, translate

#: Offered in the list; any other torchvision classification name can be typed in.
ARCHITECTURES = ("resnet18", "resnet34", "resnet50", "mobilenet_v3_small", "mobilenet_v3_large", "mobilenet_v2",
                 "efficientnet_b0", "shufflenet_v2_x1_0", "squeezenet1_1", "densenet121", "regnet_y_400mf",
                 "convnext_tiny", "vgg11_bn", "alexnet", "vit_b_16")
MODEL_FILTER = QT_TRANSLATE_NOOP("OpenModelDialog", "Models (*.pt *.pth *.ts *.jit *.torchscript *.py);;TorchScript "
                                                    "(*.pt *.pth *.ts *.jit);;Python (*.py)")
WEIGHTS_FILTER = QT_TRANSLATE_NOOP("OpenModelDialog", "Weights (*.pt *.pth *.bin *.ckpt);;All files (*)")
# Milliseconds of quiet typing in the architecture box before its pretrained weights are looked up.
LOOKUP_DELAY_MS = 250


def file_kind(path: str) -> str:
    """``python`` for a .py file (a ``file.py:Class`` too), else ``torchscript``."""
    return "python" if Path(path.partition(".py:")[0] + (".py" if ".py:" in path else "")).suffix == ".py" \
        else "torchscript"


def confirm_trust(parent: Optional[QWidget], path: str) -> bool:
    """Ask whether to run the Python file ``path``; True only for an explicit yes."""
    box = QMessageBox(QMessageBox.Icon.Warning, translate("OpenModelDialog", "Run this Python file?"),
                      "", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    text = translate(
        "OpenModelDialog", "{0} is Python code: opening it runs it with your permissions. Open it only if you trust where it "
        "came from.")
    box.setText(text.replace("{0}", Path(path).name))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


class OpenModelDialog(QDialog):
    """Choose a model to open; ``source()`` is the ``ModelSource`` once accepted."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open model"))
        self.by_name = QRadioButton(self.tr("torchvision architecture"))
        self.by_file = QRadioButton(self.tr("TorchScript or Python file"))
        self.by_name.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_name)
        group.addButton(self.by_file)
        self.name_combo = QComboBox()
        self.name_combo.setEditable(True)
        self.name_combo.addItems(ARCHITECTURES)
        self.pretrained = QCheckBox(self.tr("torchvision's pretrained weights"))
        self.fetcher = PretrainedFetcher(self)
        self.fetcher.lookedUp.connect(self._on_looked_up)
        self.fetcher.progress.connect(self._on_download_progress)
        self.fetcher.finished.connect(self._on_downloaded)
        self._lookup_soon = QTimer(self, singleShot=True, interval=LOOKUP_DELAY_MS)
        self._lookup_soon.timeout.connect(self._look_up)
        self.name_combo.currentTextChanged.connect(lambda _text: self._lookup_soon.start())
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(self.tr("model.pt, or net.py (optionally net.py:ClassName)"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse_model)
        self.weights_edit = QLineEdit()
        self.weights_edit.setPlaceholderText(self.tr("optional: a state dict file; empty = random init"))
        browse_weights = QPushButton(self.tr("Browse…"))
        browse_weights.clicked.connect(self._browse_weights)
        self.size_spin = QSpinBox()
        self.size_spin.setRange(0, 4096)
        self.size_spin.setSpecialValueText(self.tr("the model's own"))
        self.size_spin.setSuffix(" px")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)

        file_row, weights_row = QHBoxLayout(), QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        weights_row.addWidget(self.weights_edit, 1)
        weights_row.addWidget(browse_weights)
        form = QFormLayout()
        form.addRow(self.by_name, self.name_combo)
        form.addRow("", self.pretrained)
        form.addRow(self.by_file, file_row)
        form.addRow(self.tr("Weights"), weights_row)
        form.addRow(self.tr("Input size"), self.size_spin)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._form = form
        self._source: Optional[ModelSource] = None
        self._pending: Optional[ModelSource] = None     # waits for its pretrained weights to download
        self._has_pretrained = True                     # until a look-up says the architecture has none
        self._look_up()

    def source(self) -> Optional[ModelSource]:
        """The model chosen (None until accepted)."""
        return self._source

    def chosen(self, trust_code: bool = False) -> Optional[ModelSource]:
        """The ``ModelSource`` the fields describe, or None (with the reason shown) when incomplete."""
        size = self.size_spin.value() or None
        weights = self.weights_edit.text().strip() or None
        if self.by_name.isChecked():
            name = self.name_combo.currentText().strip().lower()
            if not name:
                self.error.setText(self.tr("Type or pick an architecture name."))
                return None
            if self.pretrained.isChecked():
                weights = "pretrained"
            return ModelSource("torchvision", name, weights=weights, input_size=size)
        path = self.file_edit.text().strip()
        if not path:
            self.error.setText(self.tr("Choose a TorchScript (.pt) or Python (.py) file."))
            return None
        return ModelSource(file_kind(path), path, weights=weights, trust_code=trust_code, input_size=size)

    def accept(self) -> None:
        if self.downloading:
            return
        source = self.chosen()
        if source is None:
            return
        if source.kind == "python":
            if not confirm_trust(self, source.name):
                self.error.setText(self.tr("Not opened: the Python file was not trusted, so it was not run."))
                return
            source = self.chosen(trust_code=True)
        if source.kind == "torchvision" and source.weights == "pretrained":
            self._start_download(source)
            return
        self._source = source
        super().accept()

    def reject(self) -> None:
        """Cancel stops a download under way (the dialog stays open); else it closes the dialog."""
        if self.downloading:
            self.fetcher.cancel()
            self._end_download()
            self.error.setText(self.tr("Download cancelled; nothing was kept."))
            return
        super().reject()

    def done(self, result: int) -> None:
        if self.downloading:
            self.fetcher.cancel()
            self._end_download()
        super().done(result)

    @property
    def downloading(self) -> bool:
        """True while torchvision's pretrained weights are being brought into torch hub's cache."""
        return self._pending is not None

    # ------------------------------------------------------------ pretrained weights
    @Slot()
    def _look_up(self) -> None:
        name = self.name_combo.currentText().strip().lower()
        self.pretrained.setText(self.tr("torchvision's pretrained weights"))
        if name:
            self.fetcher.look_up(name)

    @Slot(str, object)
    def _on_looked_up(self, name: str, weights) -> None:
        if name != self.name_combo.currentText().strip().lower():
            return
        if weights is None:
            self.pretrained.setChecked(False)
            self.pretrained.setText(self.tr("torchvision's pretrained weights (none for this architecture)"))
        elif weights.cached:
            self.pretrained.setText(self.tr("torchvision's pretrained weights (already downloaded)"))
        elif weights.size_mb:
            self.pretrained.setText(self.tr("torchvision's pretrained weights (downloads {0} MB)")
                                    .replace("{0}", f"{weights.size_mb:.0f}" if weights.size_mb >= 10
                                             else f"{weights.size_mb:.1f}"))
        self._has_pretrained = weights is not None
        self.pretrained.setEnabled(self._has_pretrained and not self.downloading)

    def _start_download(self, source: ModelSource) -> None:
        self._pending = source
        self.error.setText(self.tr("Getting torchvision's pretrained weights for {0}…").replace("{0}", source.name))
        self.progress.setRange(0, 0)            # busy until the size is known
        self.progress.setVisible(True)
        self._set_inputs_enabled(False)
        self.fetcher.fetch(source.name)

    @Slot(int, int)
    def _on_download_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * min(done, total) / total))
            self.progress.setFormat(self.tr("%p% of {0} MB").replace("{0}", f"{total / 2 ** 20:.1f}"))
        self.error.setText(self.tr("Downloading torchvision's pretrained weights for {0}…")
                           .replace("{0}", self._pending.name if self._pending is not None else ""))

    @Slot(str, str)
    def _on_downloaded(self, _name: str, error: str) -> None:
        source = self._pending
        self._end_download()
        if source is None:
            return
        if error:
            self.error.setText(error)
            return
        self._source = source
        super().accept()

    def _end_download(self) -> None:
        self._pending = None
        self.progress.setVisible(False)
        self._set_inputs_enabled(True)

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for i in range(self._form.count()):
            item = self._form.itemAt(i)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setEnabled(enabled)
            elif item is not None and item.layout() is not None:
                for j in range(item.layout().count()):
                    inner = item.layout().itemAt(j).widget()
                    if inner is not None:
                        inner.setEnabled(enabled)
        self.pretrained.setEnabled(enabled and self._has_pretrained)
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(enabled)

    def _browse_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a model file"), "", self.tr(MODEL_FILTER))
        if path:
            self.file_edit.setText(path)
            self.by_file.setChecked(True)

    def _browse_weights(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a weights file"), "", self.tr(WEIGHTS_FILTER))
        if path:
            self.weights_edit.setText(path)

"""Dataset panel: choose built-in / torchvision / image-folder data, load it in the background,
and show its classes, counts, input shape and a strip of sample images."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...core.data import sources as D
from ...core.data.errors import DatasetError
from ...core.data.folder_plan import survey_folder
from ...core.inspect.probe_source import ProbeSource
from ..compute.dataset_loader import DatasetLoader
from ..i18n import message_text
from .folder_options import FolderOptions
from .skipped_files_dialog import SkippedFilesDialog
from ..support.style import ERROR_STYLE
from ..state import StudioState
from ..widgets.image_strip import ImageStrip

FOLDER = "__folder__"
SAMPLES_PER_CLASS = 6
MAX_SAMPLES = 60


def sample_indices(labels: np.ndarray, num_classes: int, per_class: int = SAMPLES_PER_CLASS,
                   limit: int = MAX_SAMPLES) -> np.ndarray:
    """Indices of up to ``per_class`` images of each class (class order), at most ``limit``."""
    picks = [np.flatnonzero(labels == c)[:per_class] for c in range(num_classes)]
    # Interleave classes so a short strip still shows every class.
    rows = [p[i] for i in range(per_class) for p in picks if i < len(p)]
    return np.asarray(rows[:limit], dtype=np.int64)


class DatasetPanel(QWidget):
    """Picks and describes the dataset; loading goes through a ``DatasetLoader``."""

    def __init__(self, state: StudioState, loader: DatasetLoader, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.state = state
        self.loader = loader
        self._sample_idx = np.zeros(0, dtype=np.int64)

        self.combo = QComboBox()
        for name in D.dataset_names():
            self.combo.addItem(name, name)
            self.combo.setItemData(self.combo.count() - 1, message_text(D.describe_dataset(name)),
                                   Qt.ItemDataRole.ToolTipRole)
        self.combo.insertSeparator(self.combo.count())
        self.combo.addItem(self.tr("Image folder…"), FOLDER)
        self.combo.setItemData(self.combo.count() - 1, self.tr("Use your own images: a folder with one sub-folder "
                               "per class (e.g. cats/, dogs/)."), Qt.ItemDataRole.ToolTipRole)
        self.combo.setToolTip(self.tr("The images to learn from. 'shapes' is built in and needs no download."))
        self.combo.activated.connect(self._on_choice)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.setToolTip(self.tr("Load the chosen dataset again (e.g. after changing the data folder)."))
        self.reload_button.clicked.connect(self.reload)
        self.root_edit = QLineEdit()
        self.root_edit.setPlaceholderText(self.tr("default: {path}").format(path=D.default_data_root()))
        self.root_edit.setToolTip(self.tr("Where downloadable datasets (MNIST, CIFAR-10, …) are stored or downloaded "
                                          "to."))
        self.root_edit.editingFinished.connect(self._on_root_edited)
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.setToolTip(self.tr("Choose the data folder."))
        self.browse_button.clicked.connect(self._browse_root)

        row1 = QHBoxLayout()
        row1.addWidget(self.combo, 1)
        row1.addWidget(self.reload_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.root_edit, 1)
        row2.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("Dataset"), row1)
        form.addRow(self.tr("Data folder"), row2)
        self.folder_options = FolderOptions()
        self.folder_options.hide()
        self.folder_options.changed.connect(self._on_folder_options_changed)

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(ERROR_STYLE)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        self.lock_label = QLabel(self.tr("Locked while training: the dataset cannot change during a run."))
        self.lock_label.setObjectName("lockNote")
        self.lock_label.setWordWrap(True)
        self.lock_label.hide()

        self.description_label = QLabel()
        self.description_label.setWordWrap(True)
        self.description_label.setObjectName("description")
        self.skipped_label = QLabel()
        self.skipped_label.setObjectName("skippedFiles")
        self.skipped_label.setToolTip(self.tr("Files with an image extension that could not be read; "
                                      "Details… lists them and why."))
        self.skipped_label.linkActivated.connect(self.show_skipped_files)
        self.skipped_label.hide()
        self.skipped_dialog: Optional[SkippedFilesDialog] = None
        self.shape_label = QLabel("—")
        self.counts_label = QLabel("—")
        facts = QFormLayout()
        facts.addRow(self.tr("Input"), self.shape_label)
        facts.addRow(self.tr("Images"), self.counts_label)
        self.class_table = QTableWidget(0, 3)
        self.class_table.setHorizontalHeaderLabels([self.tr("Class"), self.tr("Train"), self.tr("Validation")])
        self.class_table.verticalHeader().setVisible(False)
        self.class_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.class_table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.class_table.setAlternatingRowColors(True)
        header = self.class_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.class_table.setToolTip(self.tr("How many images of each class there are to train and to validate on."))
        self.samples_label = QLabel(self.tr("Samples — click one to see its feature maps"))
        self.samples_label.setWordWrap(True)
        self.strip = ImageStrip()
        self.strip.setToolTip(self.tr("Training images of every class; click one to look at it in the Feature maps "
                                      "view."))
        self.strip.imageClicked.connect(self._on_sample_clicked)

        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.folder_options)
        box.addWidget(self.lock_label)
        box.addWidget(self.progress)
        box.addWidget(self.message_label)
        box.addWidget(self.description_label)
        box.addWidget(self.skipped_label)
        box.addLayout(facts)
        box.addWidget(self.class_table, 1)
        box.addWidget(self.samples_label)
        box.addWidget(self.strip)

        loader.started.connect(self._on_started)
        loader.progress.connect(self._on_progress)
        loader.loaded.connect(self._on_loaded)
        loader.failed.connect(self._on_failed)
        state.datasetChanged.connect(self._show_dataset)
        state.runStatusChanged.connect(self._on_run_status)
        if state.dataset is not None:
            self._show_dataset(state.dataset)

    # ------------------------------------------------------------------ actions
    def load(self, name_or_path: str) -> None:
        """Select ``name_or_path`` (a dataset name or an image folder) and load it in the background."""
        index = self.combo.findData(name_or_path)
        if index < 0:
            index = self._add_folder_item(name_or_path)
        self.combo.setCurrentIndex(index)
        if name_or_path in D.dataset_names():
            self.folder_options.hide()
            self.loader.load(name_or_path, self.root_edit.text().strip())
            return
        try:
            survey = survey_folder(name_or_path)
        except DatasetError:
            survey = None                   # the loader says what is wrong with it
        self.folder_options.set_survey(survey)
        self.folder_options.show()
        self.loader.load(name_or_path, self.root_edit.text().strip(),
                         image_size=self.folder_options.image_size(), grayscale=self.folder_options.grayscale())

    @Slot()
    def reload(self) -> None:
        data = self.combo.currentData()
        if data and data != FOLDER:
            self.load(data)

    def data_root(self) -> str:
        return self.root_edit.text().strip()

    def set_data_root(self, root: str) -> None:
        self.root_edit.setText(root)

    @Slot()
    def show_skipped_files(self, *_args) -> None:
        """Open the list of the files the loaded folder skipped, and why."""
        ds = self.state.dataset
        if ds is None or not ds.skipped:
            return
        self.skipped_dialog = SkippedFilesDialog(ds.name, ds.skipped_files, ds.skipped, self)
        self.skipped_dialog.show()

    # ------------------------------------------------------------------ internals
    @Slot()
    def _on_folder_options_changed(self) -> None:
        data = self.combo.currentData()
        if data and data != FOLDER and data not in D.dataset_names() and not self.state.is_running:
            self.load(data)

    def _is_loaded(self, name_or_path: str) -> bool:
        ds = self.state.dataset
        if ds is None:
            return False
        return ds.name in (name_or_path, str(Path(name_or_path).expanduser().resolve()))

    def _add_folder_item(self, path: str) -> int:
        index = self.combo.count() - 1  # before "Image folder…"
        self.combo.insertItem(index, self.tr("Folder: {name}").format(name=Path(path).name or path), path)
        self.combo.setItemData(index, path, Qt.ItemDataRole.ToolTipRole)
        return index

    @Slot(int)
    def _on_choice(self, index: int) -> None:
        data = self.combo.itemData(index)
        if data == FOLDER:
            path = QFileDialog.getExistingDirectory(self, self.tr("Choose an image folder (one sub-folder per class)"))
            if not path:
                self._select_current_dataset()
                return
            self.load(path)
        elif data:
            self.load(data)

    def _select_current_dataset(self) -> None:
        ds = self.state.dataset
        index = self.combo.findData(ds.name) if ds is not None else -1
        if index >= 0:
            self.combo.setCurrentIndex(index)

    @Slot()
    def _on_root_edited(self) -> None:
        if self.combo.currentData() not in (None, FOLDER, "shapes") and not self.state.is_running:
            self.reload()

    @Slot()
    def _browse_root(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose the data folder"), self.root_edit.text())
        if path:
            self.root_edit.setText(path)
            self._on_root_edited()

    @Slot(str)
    def _on_started(self, name: str) -> None:
        self.state.set_loading(Path(name).name or name)
        self.message_label.hide()
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("Loading {name}…").format(name=Path(name).name or name))
        self.progress.show()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.progress.setFormat((message or self.tr("Loading")) + " · %p%")
        else:
            self.progress.setRange(0, 0)
            self.progress.setFormat(message or self.tr("Loading…"))

    @Slot(object)
    def _on_loaded(self, dataset) -> None:
        self.progress.hide()
        self.state.set_loading("")
        self.state.set_dataset(dataset)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        self.state.set_loading("")
        name = self.loader.name
        index = self.combo.findData(name)
        if index >= 0 and name not in D.dataset_names() and not self._is_loaded(name):
            self.combo.removeItem(index)    # a refused folder does not stay on offer
            message = self.tr("{reason}. The folder was taken off the dataset list.").format(
                reason=message_text(message).rstrip("."))
        self.message_label.setText(message_text(message))
        self.message_label.show()
        self._select_current_dataset()
        if self.state.dataset is None or self.state.dataset.name in D.dataset_names():
            self.folder_options.hide()

    @Slot(object)
    def _show_dataset(self, ds) -> None:
        if ds is None:
            return
        index = self.combo.findData(ds.name)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        registered = ds.name in D.dataset_names()
        self.description_label.setText(message_text(D.describe_dataset(ds.name)) if registered
                                       else self.tr("Images from {name}").format(name=ds.name))
        self.folder_options.setVisible(not registered)
        skipped = getattr(ds, "skipped", 0)
        skipped_text = (self.tr("{count:,} unreadable file skipped") if skipped == 1
                        else self.tr("{count:,} unreadable files skipped")).format(count=skipped)
        self.skipped_label.setText(skipped_text + " — <a href=\"#skipped\">" + self.tr("Details…") + "</a>")
        self.skipped_label.setVisible(bool(skipped))
        c, h, w = ds.input_shape
        colour = (self.tr("colour (RGB)") if c == 3 else self.tr("grayscale") if c == 1
                  else self.tr("{count} channels").format(count=c))
        self.shape_label.setText(self.tr("{c}×{h}×{w} — {colour}, {h}×{w} pixels").format(c=c, h=h, w=w,
                                                                                        colour=colour))
        train_y = np.asarray(ds.train_y.numpy())
        val_y = np.asarray(ds.val_y.numpy())
        n_cls = ds.num_classes
        self.counts_label.setText(self.tr("{train:,} train · {val:,} validation · {classes} classes").format(
            train=len(train_y), val=len(val_y), classes=n_cls))
        train_counts = np.bincount(train_y, minlength=n_cls)
        val_counts = np.bincount(val_y, minlength=n_cls)
        self.class_table.setRowCount(n_cls)
        for row, name in enumerate(ds.class_names):
            for col, value in enumerate((str(name), f"{train_counts[row]:,}", f"{val_counts[row]:,}")):
                item = QTableWidgetItem(value)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.class_table.setItem(row, col, item)
        self._sample_idx = sample_indices(train_y, n_cls)
        # numpy views of the tensors: the GUI thread runs no torch ops (its own OpenMP pool would slow training)
        images = np.ascontiguousarray(ds.train_x.numpy()[self._sample_idx])
        names = [str(ds.class_names[train_y[i]]) for i in self._sample_idx]
        self.strip.set_images(images, names)

    @Slot(int)
    def _on_sample_clicked(self, index: int) -> None:
        ds = self.state.dataset
        if ds is None or not (0 <= index < len(self._sample_idx)):
            return
        i = int(self._sample_idx[index])
        self.state.set_probe_image(ProbeSource.train(i), ds.train_x.numpy()[i], int(ds.train_y.numpy()[i]))

    @Slot(str)
    def _on_run_status(self, status: str) -> None:
        running = status != "idle"
        for w in (self.combo, self.reload_button, self.root_edit, self.browse_button, self.folder_options):
            w.setEnabled(not running)
        self.lock_label.setVisible(running)

"""The image-folder choices of the Data panel: input size, grayscale, and the memory they take."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core.data.errors import DatasetError
from ...core.data.folder_plan import (AUTO_MAX_SIDE, NATIVE, SIZE_CHOICES, FolderSurvey, available_memory,
                                      dataset_bytes, format_bytes, loading_bytes, shown_size)
from ..i18n import error_text

TOO_BIG_STYLE = "QLabel { color: rgb(220, 38, 38); }"


class FolderOptions(QWidget):
    """Size combo + grayscale box for an image folder; ``changed`` when the user picks another."""

    changed = Signal()

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._survey: Optional[FolderSurvey] = None
        self.size_combo = QComboBox()
        self.size_combo.addItem(self.tr("Automatic (at most {side} px)").format(side=AUTO_MAX_SIDE), None)
        for side in SIZE_CHOICES:
            self.size_combo.addItem(f"{side}×{side}", side)
        self.size_combo.addItem(self.tr("As the images are"), NATIVE)
        self.size_combo.setToolTip(self.tr("The size every image is resized to (not cropped). Bigger images show "
                                   "more detail but train slower and take more memory."))
        self.gray_check = QCheckBox(self.tr("Grayscale"))
        self.gray_check.setToolTip(self.tr("One grey channel instead of three colour channels: a third of the memory."))
        self.memory_label = QLabel()
        self.memory_label.setObjectName("memoryEstimate")
        self.memory_label.setWordWrap(True)
        self.size_combo.activated.connect(self._on_user_change)
        self.gray_check.toggled.connect(self._on_user_change)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Image size")))
        row.addWidget(self.size_combo, 1)
        row.addWidget(self.gray_check)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.memory_label)

    # ------------------------------------------------------------------ the choice
    def image_size(self):
        """None (automatic), a side in pixels, or ``"native"``."""
        return self.size_combo.currentData()

    def grayscale(self) -> bool:
        return self.gray_check.isChecked()

    def select_size(self, image_size) -> None:
        """Show ``image_size`` as chosen (no ``changed`` signal)."""
        index = self.size_combo.findData(image_size)
        if index >= 0:
            self.size_combo.setCurrentIndex(index)
        self.refresh()

    def set_survey(self, survey: Optional[FolderSurvey]) -> None:
        """The folder the choices are for; "As the images are" is offered only when its images share a size."""
        self._survey = survey
        native = survey.native_size if survey is not None else None
        index = self.size_combo.findData(NATIVE)
        item = self.size_combo.model().item(index)
        item.setEnabled(native is not None)
        if native is not None:
            self.size_combo.setItemText(index, self.tr("As the images are ({size})").format(
                size=shown_size(native[::-1])))
        else:
            self.size_combo.setItemText(index, self.tr("As the images are (they differ in size)"))
            if self.image_size() == NATIVE:
                self.size_combo.setCurrentIndex(0)
        self.refresh()

    # ------------------------------------------------------------------ memory
    def refresh(self) -> None:
        """Show what the current choice takes in memory, in red when it would not fit."""
        survey = self._survey
        if survey is None:
            self.memory_label.setText("")
            return
        try:
            size_hw = survey.size_for(self.image_size())
        except DatasetError as exc:
            self._show(error_text(exc), too_big=True)
            return
        channels = 1 if self.grayscale() else 3
        held = format_bytes(dataset_bytes(survey.files, size_hw, channels))
        need, have = loading_bytes(survey.files, size_hw, channels), available_memory()
        what = self.tr("{files:,} files × {c}×{h}×{w}: ≈ {held} in memory").format(
            files=survey.files, c=channels, h=size_hw[0], w=size_hw[1], held=held)
        if need > have:
            self._show(self.tr("{what} — too much: loading needs ≈ {need}, only {free} is free; choose a smaller "
                               "size or grayscale").format(what=what, need=format_bytes(need), free=format_bytes(have)),
                       too_big=True)
        else:
            self._show(what, too_big=False)

    def _show(self, text: str, too_big: bool) -> None:
        self.memory_label.setText(text)
        self.memory_label.setStyleSheet(TOO_BIG_STYLE if too_big else "")
        self.memory_label.setProperty("tooBig", too_big)

    @Slot()
    def _on_user_change(self, *_args) -> None:
        self.refresh()
        self.changed.emit()

"""ImageStrip: a horizontal, scrollable row of thumbnails from a uint8 (N, C, H, W) array."""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem


def array_to_qimage(image: np.ndarray) -> QImage:
    """uint8 (C, H, W) with C 1 or 3 -> a QImage that owns its pixels."""
    image = np.asarray(image)
    if image.ndim == 2:
        image = image[None]
    channels, height, width = image.shape
    if channels == 1:
        data = np.ascontiguousarray(image[0], dtype=np.uint8)
        fmt = QImage.Format.Format_Grayscale8
    else:
        data = np.ascontiguousarray(image[:3].transpose(1, 2, 0), dtype=np.uint8)
        fmt = QImage.Format.Format_RGB888
    qimage = QImage(data.data, width, height, data.strides[0], fmt)
    return qimage.copy()


class ImageStrip(QListWidget):
    """Thumbnails in one scrollable row; the selected one is highlighted.

    ``imageClicked(index)`` fires when the user picks an image: a mouse click, or the
    arrow keys / Enter. ``set_selected`` highlights without emitting.
    """

    imageClicked = Signal(int)

    def __init__(self, parent=None, thumb_size: int = 56):
        super().__init__(parent)
        self._thumb = int(thumb_size)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Fixed)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setIconSize(QSize(self._thumb, self._thumb))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setStyleSheet("QListWidget::item { border: 2px solid transparent; padding: 0px; }"
                           "QListWidget::item:selected { border: 2px solid palette(highlight);"
                           " background: palette(highlight); }")
        bar = self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(self._thumb + bar + 20)
        self.itemClicked.connect(lambda item: self.imageClicked.emit(self.row(item)))

    def set_images(self, images: Optional[np.ndarray], captions: Optional[Sequence[str]] = None) -> None:
        """Show ``images`` (uint8 (N, C, H, W)); ``captions`` become the tooltips."""
        self.clear()
        if images is None:
            return
        images = np.asarray(images)
        if images.ndim == 3:
            images = images[:, None]
        for i, image in enumerate(images):
            pixmap = QPixmap.fromImage(array_to_qimage(image)).scaled(
                self._thumb, self._thumb, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation)
            icon = QIcon()
            for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
                icon.addPixmap(pixmap, mode)
            item = QListWidgetItem(icon, "")
            item.setSizeHint(QSize(self._thumb + 8, self._thumb + 8))
            if captions is not None and i < len(captions):
                item.setToolTip(str(captions[i]))
            self.addItem(item)

    def set_selected(self, index: int) -> None:
        """Highlight image ``index`` (-1: none) without emitting imageClicked."""
        blocked = self.blockSignals(True)
        try:
            if 0 <= index < self.count():
                self.setCurrentRow(index)
                self.scrollToItem(self.item(index))
            else:
                self.clearSelection()
                self.setCurrentRow(-1)
        finally:
            self.blockSignals(blocked)

    def selected(self) -> int:
        """Index of the highlighted image, or -1."""
        items = self.selectedItems()
        return self.row(items[0]) if items else -1

    def keyPressEvent(self, event) -> None:
        before = self.currentRow()
        super().keyPressEvent(event)
        after = self.currentRow()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and after >= 0:
            self.imageClicked.emit(after)
        elif after != before and after >= 0:
            self.imageClicked.emit(after)

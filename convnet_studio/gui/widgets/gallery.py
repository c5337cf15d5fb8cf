"""Gallery: a wrapping grid of image thumbnails with a short caption under each."""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem

from .image_strip import array_to_qimage


MIN_EXTRA_WIDTH, MAX_EXTRA_WIDTH = 30, 90     # a cell's width beyond the thumbnail's
CAPTION_PADDING = 12


class Gallery(QListWidget):
    """Thumbnails that wrap into rows; ``imageClicked(index)`` when the user picks one
    (click, or arrow keys / Enter). Images are scaled with nearest-neighbour pixels."""

    imageClicked = Signal(int)

    def __init__(self, parent=None, thumb_size: int = 64, caption_lines: int = 2):
        super().__init__(parent)
        self._thumb = int(thumb_size)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setWordWrap(True)
        self.setSpacing(2)
        self.setIconSize(QSize(self._thumb, self._thumb))
        self._caption_lines = caption_lines
        self._fit_grid(())
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemClicked.connect(lambda item: self.imageClicked.emit(self.row(item)))
        self.itemActivated.connect(lambda item: self.imageClicked.emit(self.row(item)))

    def set_images(self, images: Optional[np.ndarray], captions: Sequence[str] = (),
                   tooltips: Sequence[str] = ()) -> None:
        """Show uint8 ``images`` (N, C, H, W) with ``captions`` under them and ``tooltips``."""
        self.clear()
        if images is None:
            return
        self._fit_grid(captions)
        images = np.asarray(images)
        if images.ndim == 3:
            images = images[:, None]
        for i, image in enumerate(images):
            self.add_image(image, captions[i] if i < len(captions) else "",
                           tooltips[i] if i < len(tooltips) else "")

    def _fit_grid(self, captions: Sequence[str]) -> None:
        """Cells wide enough for the captions' longest line (within limits), so a line is not wrapped."""
        metrics = self.fontMetrics()
        widest = max([metrics.horizontalAdvance(line) for c in captions for line in str(c).split("\n")] + [0])
        width = max(self._thumb + MIN_EXTRA_WIDTH, min(widest + CAPTION_PADDING, self._thumb + MAX_EXTRA_WIDTH))
        size = QSize(width, self._thumb + 10 + self._caption_lines * metrics.height())
        if size != self.gridSize():
            self.setGridSize(size)

    def add_image(self, image: np.ndarray, caption: str = "", tooltip: str = "") -> None:
        """Append one uint8 (C, H, W) image (any size: it is scaled to the thumbnail)."""
        pixmap = QPixmap.fromImage(array_to_qimage(image)).scaled(
            self._thumb, self._thumb, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
        icon = QIcon()
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
            icon.addPixmap(pixmap, mode)
        item = QListWidgetItem(icon, str(caption))
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        if tooltip:
            item.setToolTip(str(tooltip))
        self.addItem(item)

    def image_count(self) -> int:
        return self.count()

    def click(self, index: int) -> None:
        """Select image ``index`` and emit ``imageClicked`` as a mouse click would."""
        if 0 <= index < self.count():
            self.setCurrentRow(index)
            self.imageClicked.emit(index)

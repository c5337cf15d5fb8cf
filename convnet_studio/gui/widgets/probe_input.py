"""ProbeInput: the probe image as the net sees it, a unit's receptive field drawn on it,
and an occluding patch the user drags over it."""
from __future__ import annotations

from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from ..support.style import style_graphics_view

RF_COLOR = QColor(255, 196, 0)
PATCH_COLOR = QColor(0, 200, 255)


class ProbeInput(pg.GraphicsLayoutWidget):
    """One ImageItem in a locked-aspect view; ``show_field`` outlines a rectangle of input
    pixels, ``show_patch`` a square the user can drag (``patchMoved(x, y)``: its new centre pixel)."""

    patchMoved = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumSize(160, 160)
        self.box = self.addViewBox()
        self.box.setAspectLocked(True)
        self.box.invertY(True)
        self.box.setMouseEnabled(False, False)
        self.box.setMenuEnabled(False)
        self.image_item = pg.ImageItem(axisOrder="row-major")
        self.box.addItem(self.image_item)
        self.heat_item = pg.ImageItem(axisOrder="row-major")
        self.heat_item.setOpacity(0.55)
        self.heat_item.setVisible(False)
        self.box.addItem(self.heat_item)
        self.field_item = QGraphicsRectItem()
        pen = QPen(RF_COLOR)
        pen.setWidthF(0.25)
        self.field_item.setPen(pen)
        self.field_item.setZValue(10)
        self.field_item.setVisible(False)
        self.box.addItem(self.field_item)
        self.patch_roi = pg.ROI((0, 0), (4, 4), movable=True, rotatable=False, resizable=False,
                                pen=pg.mkPen(PATCH_COLOR, width=2), translateSnap=True)
        self.patch_roi.setZValue(11)
        self.patch_roi.setVisible(False)
        self.patch_roi.sigRegionChanged.connect(self._on_patch_dragged)
        self.box.addItem(self.patch_roi)
        self._shape: tuple = ()
        self._placing = False
        style_graphics_view(self, self.palette())

    # ------------------------------------------------------------------ public API
    def set_image(self, image: np.ndarray) -> None:
        """Show uint8 ``(C, H, W)`` pixels (1 or 3 channels)."""
        image = np.asarray(image)
        shown = image[0] if image.shape[0] == 1 else image[:3].transpose(1, 2, 0)
        self.image_item.setImage(np.ascontiguousarray(shown), autoLevels=False, levels=(0, 255))
        if image.shape != self._shape:
            self._shape = image.shape
            self.box.autoRange(padding=0)

    def image_hw(self) -> tuple[int, int]:
        return tuple(self._shape[1:3]) if len(self._shape) == 3 else (0, 0)

    def show_field(self, box: Optional[tuple[int, int, int, int]]) -> None:
        """Outline input pixels ``(y0, y1, x0, x1)`` (ends exclusive); None hides the outline."""
        if box is None:
            self.field_item.setVisible(False)
            return
        y0, y1, x0, x1 = box
        self.field_item.setRect(QRectF(x0, y0, max(0, x1 - x0), max(0, y1 - y0)))
        self.field_item.setVisible(True)

    def field_box(self) -> Optional[tuple[int, int, int, int]]:
        """The outlined rectangle as ``(y0, y1, x0, x1)``, or None when hidden."""
        if not self.field_item.isVisible():
            return None
        r = self.field_item.rect()
        return int(round(r.top())), int(round(r.bottom())), int(round(r.left())), int(round(r.right()))

    def show_heat(self, heat: Optional[np.ndarray]) -> None:
        """Overlay a non-negative ``(H, W)`` map (hot = large); None hides it."""
        if heat is None:
            self.heat_item.setVisible(False)
            return
        heat = np.asarray(heat, dtype=np.float32)
        top = float(heat.max()) or 1.0
        lut = pg.colormap.get("inferno").getLookupTable(nPts=256, mode="byte")
        self.heat_item.setImage(heat / top, levels=(0, 1), lut=lut)
        self.heat_item.setVisible(True)

    def show_patch(self, patch: Optional[tuple[int, int, int]]) -> None:
        """Show the draggable patch ``(x, y, size)`` (centre pixel, side); None hides it."""
        if patch is None:
            self.patch_roi.setVisible(False)
            return
        x, y, size = patch
        self._placing = True
        try:
            self.patch_roi.setSize((size, size), update=False)
            self.patch_roi.setPos((x - size // 2, y - size // 2))
        finally:
            self._placing = False
        self.patch_roi.setVisible(True)

    # ------------------------------------------------------------------ internals
    def _on_patch_dragged(self, roi) -> None:
        if self._placing:
            return
        size = int(round(roi.size().x()))
        pos = roi.pos()
        self.patchMoved.emit(int(round(pos.x())) + size // 2, int(round(pos.y())) + size // 2)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            style_graphics_view(self, self.palette())
        super().changeEvent(event)


__all__ = ["ProbeInput", "Qt"]

"""TileCanvas: shows one packed mosaic (see tile_grid) and reports the tile under the mouse."""
from __future__ import annotations

from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal

from ..support.redraw_budget import MeteredPaint
from ..support.style import canvas_colors, style_graphics_view
from .tile_grid import TileLayout


def separator_value(palette, rgb: bool):
    """The canvas background as a mosaic separator value: an RGB triple or a grey level."""
    background, _ = canvas_colors(palette)
    if rgb:
        return np.array([background.red(), background.green(), background.blue()], np.uint8)
    return int(background.lightness())


class TileCanvas(MeteredPaint, pg.GraphicsLayoutWidget):
    """A pyqtgraph canvas holding exactly one ImageItem for a whole tile grid.

    ``set_mosaic`` is one ``setImage``; the view re-fits only when the mosaic's size
    changes, so a user's zoom survives live updates. ``tileHovered(index)`` fires
    when the tile under the mouse changes (-1: none); ``pointHovered(index, fx, fy)`` on every
    move, with where in that tile the mouse is (fractions 0..1 of its width and height);
    ``tileClicked(index)`` on a left click on a tile.
    """

    tileHovered = Signal(int)
    pointHovered = Signal(int, float, float)
    tileClicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ci.setContentsMargins(2, 2, 2, 2)
        self.view_box = self.addViewBox()
        self.view_box.setAspectLocked(True)
        self.view_box.invertY(True)
        self.view_box.setDefaultPadding(0.01)
        self.image_item = pg.ImageItem(axisOrder="row-major")
        self.view_box.addItem(self.image_item)
        self._layout: Optional[TileLayout] = None
        self._shape: tuple = ()
        self._hovered = -1
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        style_graphics_view(self, self.palette())

    @property
    def layout_info(self) -> Optional[TileLayout]:
        """Geometry of the mosaic shown now (None when empty)."""
        return self._layout

    def set_mosaic(self, mosaic: np.ndarray, layout: TileLayout) -> None:
        """Show ``mosaic`` (uint8 (H, W) or (H, W, 3)) with one setImage call."""
        self._layout = layout
        self.image_item.setImage(mosaic, autoLevels=False, levels=(0, 255))
        if mosaic.shape[:2] != self._shape[:2]:
            self._shape = mosaic.shape
            self.view_box.autoRange(padding=0.01)

    def clear_mosaic(self) -> None:
        """Show nothing."""
        self._layout = None
        self._shape = ()
        self.image_item.clear()
        self._set_hovered(-1)

    def tile_at_scene(self, scene_pos) -> int:
        """Tile index under a scene position, or -1."""
        if self._layout is None or self.image_item.image is None:
            return -1
        p = self.image_item.mapFromScene(scene_pos)
        index = self._layout.tile_at(p.x(), p.y())
        return -1 if index is None else index

    def _on_mouse_clicked(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.tile_at_scene(event.scenePos())
            if index >= 0:
                self.tileClicked.emit(index)

    def point_at_scene(self, scene_pos) -> tuple[int, float, float]:
        """(tile index, fx, fy) under a scene position: fractions of the tile's width and height; -1 if none."""
        index = self.tile_at_scene(scene_pos)
        if index < 0:
            return -1, 0.0, 0.0
        layout = self._layout
        p = self.image_item.mapFromScene(scene_pos)
        fx = (p.x() % (layout.tile_w + layout.sep)) / layout.tile_w
        fy = (p.y() % (layout.tile_h + layout.sep)) / layout.tile_h
        return index, min(max(fx, 0.0), 0.999999), min(max(fy, 0.0), 0.999999)

    def _on_mouse_moved(self, scene_pos) -> None:
        point = self.point_at_scene(scene_pos)
        self._set_hovered(point[0])
        self.pointHovered.emit(*point)

    def _set_hovered(self, index: int) -> None:
        if index != self._hovered:
            self._hovered = index
            self.tileHovered.emit(index)

    def leaveEvent(self, event) -> None:
        self._set_hovered(-1)
        self.pointHovered.emit(-1, 0.0, 0.0)
        super().leaveEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            style_graphics_view(self, self.palette())
        super().changeEvent(event)

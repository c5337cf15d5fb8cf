"""Colour maps as lookup tables, and a canvas showing an image with a heat map over it (numpy only)."""
from __future__ import annotations

import functools
from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent

from ..support.style import canvas_colors, style_graphics_view


@functools.lru_cache(maxsize=16)
def colormap_lut(name: str) -> np.ndarray:
    """(256, 3) uint8 colours of a pyqtgraph colour map (read-only)."""
    lut = np.ascontiguousarray(pg.colormap.get(name).getLookupTable(nPts=256, mode="byte")[:, :3], np.uint8)
    lut.flags.writeable = False
    return lut


def colorize(values: np.ndarray, lo: float, hi: float, lut: np.ndarray) -> np.ndarray:
    """(H, W) floats mapped linearly from [lo, hi] through ``lut``: (H, W, 3) uint8 (NaN -> lo)."""
    v = np.nan_to_num(np.asarray(values, dtype=np.float32), nan=lo)
    span = hi - lo if hi > lo else 1.0
    idx = np.clip((v - lo) * (255.0 / span), 0, 255).astype(np.uint8)
    return np.ascontiguousarray(lut[idx])


def to_rgb(image_chw: np.ndarray) -> np.ndarray:
    """uint8 (C, H, W) with C 1 or 3 -> (H, W, 3) uint8."""
    image = np.asarray(image_chw, dtype=np.uint8)
    if image.ndim == 2:
        image = image[None]
    if image.shape[0] == 1:
        image = np.repeat(image, 3, axis=0)
    return np.ascontiguousarray(image[:3].transpose(1, 2, 0))


class HeatCanvas(pg.GraphicsLayoutWidget):
    """A title, the image, a heat map over it at an adjustable opacity, and a colour bar."""

    def __init__(self, title: str, colormap: str = "inferno", label: str = "", parent=None):
        super().__init__(parent)
        self.ci.setContentsMargins(2, 2, 2, 2)
        self.title = self.addLabel(title, row=0, col=0)
        self.view_box = self.addViewBox(row=1, col=0)
        self.view_box.setAspectLocked(True)
        self.view_box.invertY(True)
        self.view_box.setMouseEnabled(False, False)
        self.view_box.setMenuEnabled(False)
        self.image_item = pg.ImageItem(axisOrder="row-major")
        self.heat_item = pg.ImageItem(axisOrder="row-major")
        self.view_box.addItem(self.image_item)
        self.view_box.addItem(self.heat_item)
        self.cmap = pg.colormap.get(colormap)
        self.lut = colormap_lut(colormap)
        self.color_bar = pg.ColorBarItem(values=(0, 1), colorMap=self.cmap, interactive=False, width=10,
                                         orientation="horizontal", label=label or None)
        self.color_bar.axis.enableAutoSIPrefix(False)
        self.addItem(self.color_bar, row=2, col=0)
        self.ci.layout.setRowStretchFactor(1, 1)
        self.heat_item.setOpacity(0.6)
        self._shape: tuple = ()
        self._apply_palette()

    def set_image(self, image_chw: Optional[np.ndarray]) -> None:
        """The picture under the heat map (uint8 (C, H, W)), or None."""
        if image_chw is None:
            self.image_item.clear()
            return
        rgb = to_rgb(image_chw)
        self.image_item.setImage(rgb, autoLevels=False, levels=(0, 255))
        if rgb.shape != self._shape:
            self._shape = rgb.shape
            self.view_box.autoRange(padding=0)

    def set_heat(self, values: Optional[np.ndarray], lo: float = 0.0, hi: float = 1.0,
                 signed: bool = False) -> None:
        """Colour ``values`` (H, W) over [lo, hi] and lay it over the image; None removes it.

        ``signed``: a diverging map around 0 whose transparency follows |value|, so places
        where nothing changes show the image itself.
        """
        if values is None:
            self.heat_item.clear()
            return
        rgb = colorize(values, lo, hi, self.lut)
        if signed:
            peak = max(abs(lo), abs(hi)) or 1.0
            alpha = np.clip(np.abs(np.nan_to_num(values)) * (255.0 / peak), 0, 255).astype(np.uint8)
            rgb = np.ascontiguousarray(np.concatenate([rgb, alpha[..., None]], axis=2))
        self.heat_item.setImage(rgb, autoLevels=False, levels=(0, 255))
        self.color_bar.setLevels((lo, hi))

    def set_opacity(self, opacity: float) -> None:
        self.heat_item.setOpacity(float(opacity))

    def has_heat(self) -> bool:
        return self.heat_item.image is not None

    def _apply_palette(self) -> None:
        self._styled = True
        style_graphics_view(self, self.palette())
        _, fg = canvas_colors(self.palette())
        self.title.setAttr("color", fg)
        self.title.setText(self.title.text)
        axis = self.color_bar.axis
        axis.setPen(fg)
        axis.setTextPen(fg)
        axis.setLabel(axis.labelText, color=fg)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "_styled", False):
            self._apply_palette()
        super().changeEvent(event)

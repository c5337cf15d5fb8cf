"""UnitGrid: one image per unit of a layer, packed into a tile mosaic, with the selected unit boxed."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from ..support.receptive_hover import TileFieldOutline
from .tile_canvas import TileCanvas, separator_value
from .tile_grid import grid_dims, pack_tiles, upscale_factor


class UnitGrid(TileCanvas):
    """A ``TileCanvas`` of unit images: a red box marks the selected tile and ``field_outline`` the
    input pixels a hovered unit sees."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.marker = pg.PlotDataItem(pen=pg.mkPen((255, 64, 64), width=2))
        self.view_box.addItem(self.marker)
        self.field_outline = TileFieldOutline(self)

    def show_units(self, images: np.ndarray) -> None:
        """Show uint8 ``images`` (N, C, H, W), one tile each: grey, or the first three channels as RGB."""
        tiles = images[:, 0] if images.shape[1] == 1 else np.ascontiguousarray(images[:, :3].transpose(0, 2, 3, 1))
        n, h, w = tiles.shape[:3]
        rows, cols = grid_dims(n)
        scale = upscale_factor(h, w, rows, cols, target=72)
        sep = separator_value(self.palette(), rgb=tiles.ndim == 4)
        mosaic, layout = pack_tiles(tiles, cols=cols, scale=scale, sep=2, sep_value=sep)
        self.set_mosaic(mosaic, layout)

    def clear_mosaic(self) -> None:
        """Show nothing, the selection box included."""
        super().clear_mosaic()
        self.marker.setData([], [])

    def mark(self, position: int) -> None:
        """Box tile ``position`` (none when it is not shown)."""
        layout = self.layout_info
        if layout is None or not 0 <= position < layout.count:
            self.marker.setData([], [])
            return
        r, c = divmod(position, layout.cols)
        x0, y0 = c * (layout.tile_w + layout.sep) - 0.5, r * (layout.tile_h + layout.sep) - 0.5
        x1, y1 = x0 + layout.tile_w + 1, y0 + layout.tile_h + 1
        self.marker.setData([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0])

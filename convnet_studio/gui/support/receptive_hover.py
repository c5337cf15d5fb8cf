"""Which input pixels a hovered unit sees: from a layer's map shape and the mouse's place in a tile."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QCoreApplication

from ...core.model.receptive_field import receptive_fields
from ...core.model.spec import ModelSpec


def hovered_unit(map_shape: tuple, fx: float, fy: float) -> Optional[tuple[int, int]]:
    """(row, col) of the unit under fractions (fx, fy) of a ``(C, H, W)`` map's tile; None for flat outputs."""
    if len(map_shape) != 3:
        return None
    h, w = int(map_shape[1]), int(map_shape[2])
    return min(h - 1, int(fy * h)), min(w - 1, int(fx * w))


def unit_field(spec: ModelSpec, input_shape: tuple, layer: int, map_shape: tuple, fx: float,
               fy: float) -> Optional[tuple[tuple[int, int, int, int], str]]:
    """``((y0, y1, x0, x1), text)``: the clipped input rectangle the hovered unit of ``layer`` sees,
    and a sentence about it; None when ``layer`` is not in the spec."""
    if not 0 <= layer < len(spec.layers):
        return None
    field = receptive_fields(spec, input_shape)[layer]
    hw = (int(input_shape[1]), int(input_shape[2]))
    unit = hovered_unit(map_shape, fx, fy)
    if field.whole or unit is None:
        return (0, hw[0], 0, hw[1]), QCoreApplication.translate(
            "FeatureMapsView", "this unit sees the whole image")
    box = field.box(unit[0], unit[1], hw)
    text = QCoreApplication.translate(
        "FeatureMapsView", "unit ({row}, {col}) sees {size}×{size} pixels (jump {jump}): rows {y0}–{y1}, "
        "columns {x0}–{x1}").format(row=unit[0], col=unit[1], size=field.size, jump=field.stride, y0=box[0],
                                    y1=box[1] - 1, x0=box[2], x1=box[3] - 1)
    return box, text


def centre_unit_box(spec: ModelSpec, input_shape: tuple, layer: int,
                    map_shape: tuple) -> Optional[tuple[int, int, int, int]]:
    """The clipped input rectangle the middle unit of ``layer`` sees (the unit the "centre"
    objective drives); None for flat outputs, whose units see the whole image."""
    if len(map_shape) != 3 or not 0 <= layer < len(spec.layers):
        return None
    field = receptive_fields(spec, input_shape)[layer]
    if field.whole:
        return None
    return field.box(int(map_shape[1]) // 2, int(map_shape[2]) // 2, (int(input_shape[1]), int(input_shape[2])))


class TileFieldOutline:
    """A rectangle drawn over one tile of a ``TileCanvas`` mosaic: an input box, in the tile's pixels."""

    def __init__(self, canvas, color=(255, 196, 0)):
        import pyqtgraph as pg
        self.item = pg.PlotDataItem(pen=pg.mkPen(color, width=2))
        self.item.setZValue(5)
        canvas.view_box.addItem(self.item)
        self._canvas = canvas
        self.box: Optional[tuple[int, int, int, int]] = None

    def show(self, index: int, box: Optional[tuple[int, int, int, int]], image_hw: tuple) -> None:
        """Outline input pixels ``box`` ``(y0, y1, x0, x1)`` on tile ``index`` (of ``image_hw`` images)."""
        layout = self._canvas.layout_info
        if box is None or layout is None or not 0 <= index < layout.count:
            self.hide()
            return
        r, c = divmod(index, layout.cols)
        sy, sx = layout.tile_h / image_hw[0], layout.tile_w / image_hw[1]
        ox, oy = c * (layout.tile_w + layout.sep), r * (layout.tile_h + layout.sep)
        y0, y1, x0, x1 = box
        xs = [ox + x0 * sx, ox + x1 * sx, ox + x1 * sx, ox + x0 * sx, ox + x0 * sx]
        ys = [oy + y0 * sy, oy + y0 * sy, oy + y1 * sy, oy + y1 * sy, oy + y0 * sy]
        self.item.setData(xs, ys)
        self.box = box

    def hide(self) -> None:
        self.item.setData([], [])
        self.box = None

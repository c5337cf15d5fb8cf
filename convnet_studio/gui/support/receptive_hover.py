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

"""Pack a stack of small images into one mosaic, so a whole grid is one ImageItem.

numpy only (no Qt): the views build the mosaic here and hand it to a single
``ImageItem.setImage``. Tiles are laid out row-major (tile ``i`` sits at row
``i // cols``, column ``i % cols``), each upscaled by an integer factor with
nearest-neighbour repetition and separated by ``sep`` pixels of ``sep_value``.
``TileLayout.tile_at`` maps a pixel of the mosaic back to the tile under it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import numpy as np


@dataclass(frozen=True)
class TileLayout:
    """Geometry of a packed mosaic, in mosaic pixels (row-major: x = column, y = row)."""
    count: int
    rows: int
    cols: int
    tile_h: int      # after upscaling
    tile_w: int
    sep: int = 1

    @property
    def height(self) -> int:
        return max(0, self.rows * (self.tile_h + self.sep) - self.sep)

    @property
    def width(self) -> int:
        return max(0, self.cols * (self.tile_w + self.sep) - self.sep)

    def cell_at(self, x: float, y: float) -> Optional[tuple[int, int]]:
        """(row, col) of the tile under mosaic pixel (x, y), or None on a separator/outside."""
        if x < 0 or y < 0 or self.count == 0:
            return None
        col, cx = divmod(int(math.floor(x)), self.tile_w + self.sep)
        row, cy = divmod(int(math.floor(y)), self.tile_h + self.sep)
        if row >= self.rows or col >= self.cols or cx >= self.tile_w or cy >= self.tile_h:
            return None
        return row, col

    def tile_at(self, x: float, y: float) -> Optional[int]:
        """Index of the tile under mosaic pixel (x, y), or None (separator, outside, empty cell)."""
        cell = self.cell_at(x, y)
        if cell is None:
            return None
        index = cell[0] * self.cols + cell[1]
        return index if index < self.count else None


def grid_dims(n: int, cols: Optional[int] = None) -> tuple[int, int]:
    """(rows, cols) for ``n`` tiles: a near-square grid, or ``cols`` columns when given."""
    if n <= 0:
        return 0, 0
    if cols is None:
        cols = math.ceil(math.sqrt(n))
    cols = max(1, min(int(cols), n))
    return math.ceil(n / cols), cols


def upscale_factor(tile_h: int, tile_w: int, rows: int = 1, cols: int = 1,
                   target: int = 36, max_side: int = 1600) -> int:
    """Integer nearest-neighbour factor making tiles about ``target`` px, the mosaic <= ``max_side``."""
    big = max(1, tile_h, tile_w)
    factor = max(1, target // big)
    side = max(rows * tile_h, cols * tile_w, 1)
    factor = min(factor, max(1, max_side // side))
    return int(factor)


def to_uint8(stack: np.ndarray, lo, hi) -> np.ndarray:
    """Map ``stack`` linearly from [lo, hi] to 0..255 uint8 (lo/hi broadcast; flat ranges give 0)."""
    stack = np.asarray(stack, dtype=np.float32)
    lo = np.asarray(lo, dtype=np.float32)
    span = np.asarray(hi, dtype=np.float32) - lo
    scale = np.where(span > 0, 255.0 / np.where(span > 0, span, 1.0), 0.0).astype(np.float32)
    out = (stack - lo) * scale
    np.clip(out, 0.0, 255.0, out=out)
    return out.astype(np.uint8)


def normalize_stack(stack: np.ndarray, per_tile: bool, tile_ndim: int = 2) -> np.ndarray:
    """uint8 version of a float stack, scaled per tile (min..max of each) or over the whole stack.

    ``tile_ndim`` is the number of trailing axes that form one tile (2 for (h, w), 3 for
    (c, h, w) filters normalised together, so RGB filters keep their colours).
    """
    stack = np.asarray(stack, dtype=np.float32)
    if stack.size == 0:
        return stack.astype(np.uint8)
    if per_tile:
        axes = tuple(range(stack.ndim - tile_ndim, stack.ndim))
        lo = stack.min(axis=axes, keepdims=True)
        hi = stack.max(axis=axes, keepdims=True)
    else:
        lo, hi = stack.min(), stack.max()
    return to_uint8(stack, lo, hi)


def pack_tiles(tiles: np.ndarray, cols: Optional[int] = None, scale: int = 1, sep: int = 1,
               sep_value=0) -> tuple[np.ndarray, TileLayout]:
    """Pack ``tiles`` (N, h, w) or (N, h, w, 3) into one row-major mosaic.

    Returns ``(mosaic, layout)``: mosaic is (H, W) or (H, W, 3), same dtype as tiles,
    C-contiguous; empty cells and separators hold ``sep_value`` (a scalar or an RGB triple).
    """
    tiles = np.asarray(tiles)
    if tiles.ndim not in (3, 4):
        raise ValueError(f"tiles must be (N, h, w) or (N, h, w, c), not shape {tiles.shape}")
    n, h, w = tiles.shape[:3]
    rows, cols = grid_dims(n, cols)
    scale = max(1, int(scale))
    th, tw = h * scale, w * scale
    layout = TileLayout(n, rows, cols, th, tw, sep)
    extra = tiles.shape[3:]
    if n == 0:
        return np.zeros((0, 0) + extra, dtype=tiles.dtype), layout
    if scale > 1:
        tiles = np.repeat(np.repeat(tiles, scale, axis=1), scale, axis=2)
    cells = np.empty((rows * cols, th + sep, tw + sep) + extra, dtype=tiles.dtype)
    cells[...] = sep_value
    cells[:n, :th, :tw] = tiles
    cells = cells.reshape((rows, cols, th + sep, tw + sep) + extra).swapaxes(1, 2)
    mosaic = cells.reshape((rows * (th + sep), cols * (tw + sep)) + extra)
    return np.ascontiguousarray(mosaic[:layout.height, :layout.width]), layout


def activation_mosaic(act: np.ndarray, lut: Optional[np.ndarray] = None, sep_value=0):
    """One layer's output as a mosaic: ``(mosaic, layout, lo, hi)``.

    (C, H, W) gives one tile per channel, each stretched to its own min..max; any other
    shape is flattened to one cell per feature, scaled over the whole layer. ``lut``
    (256, 3) uint8 colours the result; ``lo``/``hi`` are each tile's value range.
    """
    act = np.asarray(act, dtype=np.float32)
    if act.ndim == 3:
        tiles = normalize_stack(act, per_tile=True)
        lo, hi = act.min(axis=(1, 2)), act.max(axis=(1, 2))
        cols, target = None, 64
    else:
        flat = act.reshape(-1)
        tiles = normalize_stack(flat, per_tile=False).reshape(-1, 1, 1)
        lo = hi = flat
        cols = flat.size if flat.size <= 16 else math.ceil(math.sqrt(flat.size))
        target = 24
    if lut is not None:
        tiles = lut[tiles]
    n, h, w = tiles.shape[:3]
    rows, ncols = grid_dims(n, cols)
    scale = upscale_factor(h, w, rows, ncols, target=target)
    mosaic, layout = pack_tiles(tiles, cols=ncols, scale=scale, sep=1, sep_value=sep_value)
    return mosaic, layout, lo, hi

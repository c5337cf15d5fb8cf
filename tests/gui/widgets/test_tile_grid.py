"""tile_grid: packing tiles into one mosaic and mapping mosaic pixels back to tiles."""
import numpy as np
import pytest

from convnet_studio.gui.widgets.tile_grid import (TileLayout, grid_dims, normalize_stack, pack_tiles,
                                                upscale_factor)


def test_grid_dims():
    assert grid_dims(0) == (0, 0)
    assert grid_dims(6) == (2, 3)
    assert grid_dims(16) == (4, 4)
    assert grid_dims(17) == (4, 5)
    assert grid_dims(96, cols=6) == (16, 6)
    assert grid_dims(3, cols=10) == (1, 3)


def test_pack_places_tiles_row_major_with_separators():
    tiles = np.arange(1, 6, dtype=np.uint8)[:, None, None] * np.ones((5, 2, 3), np.uint8)
    mosaic, layout = pack_tiles(tiles, cols=3, scale=2, sep=1, sep_value=0)
    assert (layout.rows, layout.cols, layout.tile_h, layout.tile_w) == (2, 3, 4, 6)
    assert mosaic.shape == (layout.height, layout.width) == (2 * 5 - 1, 3 * 7 - 1)
    assert mosaic.flags.c_contiguous and mosaic.dtype == np.uint8
    for i in range(5):
        r, c = divmod(i, 3)
        block = mosaic[r * 5:r * 5 + 4, c * 7:c * 7 + 6]
        assert (block == i + 1).all()
    assert (mosaic[4, :] == 0).all() and (mosaic[:, 6] == 0).all()     # separators
    assert (mosaic[5:, 14:] == 0).all()                                 # the empty 6th cell


def test_pack_rgb_tiles_with_rgb_separator():
    tiles = np.full((2, 3, 3, 3), 200, np.uint8)
    mosaic, layout = pack_tiles(tiles, sep_value=np.array([1, 2, 3], np.uint8))
    assert mosaic.shape == (3, 7, 3)
    assert (mosaic[:, 3] == [1, 2, 3]).all()


@pytest.mark.parametrize("x,y,expected", [(0, 0, 0), (5.9, 3.9, 0), (6, 0, None), (7, 0, 1),
                                          (0, 5, 3), (14, 5, 5), (19, 8, 5), (20, 8, None), (-1, 0, None),
                                          (0, 9, None), (21, 0, None)])
def test_tile_at(x, y, expected):
    layout = TileLayout(count=6, rows=2, cols=3, tile_h=4, tile_w=6, sep=1)
    assert layout.tile_at(x, y) == expected


def test_tile_at_skips_empty_cells():
    layout = TileLayout(count=5, rows=2, cols=3, tile_h=4, tile_w=6, sep=1)
    assert layout.tile_at(15, 6) is None


def test_normalize_per_tile_and_global():
    stack = np.stack([np.linspace(0, 1, 4).reshape(2, 2), np.linspace(0, 10, 4).reshape(2, 2),
                      np.full((2, 2), 3.0)])
    per_tile = normalize_stack(stack, per_tile=True)
    assert per_tile[0].max() == 255 and per_tile[1].max() == 255 and per_tile[0].min() == 0
    assert (per_tile[2] == 0).all()                   # a flat tile has no contrast
    whole = normalize_stack(stack, per_tile=False)
    assert whole[1].max() == 255 and whole[0].max() < 30


def test_upscale_factor_bounds():
    assert upscale_factor(5, 5) == 7
    assert upscale_factor(100, 100) == 1
    assert upscale_factor(3, 3, rows=64, cols=64, max_side=1600) <= 1600 // (64 * 3)


def test_activation_mosaic_channels_and_features():
    from convnet_studio.gui.widgets.tile_grid import activation_mosaic

    maps = np.random.default_rng(0).random((6, 10, 10)).astype(np.float32)
    mosaic, layout, lo, hi = activation_mosaic(maps)
    assert layout.count == 6 and (layout.rows, layout.cols) == (2, 3)
    assert np.allclose(lo, maps.min(axis=(1, 2))) and np.allclose(hi, maps.max(axis=(1, 2)))
    features = np.arange(10, dtype=np.float32)
    lut = np.stack([np.arange(256)] * 3, axis=1).astype(np.uint8)
    mosaic, layout, lo, hi = activation_mosaic(features, lut, sep_value=np.zeros(3, np.uint8))
    assert (layout.rows, layout.cols) == (1, 10) and mosaic.ndim == 3     # a strip, coloured
    assert mosaic[0, 0, 0] == 0 and mosaic[0, -1, 0] == 255               # scaled over the layer

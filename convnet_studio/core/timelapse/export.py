"""Render a time-lapse as pictures: an animated GIF or one PNG per frame (numpy + Pillow, headless).

Each picture is the filters of one conv layer (or the feature maps of one layer) as a
grid of tiles, each tile stretched to its own full contrast, with the step and epoch
written below. The first conv layer of a colour network is drawn in colour.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Optional

import numpy as np

from ..messages import Message
from ..util.atomic import atomic_write
from .store import TimelapseError, TimelapseStore

FILTERS, MAPS = "filters", "maps"
#: Pictures are scaled up to about this width (whole multiples of the tile size).
TARGET_WIDTH = 480
CAPTION_H = 18
GAP = 2


def _stretch(tiles: np.ndarray) -> np.ndarray:
    """Each tile (first axis) stretched to 0..255 uint8 over its own range."""
    flat = tiles.reshape(len(tiles), -1).astype(np.float32)
    lo, hi = flat.min(axis=1, keepdims=True), flat.max(axis=1, keepdims=True)
    scaled = (flat - lo) / np.maximum(hi - lo, 1e-12) * 255.0
    return scaled.reshape(tiles.shape).round().astype(np.uint8)


def _tiles(snapshot, what: str, layer: int, rgb_layer: Optional[int]) -> np.ndarray:
    """(n, h, w) or (n, h, w, 3) uint8 tiles of one layer of a frame."""
    if what == FILTERS:
        weights = snapshot.filters[layer]
        if weights.shape[1] == 3 and layer == rgb_layer:
            return _stretch(weights).transpose(0, 2, 3, 1)
        return _stretch(weights.mean(axis=1))
    maps = snapshot.feature_maps[layer]
    if maps.ndim == 1:
        side = math.ceil(math.sqrt(maps.size))
        padded = np.zeros(side * side, np.float32)
        padded[:maps.size] = maps
        return _stretch(padded.reshape(1, side, side))
    return _stretch(maps)


def _mosaic(tiles: np.ndarray) -> np.ndarray:
    """Tiles in a near-square grid, upscaled by a whole factor towards ``TARGET_WIDTH``, black gaps."""
    n, h, w = tiles.shape[:3]
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    scale = max(1, TARGET_WIDTH // max(cols * (w + GAP), 1))
    tiles = tiles.repeat(scale, axis=1).repeat(scale, axis=2)
    th, tw = h * scale, w * scale
    out = np.zeros((rows * (th + GAP) - GAP, cols * (tw + GAP) - GAP) + tiles.shape[3:], np.uint8)
    for i in range(n):
        r, c = divmod(i, cols)
        out[r * (th + GAP):r * (th + GAP) + th, c * (tw + GAP):c * (tw + GAP) + tw] = tiles[i]
    return out


def render_frames(store: TimelapseStore, what: str = FILTERS, layer: Optional[int] = None) -> list:
    """Every frame of ``store`` as a Pillow RGB image of ``what`` (filters or maps) of ``layer``.

    ``layer`` defaults to the first conv layer (filters) or the first layer (maps);
    ``TimelapseError`` when the time-lapse has no frames or no such layer.
    """
    from PIL import Image, ImageDraw

    if what not in (FILTERS, MAPS):
        raise TimelapseError(f"a time-lapse shows {FILTERS} or {MAPS}, not {what!r}")
    layers = store.conv_layers if what == FILTERS else store.map_layers
    if not len(store):
        raise TimelapseError(Message("timelapse.no_frames_yet", path=store.run_dir))
    if layer is None and layers:
        layer = layers[0]
    if layer not in layers:
        choices = ", ".join(map(str, layers)) or "none"
        raise TimelapseError(Message("timelapse.no_layer", what=what, layer=layer, choices=choices))
    rgb_layer = store.conv_layers[0] if store.conv_layers else None
    images = []
    for index in range(len(store)):
        snapshot = store.load(index)
        picture = _mosaic(_tiles(snapshot, what, layer, rgb_layer))
        if picture.ndim == 2:
            picture = np.repeat(picture[..., None], 3, axis=2)
        canvas = Image.new("RGB", (max(picture.shape[1], 160), picture.shape[0] + CAPTION_H))
        canvas.paste(Image.fromarray(picture, "RGB"), (0, 0))
        ImageDraw.Draw(canvas).text((4, picture.shape[0] + 3),
                                    f"step {snapshot.step} · epoch {snapshot.epoch}".replace("·", "-"),
                                    fill=(230, 230, 230))
        images.append(canvas)
    return images


def export_gif(run_dir, out_path, what: str = FILTERS, layer: Optional[int] = None,
               frame_ms: int = 120) -> int:
    """Write the time-lapse of ``run_dir`` as an animated GIF at ``out_path``; returns the frame count."""
    images = render_frames(TimelapseStore(run_dir), what, layer)
    durations = [int(frame_ms)] * (len(images) - 1) + [int(frame_ms) * 10]   # rest on the last frame

    def write(fh):
        images[0].save(fh, format="GIF", save_all=True, append_images=images[1:], duration=durations,
                       loop=0, optimize=False)
    atomic_write(Path(out_path), write)
    return len(images)


def export_pngs(run_dir, out_dir, what: str = FILTERS, layer: Optional[int] = None) -> list[Path]:
    """Write every frame as ``frame-0000-step-<step>.png`` into ``out_dir``; returns the paths."""
    store = TimelapseStore(run_dir)
    images = render_frames(store, what, layer)
    out_dir = Path(out_dir)
    paths = []
    for index, (image, info) in enumerate(zip(images, store.frames)):
        path = out_dir / f"frame-{index:04d}-step-{info.step}.png"
        atomic_write(path, lambda fh, image=image: image.save(fh, format="PNG"))
        paths.append(path)
    return paths

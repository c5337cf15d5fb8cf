"""``shapes``: the built-in, offline, generated dataset (32x32 RGB drawn shapes).

Every image is rendered for the whole batch at once from coordinate grids: each
shape is a signed-distance function of the pixel coordinates in the shape's own
rotated, scaled frame, turned into an anti-aliased coverage mask. Backgrounds are
random two-colour gradients with clutter (thin lines and small blobs) and Gaussian
noise, so a linear model on raw pixels does poorly while a small CNN does well.
The output depends only on the sizes and the seed. Rendering uses numpy on the
calling thread only (no OpenMP worker threads are started as a side effect).
"""
from __future__ import annotations

import math

import numpy as np
import torch

from .dataset import DatasetError, InMemoryDataset, ProgressFn

SIZE = 32
CLASS_NAMES = ("circle", "ring", "square", "diamond", "triangle",
               "cross", "star", "bar", "crescent", "arrow")
#: Largest rotation (radians) for shapes whose identity depends on orientation
#: (a square turned 45 degrees is a diamond); the others may turn freely.
_SMALL_TURN = math.radians(15)
_FREE_TURN = {"circle", "ring", "triangle", "star", "crescent", "arrow"}
_CHUNK = 512
_MAX_LINES = 3
_MAX_BLOBS = 3


def _sdf(name: str, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Approximate signed distance (in shape radii; < 0 inside) of shape ``name``."""
    au, av = np.abs(u), np.abs(v)
    if name == "circle":
        return np.sqrt(u * u + v * v) - 1.0
    if name == "ring":
        return np.abs(np.sqrt(u * u + v * v) - 0.75) - 0.25
    if name == "square":
        return np.maximum(au, av) - 0.8
    if name == "diamond":
        return (au + av - 1.0) * (1 / math.sqrt(2))
    if name == "triangle":      # equilateral, circumradius 1: three half-planes
        d = None
        for k in range(3):
            a = math.pi / 2 + k * 2 * math.pi / 3
            plane = -(u * math.cos(a) + v * math.sin(a)) - 0.5
            d = plane if d is None else np.maximum(d, plane)
        return d
    if name == "cross":
        arm1 = np.maximum(au - 0.3, av - 1.0)
        arm2 = np.maximum(av - 0.3, au - 1.0)
        return np.minimum(arm1, arm2)
    if name == "star":          # five points: radius swings between 0.45 and 1.05
        rho = np.sqrt(u * u + v * v)
        phi = np.arctan2(v, u)
        reach = 0.45 + 0.6 * ((np.cos(5 * phi) + 1) * 0.5) ** 2
        return (rho - reach) * 0.6
    if name == "bar":
        return np.maximum(av - 0.22, au - 1.0)
    if name == "crescent":
        outer = np.sqrt(u * u + v * v) - 1.0
        bite = np.sqrt((u - 0.5) ** 2 + v * v) - 0.8
        return np.maximum(outer, -bite)
    if name == "arrow":         # shaft along +u ending in a triangular head
        shaft = np.maximum(av - 0.16, np.abs(u + 0.1) - 0.9)
        head = np.maximum(u - 1.0, np.maximum(0.1 - u, av - (1.0 - u) * 0.8))
        return np.minimum(shaft, head)
    raise AssertionError(name)


def _coverage(dist_px: np.ndarray) -> np.ndarray:
    """Anti-aliased coverage from a signed distance in pixels."""
    return np.clip(0.5 - dist_px, 0.0, 1.0)


def _segment_dist(px, py, x0, y0, x1, y1):
    """Distance (pixels) from grid points to segments; endpoints shaped (n, k, 1, 1)."""
    dx, dy = x1 - x0, y1 - y0
    t = ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy + 1e-6)
    np.clip(t, 0.0, 1.0, out=t)
    ex, ey = px - (x0 + t * dx), py - (y0 + t * dy)
    return np.sqrt(ex * ex + ey * ey)


def _blend(img: np.ndarray, colour: np.ndarray, alpha: np.ndarray, tmp: np.ndarray) -> None:
    """img = img * (1 - alpha) + colour * alpha, in place (colour (n,3,1,1), alpha (n,1,H,W))."""
    np.subtract(colour, img, out=tmp)
    tmp *= alpha
    img += tmp


def _draw_params(n: int, rng: np.random.Generator) -> dict:
    """Every random choice for ``n`` images, drawn up front so chunking cannot change them."""
    def r(*shape):
        return rng.random(shape, dtype=np.float32)
    labels = rng.permutation(np.arange(n) % len(CLASS_NAMES))
    return {
        "labels": labels,
        "bg0": r(n, 3), "bg1": r(n, 3), "bg_angle": r(n) * np.float32(2 * math.pi),
        "fg": r(n, 3), "radius": 6.0 + r(n) * 7.0, "turn": r(n) * 2 - 1,
        "cx": r(n), "cy": r(n),
        "line_p": r(n, _MAX_LINES, 4) * (SIZE + 8) - 4, "line_w": 0.5 + r(n, _MAX_LINES),
        "line_c": r(n, _MAX_LINES, 3), "line_on": r(n, _MAX_LINES) < 0.4,
        "blob_p": r(n, _MAX_BLOBS, 2) * SIZE, "blob_r": 1.0 + r(n, _MAX_BLOBS) * 2.0,
        "blob_c": r(n, _MAX_BLOBS, 3), "blob_on": r(n, _MAX_BLOBS) < 0.4,
        "noise": 0.02 + r(n) * 0.06,
    }


def _render(p: dict, lo: int, hi: int, rng: np.random.Generator) -> np.ndarray:
    """Render images ``lo:hi`` of the drawn parameters into float32 (n, 3, H, W) in ~[0, 1]."""
    n = hi - lo
    s = {key: val[lo:hi] for key, val in p.items()}
    coords = np.arange(SIZE, dtype=np.float32) + 0.5
    py = coords.reshape(1, SIZE, 1)
    px = coords.reshape(1, 1, SIZE)
    tmp = np.empty((n, 3, SIZE, SIZE), np.float32)

    # Background: a linear gradient between two random colours.
    ca, sa = np.cos(s["bg_angle"]).reshape(n, 1, 1), np.sin(s["bg_angle"]).reshape(n, 1, 1)
    t = ((px - SIZE / 2) * ca + (py - SIZE / 2) * sa) / SIZE + 0.5   # (n, H, W) in ~[0, 1]
    t = np.clip(t, 0, 1)[:, None]
    img = np.broadcast_to(s["bg0"].reshape(n, 3, 1, 1), tmp.shape).copy()
    _blend(img, s["bg1"].reshape(n, 3, 1, 1), t, tmp)

    # Clutter behind the shape: thin line segments and small blobs.
    lp = s["line_p"]
    d = _segment_dist(px[:, None], py[:, None],
                      *(lp[..., i].reshape(n, _MAX_LINES, 1, 1) for i in range(4)))
    a = _coverage(d - s["line_w"].reshape(n, _MAX_LINES, 1, 1) * 0.5)
    a *= s["line_on"].reshape(n, _MAX_LINES, 1, 1)
    for k in range(_MAX_LINES):
        _blend(img, s["line_c"][:, k].reshape(n, 3, 1, 1), a[:, k:k + 1], tmp)
    bp = s["blob_p"]
    d = np.sqrt((px[:, None] - bp[..., 0].reshape(n, _MAX_BLOBS, 1, 1)) ** 2
                + (py[:, None] - bp[..., 1].reshape(n, _MAX_BLOBS, 1, 1)) ** 2)
    a = _coverage(d - s["blob_r"].reshape(n, _MAX_BLOBS, 1, 1))
    a *= s["blob_on"].reshape(n, _MAX_BLOBS, 1, 1)
    for k in range(_MAX_BLOBS):
        _blend(img, s["blob_c"][:, k].reshape(n, 3, 1, 1), a[:, k:k + 1], tmp)

    # The shape, in a colour far enough from the background's average to stand out.
    radius = s["radius"]
    margin = radius * 0.9 + 1
    cx = margin + s["cx"] * (SIZE - 2 * margin)
    cy = margin + s["cy"] * (SIZE - 2 * margin)
    fg = s["fg"].copy()
    bg_mean = (s["bg0"] + s["bg1"]) * 0.5
    close = np.abs(fg - bg_mean).sum(1) < 0.9
    fg[close] = 1.0 - bg_mean[close]
    labels = s["labels"]
    alpha = np.zeros((n, 1, SIZE, SIZE), np.float32)
    for k, name in enumerate(CLASS_NAMES):
        idx = np.flatnonzero(labels == k)
        if idx.size == 0:
            continue
        turn = s["turn"][idx] * np.float32(math.pi if name in _FREE_TURN else _SMALL_TURN)
        c, sn = np.cos(turn).reshape(-1, 1, 1), np.sin(turn).reshape(-1, 1, 1)
        r = radius[idx].reshape(-1, 1, 1)
        dx, dy = px - cx[idx].reshape(-1, 1, 1), py - cy[idx].reshape(-1, 1, 1)
        u = (dx * c + dy * sn) / r
        v = (dy * c - dx * sn) / r
        alpha[idx, 0] = _coverage(_sdf(name, u, v) * r)
    _blend(img, fg.reshape(n, 3, 1, 1), alpha, tmp)

    # Uniform noise with the drawn standard deviation (cheaper to draw than Gaussian).
    noise = rng.random(img.shape, dtype=np.float32)
    noise -= 0.5
    noise *= (s["noise"] * np.float32(math.sqrt(12))).reshape(n, 1, 1, 1)
    img += noise
    return img


def render_shapes(n: int, seed: int = 0, progress: ProgressFn | None = None, stream: int = 0
                  ) -> tuple[torch.Tensor, torch.Tensor]:
    """Draw ``n`` images: uint8 (n, 3, 32, 32) and int64 labels (n,), balanced over classes.

    ``seed`` (any integer) and ``stream`` pick an independent random sequence.
    """
    rng = np.random.default_rng([int(seed) % 2**64, int(stream)])
    params = _draw_params(n, rng)
    out = np.empty((n, 3, SIZE, SIZE), np.uint8)
    for lo in range(0, n, _CHUNK):
        hi = min(n, lo + _CHUNK)
        img = _render(params, lo, hi, rng)
        img *= 255
        img += 0.5
        np.clip(img, 0, 255, out=img)
        out[lo:hi] = img                    # truncation after +0.5: round to nearest
        if progress is not None:
            progress(hi, n, "Drawing shapes")
    return torch.from_numpy(out), torch.from_numpy(params["labels"].astype(np.int64))


def make_shapes(n_train: int = 10000, n_val: int = 2000, seed: int = 0,
                progress: ProgressFn | None = None) -> InMemoryDataset:
    """The ``shapes`` dataset: ``n_train`` + ``n_val`` generated images, reproducible per seed.

    Training and validation images come from separate random streams, so changing one
    size leaves the other split's images unchanged.
    """
    for label, value in (("training", n_train), ("validation", n_val)):
        if not isinstance(value, int) or value < 0:
            raise DatasetError(f"the number of {label} images must be a whole number "
                               f"of at least 0, not {value!r}")
    if n_train < 1:
        raise DatasetError("the shapes dataset needs at least 1 training image: "
                           "ask for a larger training size")
    total = n_train + n_val

    def report(offset):
        if progress is None:
            return None
        return lambda done, _total, message: progress(offset + done, total, message)

    train_x, train_y = render_shapes(n_train, seed, report(0), stream=0)
    val_x, val_y = render_shapes(n_val, seed, report(n_train), stream=1)
    return InMemoryDataset("shapes", CLASS_NAMES, train_x, train_y, val_x, val_y)

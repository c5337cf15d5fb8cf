"""Live changes to a probe image: shift, rotate, scale, flip, brightness/contrast, noise, an occluding patch.

``ProbeTransform`` (``probe_transform``, no torch) is plain frozen data that crosses from
the GUI thread to the compute thread; the functions here work on a float ``(C, H, W)``
image with pixels in [0, 1] (before the dataset's normalisation) and return a new tensor. ``apply_transform``
runs them in a fixed order: geometry (scale and rotation about the centre, then shift and
flips), then brightness/contrast, noise and the patch; the result is clipped to [0, 1] as
a real image would be.
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np
import torch
import torch.nn.functional as F

from .probe_transform import ProbeTransform, transform_from_text  # noqa: F401  (importers find them here)


def shift(image: torch.Tensor, dx: int, dy: int) -> torch.Tensor:
    """Move the image ``dx`` pixels right and ``dy`` down; the uncovered border is zero."""
    out = torch.zeros_like(image)
    h, w = image.shape[-2:]
    dx, dy = int(dx), int(dy)
    if abs(dx) >= w or abs(dy) >= h:
        return out
    src_y, dst_y = slice(max(0, -dy), h - max(0, dy)), slice(max(0, dy), h - max(0, -dy))
    src_x, dst_x = slice(max(0, -dx), w - max(0, dx)), slice(max(0, dx), w - max(0, -dx))
    out[..., dst_y, dst_x] = image[..., src_y, src_x]
    return out


def flip(image: torch.Tensor, horizontal: bool = False, vertical: bool = False) -> torch.Tensor:
    """Mirror left-right and/or top-bottom."""
    dims = [d for d, on in ((-1, horizontal), (-2, vertical)) if on]
    return image.flip(dims) if dims else image.clone()


def rotate_scale(image: torch.Tensor, degrees: float = 0.0, scale: float = 1.0) -> torch.Tensor:
    """Rotate ``degrees`` counter-clockwise and zoom by ``scale`` about the image centre
    (bilinear; what comes in from outside is zero)."""
    if degrees == 0 and scale == 1:
        return image.clone()
    h, w = image.shape[-2:]
    a = math.radians(float(degrees))
    cos, sin = math.cos(a) / scale, math.sin(a) / scale
    # grid_sample's coordinates run -1..1 across each axis: correct for a non-square aspect.
    theta = torch.tensor([[cos, -sin * h / w, 0.0], [sin * w / h, cos, 0.0]],
                         dtype=image.dtype, device=image.device).unsqueeze(0)
    grid = F.affine_grid(theta, (1, image.shape[0], h, w), align_corners=False)
    return F.grid_sample(image.unsqueeze(0), grid, mode="bilinear", padding_mode="zeros",
                         align_corners=False)[0]


def brightness_contrast(image: torch.Tensor, brightness: float = 0.0, contrast: float = 1.0) -> torch.Tensor:
    """``(x - 0.5) * contrast + 0.5 + brightness``."""
    return (image - 0.5) * float(contrast) + 0.5 + float(brightness)


def add_noise(image: torch.Tensor, std: float, seed: int) -> torch.Tensor:
    """Add Gaussian noise of ``std`` drawn on the CPU from a generator seeded with ``seed``
    (the same seed gives the same noise on any device)."""
    if std <= 0:
        return image.clone()
    g = torch.Generator().manual_seed(int(seed))
    noise = torch.randn(image.shape, generator=g, dtype=torch.float32)
    return image + float(std) * noise.to(device=image.device, dtype=image.dtype)


def occlude(image: torch.Tensor, x: int, y: int, size: int, value: float = 0.5) -> torch.Tensor:
    """Cover the ``size``×``size`` square centred on pixel (x, y) with ``value`` (clipped at the border)."""
    out = image.clone()
    h, w = image.shape[-2:]
    x0, y0 = int(x) - int(size) // 2, int(y) - int(size) // 2
    out[..., max(0, y0):max(0, min(h, y0 + int(size))), max(0, x0):max(0, min(w, x0 + int(size)))] = float(value)
    return out


def apply_transform(image: torch.Tensor, transform: Optional[ProbeTransform]) -> torch.Tensor:
    """The image after every step of ``transform`` (in the order of the module docstring), clipped to [0, 1]."""
    if transform is None or transform.is_identity:
        return image.clone()
    t = transform
    x = rotate_scale(image, t.rotate, t.scale)
    x = shift(x, t.shift_x, t.shift_y)
    x = flip(x, t.flip_h, t.flip_v)
    x = brightness_contrast(x, t.brightness, t.contrast)
    x = add_noise(x, t.noise, t.noise_seed)
    if t.patch is not None:
        x = occlude(x, *t.patch, value=t.patch_value)
    return x.clamp_(0.0, 1.0)


def to_pixels(image: torch.Tensor) -> np.ndarray:
    """A [0, 1] float image as uint8 ``(C, H, W)`` pixels (for showing it)."""
    return np.ascontiguousarray(
        (image.detach().float().clamp(0, 1) * 255).round().to(device="cpu", dtype=torch.uint8).numpy())


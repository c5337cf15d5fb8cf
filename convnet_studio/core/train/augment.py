"""Batch augmentation on the training device: random horizontal flip and random crop.

Both work on a whole (B, C, H, W) batch of any dtype (uint8 or float) with tensor
ops only. The crop is "pad by 4 pixels, then cut a random H x W window", done as
two gathers with per-image offsets, so no padded copy is made. Padding mirrors the
border (reflect, like ``F.pad(mode="reflect")``) by default, so no black frames
appear; ``padding_mode="zeros"`` gives torchvision's ``RandomCrop(padding=4)``.
"""
from __future__ import annotations

import torch

from ..messages import Message
from .config import AUGMENTS, ConfigError

PAD = 4
PADDING_MODES = ("reflect", "zeros")


def _rand(n: int, x: torch.Tensor, generator: torch.Generator | None) -> torch.Tensor:
    """n uniforms on x's device, drawn from ``generator`` (on its own device) if given."""
    device = generator.device if generator is not None else x.device
    return torch.rand(n, generator=generator, device=device).to(x.device)


def random_flip(x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """Mirror each image left-right with probability 1/2."""
    flip = _rand(x.shape[0], x, generator) < 0.5
    return torch.where(flip.view(-1, 1, 1, 1), x.flip(-1), x)


def _source_index(size: int, shift: torch.Tensor, mode: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-image source indices ``i + shift`` (B, size) mapped into range, and a validity mask."""
    idx = torch.arange(size, device=shift.device).view(1, -1) + shift.view(-1, 1)
    if mode == "zeros":
        valid = (idx >= 0) & (idx < size)
        return idx.clamp(0, size - 1), valid
    # Reflect without repeating the edge pixel: -1 -> 1, size -> size - 2.
    idx = idx.abs()
    idx = torch.where(idx >= size, 2 * (size - 1) - idx, idx)
    return idx, None


def random_crop(x: torch.Tensor, generator: torch.Generator | None = None,
                padding: int = PAD, padding_mode: str = "reflect") -> torch.Tensor:
    """Shift each image by a random (dy, dx) in [-padding, padding], filling by padding_mode.

    Equal to padding by ``padding`` pixels and cutting an H x W window at a random
    position. Reflect padding needs ``padding < min(H, W)``.
    """
    if padding_mode not in PADDING_MODES:
        raise ConfigError(f"padding mode must be one of {', '.join(PADDING_MODES)}, "
                          f"not {padding_mode!r}")
    b, c, h, w = x.shape
    if padding_mode == "reflect" and padding >= min(h, w):
        raise ConfigError(Message("config.reflect_padding", padding=padding, h=h, w=w))
    span = 2 * padding + 1
    shifts = (_rand(2 * b, x, generator) * span).long().clamp_(max=span - 1) - padding
    rows, row_ok = _source_index(h, shifts[:b], padding_mode)
    cols, col_ok = _source_index(w, shifts[b:], padding_mode)
    out = x.gather(2, rows.view(b, 1, h, 1).expand(b, c, h, w))
    out = out.gather(3, cols.view(b, 1, 1, w).expand(b, c, h, w))
    if row_ok is not None:
        keep = row_ok.view(b, 1, h, 1) & col_ok.view(b, 1, 1, w)
        out = out.masked_fill(~keep, 0)
    return out


def augment_batch(x: torch.Tensor, mode: str, generator: torch.Generator | None = None,
                  padding_mode: str = "reflect") -> torch.Tensor:
    """Augment a (B, C, H, W) batch: mode is "none", "flip", "crop" or "flip+crop".

    Runs on x's device and keeps x's dtype; "none" returns x itself. With a seeded
    ``generator`` the result is reproducible.
    """
    if mode not in AUGMENTS:
        raise ConfigError(f"augment must be one of {', '.join(AUGMENTS)}, not {mode!r}")
    if mode == "none" or x.shape[0] == 0:
        return x
    if x.dim() != 4:
        raise ConfigError(f"augmentation needs a (batch, channels, height, width) tensor, "
                          f"not one of shape {tuple(x.shape)}")
    if "crop" in mode:
        x = random_crop(x, generator, PAD, padding_mode)
    if "flip" in mode:
        x = random_flip(x, generator)
    return x

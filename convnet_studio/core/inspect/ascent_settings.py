"""The knobs of activation maximisation (``unit_viz``), as plain data a view can hold without torch."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class AscentSettings:
    """Knobs of the gradient ascent (defaults work for 28×28 and 32×32 datasets).

    ``noise``: std of the starting Gaussian noise in normalised units (around the mean
    colour); ``lr``: Adam step; ``jitter``: largest random roll in pixels (``None``:
    ``max(1, H // 16)``); ``blur_every``/``blur_sigma``: 3×3 Gaussian blur every that many
    steps (0: never); ``l2``: per-step decay towards the mean colour; ``redirect_relu``: let
    gradients through ReLUs that are off for the whole image (only while optimising);
    ``objective``: ``"mean"`` maximises the mean of the unit's whole feature map, ``"center"``
    only its middle position (a local pattern; the rest of the image stays near the mean).
    """
    steps: int = 128
    lr: float = 0.1
    noise: float = 0.1
    jitter: Optional[int] = None
    blur_every: int = 4
    blur_sigma: float = 0.5
    l2: float = 1e-3
    redirect_relu: bool = True
    seed: int = 0
    objective: str = "mean"

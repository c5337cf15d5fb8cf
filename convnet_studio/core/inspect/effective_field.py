"""The effective receptive field of one unit: how strongly each input pixel moves it (input-gradient magnitude)."""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
import torch
from torch import nn

from .model_utils import eval_mode, model_device, to_numpy
from .probe_transform import ProbeTransform
from .probes import model_input


def effective_field(model: nn.Sequential, image_uint8: np.ndarray, mean: Sequence[float], std: Sequence[float],
                    layer: int, channel: int, row: Optional[int] = None, col: Optional[int] = None,
                    transform: Optional[ProbeTransform] = None) -> np.ndarray:
    """``|d unit / d input|`` summed over the input's channels: float32 ``(H, W)``.

    The unit is ``channel`` of layer ``layer``'s output at ``(row, col)`` (a feature of a flat
    output when ``row`` is None), for the probe image after ``transform``, with respect to the
    normalised input. Uses ``autograd.grad``: the parameters' gradients are left untouched,
    so a live run can be looked at between its steps.
    """
    if not 0 <= layer < len(model):
        raise ValueError(f"layer index {layer!r} is not a layer of this {len(model)}-layer network")
    x, _ = model_input(image_uint8, mean, std, transform)
    x = x.to(model_device(model)).requires_grad_(True)
    with eval_mode(model, grad=True):
        out = model[:layer + 1](x)[0]
        unit = out[channel] if row is None or out.dim() == 1 else out[channel, row, col]
        grad, = torch.autograd.grad(unit, x)
    return to_numpy(grad[0].abs().sum(0))

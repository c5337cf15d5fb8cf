"""Which dataset images excite a unit most, and which input pixels a unit can see.

``top_activating`` ranks a split's images by a unit's strongest response (the maximum
of its channel's map, with where it happened). ``receptive_field`` computes, from the
spec alone, the input square each unit of a conv/pool layer depends on, so a view can
crop the image patch that caused that response.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import torch
from torch import nn

from ..data.dataset import InMemoryDataset
from .model_utils import LayerRef, check_layer, eval_mode, layer_name, layer_output, model_device, normaliser, to_numpy
from ..model.receptive_field import ReceptiveField, layer_windows
from ..model.receptive_field import receptive_field as model_receptive_field
from ..model.spec import ModelSpec


@dataclass(frozen=True)
class TopActivations:
    """The ``k`` strongest images for one unit, strongest first.

    ``indices``: int64 ``(k,)`` sample indices in the split; ``values``: float32 ``(k,)``
    the unit's maximum over its map (or the feature, for flat outputs); ``positions``:
    int64 ``(k, 2)`` (row, col) of that maximum in the layer's map, ``(-1, -1)`` for flat
    outputs. ``k`` is smaller when the split has fewer images.
    """
    indices: np.ndarray
    values: np.ndarray
    positions: np.ndarray


def channel_maxima(model: nn.Module, x_uint8: torch.Tensor, mean, std, layer_index: LayerRef,
                   batch_size: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """Every unit's strongest response per image: ``values`` float32 ``(N, units)`` and ``positions``
    int64 ``(N, units, 2)`` (row, col; ``-1`` for flat outputs). No grad, eval mode, forward only up
    to ``layer_index``."""
    layer_index = check_layer(model, layer_index)
    device = model_device(model)
    normalise = normaliser(mean, std, device)

    def trunk(x):
        return layer_output(model, layer_index, x)

    values, positions = [], []
    with eval_mode(model):
        for lo in range(0, int(x_uint8.shape[0]), batch_size):
            out = trunk(normalise(x_uint8[lo:lo + batch_size])).float()
            if out.dim() == 4:
                v, flat = out.flatten(2).max(dim=2)
                pos = torch.stack([flat // out.shape[3], flat % out.shape[3]], dim=2)
            else:
                v = out.flatten(1)
                pos = torch.full((*v.shape, 2), -1, dtype=torch.long, device=device)
            values.append(v)
            positions.append(pos)
    if not values:
        return np.zeros((0, 0), np.float32), np.zeros((0, 0, 2), np.int64)
    return to_numpy(torch.cat(values)), to_numpy(torch.cat(positions), torch.int64)


def top_activating(model: nn.Module, dataset: InMemoryDataset, layer_index: LayerRef, channel: int, k: int = 9,
                   split: str = "val", batch_size: int = 256) -> TopActivations:
    """The ``k`` images of the ``"val"`` (default) or ``"train"`` split that excite unit ``channel``
    of layer ``layer_index`` most. Runs on the model's device."""
    if split not in ("val", "train"):
        raise ValueError(f"split must be 'val' or 'train', not {split!r}")
    x = dataset.val_x if split == "val" else dataset.train_x
    values, positions = channel_maxima(model, x, dataset.mean, dataset.std, layer_index, batch_size)
    if values.shape[0] and not 0 <= channel < values.shape[1]:
        raise ValueError(f"{layer_name(layer_index)} has {values.shape[1]} units, so unit {channel} does not exist")
    if not values.shape[0]:
        return TopActivations(np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros((0, 2), np.int64))
    column = values[:, channel]
    order = np.argsort(-column, kind="stable")[:max(0, k)]
    return TopActivations(order.astype(np.int64), column[order], positions[order, channel])


def _windows(spec: ModelSpec, layer_index: int) -> Optional[list[tuple[int, int, int]]]:
    return layer_windows(spec, layer_index)


def receptive_field(spec: ModelSpec, layer_index: int) -> Optional[ReceptiveField]:
    """Receptive field of the units of layer ``layer_index``'s output (``core.model.receptive_field``);
    ``None`` from a Flatten/GlobalAvgPool/Linear on: such units see the whole image."""
    field = model_receptive_field(spec, layer_index)
    return None if field.whole else field


def _span(windows: list[tuple[int, int, int]], n_in: int, unit: int) -> tuple[int, int]:
    sizes = [n_in]
    for k, s, p in windows:
        sizes.append((sizes[-1] + 2 * p - k) // s + 1)
    lo = hi = unit
    for (k, s, p), n in zip(reversed(windows), reversed(sizes[:-1])):
        lo, hi = max(0, lo * s - p), min(n - 1, hi * s - p + k - 1)
    return lo, hi + 1


def receptive_box(spec: ModelSpec, layer_index: int, input_hw: tuple[int, int], row: int,
                  col: int) -> Optional[tuple[int, int, int, int]]:
    """``(y0, y1, x0, x1)``: slice bounds (end exclusive) of the input pixels unit (row, col) of
    layer ``layer_index`` depends on, in an image of ``input_hw`` — exact: padding and the
    border rows a strided layer never reaches are left out. ``None`` past a Flatten."""
    windows = _windows(spec, layer_index)
    if windows is None:
        return None
    (y0, y1), (x0, x1) = _span(windows, input_hw[0], row), _span(windows, input_hw[1], col)
    return y0, y1, x0, x1

"""Switch units off to see what they were for: lesion conv filters / linear units, reversibly.

``lesioned(model, {layer: [channels]})`` zeroes the weights and bias of the given output
channels of Conv2d layers (output features of Linear layers) in place, keeping copies of
only the touched slices, and writes them back bit for bit on exit. Inside the ``with``
block the model *is* that copy with zeroed weights. Use it around evaluation, never
around optimizer steps (the restore would undo what those steps did to the slices).

``silenced(model, {layer: [channels]})`` instead zeroes the given output channels of any
layer (e.g. a residual block or an activation) with a forward hook; weights are untouched.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Mapping, Sequence

import torch
from torch import nn

from .model_utils import LayerRef, check_layer, layer_module, layer_name

#: {layer index: output channels (conv filters / linear units) to switch off}
Lesions = Mapping[LayerRef, Sequence[int]]


def _channels(layer_index: LayerRef, channels: Sequence[int], count: int) -> list[int]:
    chans = sorted({int(c) for c in channels})
    bad = [c for c in chans if not 0 <= c < count]
    if bad:
        raise ValueError(f"{layer_name(layer_index)} has {count} channels, so channel {bad[0]} does not exist")
    return chans


class LesionHandle:
    """Weights zeroed by ``apply_lesions``; ``restore()`` puts the originals back (idempotent)."""

    def __init__(self, saved: list[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]):
        self._saved = saved  # (parameter, index tensor, original rows)

    def restore(self) -> None:
        with torch.no_grad():
            for param, index, original in reversed(self._saved):
                param.index_copy_(0, index, original)
        self._saved = []


def apply_lesions(model: nn.Sequential, lesions: Lesions) -> LesionHandle:
    """Zero the weights and bias of ``lesions``' output channels (Conv2d filters, Linear units).

    Raises ValueError (one sentence) for another layer type or a channel that does not exist;
    nothing is changed then.
    """
    plan = []
    for layer_index, channels in lesions.items():
        i = check_layer(model, layer_index)
        module = layer_module(model, i)
        if not isinstance(module, (nn.Conv2d, nn.Linear)):
            raise ValueError(f"{layer_name(i)} is a {type(module).__name__}; only Conv2d filters and Linear units can be "
                             f"lesioned (switch channels of other layers off with silenced())")
        chans = _channels(i, channels, module.weight.shape[0])
        if chans:
            plan.append((module, chans))
    saved = []
    with torch.no_grad():
        for module, chans in plan:
            for param in (module.weight, module.bias):
                if param is None:
                    continue
                index = torch.tensor(chans, dtype=torch.long, device=param.device)
                saved.append((param, index, param.index_select(0, index).clone()))
                param.index_fill_(0, index, 0.0)
    return LesionHandle(saved)


@contextmanager
def lesioned(model: nn.Sequential, lesions: Lesions) -> Iterator[nn.Sequential]:
    """Context manager: ``model`` with the lesions applied (in place), restored exactly on exit."""
    handle = apply_lesions(model, lesions)
    try:
        yield model
    finally:
        handle.restore()


@contextmanager
def silenced(model: nn.Sequential, lesions: Lesions) -> Iterator[nn.Sequential]:
    """Context manager: layer outputs with the given channels (dim 1) forced to zero, via forward hooks."""
    handles = []
    try:
        for layer_index, channels in lesions.items():
            i = check_layer(model, layer_index)
            chans = sorted({int(c) for c in channels})

            def hook(_module, _inputs, output, i=i, chans=chans):
                index = torch.tensor(_channels(i, chans, output.shape[1]), dtype=torch.long, device=output.device)
                return output.index_fill(1, index, 0.0)

            handles.append(layer_module(model, i).register_forward_hook(hook))
        yield model
    finally:
        for h in handles:
            h.remove()

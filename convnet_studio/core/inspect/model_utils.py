"""Small helpers the interpretability modules share: device, eval mode, hooks, batches.

Nothing here changes a model for good: every context manager restores what it
touched (train/eval flags per module, forward hooks).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Sequence, Union

import numpy as np
import torch
from torch import nn

from ..model.external.layers import capture_outputs, submodule

#: A layer of a model: a child index of a spec-built ``nn.Sequential`` (spec layer ``i``), or
#: a module path (``"layer3.1.conv2"``) of any model, e.g. an opened one.
LayerRef = Union[int, str]


def model_device(model: nn.Module) -> torch.device:
    """The device of the model's first parameter (CPU for a parameter-free model)."""
    return next((p.device for p in model.parameters()), torch.device("cpu"))


@contextmanager
def eval_mode(model: nn.Module, grad: bool = False) -> Iterator[None]:
    """Eval mode (dropout off, batch-norm running stats), float32 (autocast off), grad on or off.

    Restores every submodule's own train/eval flag afterwards, even if they differed.
    """
    flags = [(m, m.training) for m in model.modules()]
    model.eval()
    device_type = model_device(model).type
    try:
        with torch.set_grad_enabled(grad), torch.autocast(device_type=device_type, enabled=False):
            yield
    finally:
        for module, flag in flags:
            module.training = flag


def as_image_batch(model: nn.Module, image) -> torch.Tensor:
    """A normalised float image ``(C,H,W)`` or ``(1,C,H,W)`` (tensor or numpy) as a float32 ``(1,C,H,W)``
    tensor on the model's device, detached from any graph."""
    x = torch.as_tensor(image)
    if not x.is_floating_point():
        raise ValueError("expected a normalised float image; convert uint8 images with probes.normalise_image first")
    if x.dim() == 3:
        x = x.unsqueeze(0)
    if x.dim() != 4 or x.shape[0] != 1:
        raise ValueError(f"expected one image of shape (C, H, W) or (1, C, H, W), not {tuple(x.shape)}")
    return x.detach().to(device=model_device(model), dtype=torch.float32)


def check_layer_index(model: nn.Sequential, layer_index: int) -> int:
    """``layer_index`` as a valid child index of ``model`` (negative counts from the end), else ValueError."""
    n = len(model)
    if isinstance(layer_index, bool) or not isinstance(layer_index, (int, np.integer)) or not -n <= layer_index < n:
        raise ValueError(f"layer index {layer_index!r} is not a layer of this {n}-layer network")
    return int(layer_index) % n


def check_layer(model: nn.Module, layer: LayerRef) -> LayerRef:
    """``layer`` checked against ``model``: a module path that exists, or a valid child index of an
    ``nn.Sequential`` (made non-negative); ValueError (one sentence) otherwise."""
    if isinstance(layer, str):
        submodule(model, layer)
        return layer
    if not isinstance(model, nn.Sequential):
        raise ValueError(f"layer {layer!r} must be given by its module path for this model")
    return check_layer_index(model, layer)


def layer_module(model: nn.Module, layer: LayerRef) -> nn.Module:
    """The module of ``layer`` (see ``LayerRef``); ValueError when there is none."""
    layer = check_layer(model, layer)
    return submodule(model, layer) if isinstance(layer, str) else model[layer]


def layer_name(layer: LayerRef) -> str:
    """How messages name a layer: ``layer 3`` or ``layer3.1.conv2``."""
    return layer if isinstance(layer, str) else f"layer {layer}"


def layer_output(model: nn.Module, layer: LayerRef, x: torch.Tensor) -> torch.Tensor:
    """``layer``'s output for the batch ``x``, computing no more of the model than needed (graph kept
    when grad is on): the trunk ``model[:i + 1]`` for an index, an interrupted pass for a path."""
    layer = check_layer(model, layer)
    if isinstance(layer, int):
        return model[:layer + 1](x)
    outputs, _ = capture_outputs(model, [layer], x, stop_after=layer)
    if not isinstance(outputs.get(layer), torch.Tensor):
        raise ValueError(f"{layer} gives no single tensor for this input, so it cannot be looked at")
    return outputs[layer]


def layer_outputs(model: nn.Module, layers: Sequence[LayerRef], x: torch.Tensor) -> tuple[dict, torch.Tensor]:
    """``({layer: output}, logits)`` of one forward pass of ``x`` (graph kept when grad is on)."""
    paths = [check_layer(model, layer) for layer in layers]
    by_path = {layer if isinstance(layer, str) else str(layer): layer for layer in paths}
    outputs, logits = capture_outputs(model, list(by_path), x)
    return {by_path[p]: out for p, out in outputs.items()}, logits


@contextmanager
def capture_output(module: nn.Module) -> Iterator[dict]:
    """Record ``module``'s forward output in ``box["out"]`` (the tensor itself, graph kept); hook removed after."""
    box: dict = {}

    def hook(_module, _inputs, output):
        box["out"] = output

    handle = module.register_forward_hook(hook)
    try:
        yield box
    finally:
        handle.remove()


def normaliser(mean: Sequence[float], std: Sequence[float], device: torch.device):
    """A function uint8 ``(B,C,H,W)`` -> normalised float32, as ``x * scale + shift`` on ``device``."""
    std_t = torch.tensor(tuple(std), dtype=torch.float32, device=device).view(1, -1, 1, 1)
    mean_t = torch.tensor(tuple(mean), dtype=torch.float32, device=device).view(1, -1, 1, 1)
    scale, shift = 1.0 / (255.0 * std_t), -mean_t / std_t

    def normalise(x_uint8: torch.Tensor) -> torch.Tensor:
        return torch.addcmul(shift, x_uint8.to(device).float(), scale)

    return normalise


def to_display_uint8(x: torch.Tensor, mean: Sequence[float], std: Sequence[float]) -> np.ndarray:
    """Normalised float ``(..., C, H, W)`` -> uint8 numpy in display space (``x*std+mean``, clipped to [0,1])."""
    c = x.shape[-3]
    m = torch.tensor(tuple(mean), dtype=torch.float32, device=x.device).view(c, 1, 1)
    s = torch.tensor(tuple(std), dtype=torch.float32, device=x.device).view(c, 1, 1)
    img = (x.detach().float() * s + m).clamp_(0.0, 1.0).mul_(255.0).round_()
    return np.ascontiguousarray(img.to(device="cpu", dtype=torch.uint8).numpy())


def to_numpy(t: torch.Tensor, dtype=torch.float32) -> np.ndarray:
    """A CPU numpy copy (never a view of live tensors: the arrays may cross threads)."""
    return np.ascontiguousarray(t.detach().to(device="cpu", dtype=dtype, copy=True).numpy())


def unit_activation(output: torch.Tensor, channels: torch.Tensor | int) -> torch.Tensor:
    """Per-image activation of one unit per image: the mean of the channel's map for ``(B,C,H,W)``
    outputs, the feature itself for ``(B,F)`` outputs. ``channels`` is an int or a ``(B,)`` tensor."""
    b = output.shape[0]
    idx = torch.as_tensor(channels, device=output.device).long().expand(b)
    picked = output[torch.arange(b, device=output.device), idx]
    return picked.flatten(1).mean(1) if picked.dim() > 1 else picked


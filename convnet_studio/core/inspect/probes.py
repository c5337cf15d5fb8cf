"""Looks inside a model, as numpy: conv filters, feature maps, class probabilities, snapshots.

All functions run under ``torch.no_grad()`` in eval mode (so dropout and batch-norm
behave as at test time) and restore the model's train/eval mode afterwards.
``ProbeSource`` (from ``probe_source``, which needs no torch) says where a probe image came from.
"""
from __future__ import annotations

from contextlib import contextmanager, nullcontext
from typing import Iterator, Optional, Sequence

import numpy as np
import torch
from torch import nn

from ..events import Snapshot
from ..model.external.layers import is_conv2d
from ..model.spec import Conv2d, ModelSpec
from .input_transforms import ProbeTransform, apply_transform, to_pixels
from .model_utils import LayerRef, layer_outputs
from .probe_source import ProbeKind, ProbeSource  # noqa: F401  (importers find them here)


def _numpy(t: torch.Tensor) -> np.ndarray:
    """A float32 copy (never a view of live weights: the arrays cross threads)."""
    return np.ascontiguousarray(t.detach().to(device="cpu", dtype=torch.float32, copy=True).numpy())


@contextmanager
def _eval_mode(model: nn.Module) -> Iterator[None]:
    """no_grad + eval mode, float32 even inside an autocast region; restores the mode."""
    was_training = model.training
    model.eval()
    on_cuda = next((p.device.type for p in model.parameters()), "cpu") == "cuda"
    no_autocast = torch.autocast("cuda", enabled=False) if on_cuda else nullcontext()
    try:
        with torch.no_grad(), no_autocast:
            yield
    finally:
        model.train(was_training)


def _first_conv(module: nn.Module) -> Optional[nn.Conv2d]:
    return next((m for m in module.modules() if isinstance(m, nn.Conv2d)), None)


def conv_filters(model: nn.Module, spec: Optional[ModelSpec]) -> dict[LayerRef, np.ndarray]:
    """Layer index -> weights ``(out, in, kh, kw)`` float32, for every Conv2d layer of ``spec``;
    without a spec (an opened model): module path -> weights, for every Conv2d module."""
    filters = {}
    with torch.no_grad():
        if spec is None:
            return {path: _numpy(m.weight) for path, m in model.named_modules() if path and is_conv2d(m)}
        for index, layer in enumerate(spec.layers):
            if isinstance(layer, Conv2d):
                conv = _first_conv(model[index])
                if conv is not None:
                    filters[index] = _numpy(conv.weight)
    return filters


def _forward_with_maps(model: nn.Module, x: torch.Tensor, layers: Optional[Sequence[LayerRef]] = None
                       ) -> tuple[dict[LayerRef, np.ndarray], torch.Tensor]:
    """One forward pass of a 1-image batch, recording every child's output (batch dim dropped);
    with ``layers``, the outputs of those layers (indices or module paths) instead. A model that is
    not a ``Sequential`` (an opened one) records its children by module path."""
    if layers is None and not isinstance(model, nn.Sequential):
        layers = [name for name, _ in model.named_children()]
    if layers is not None:
        outputs, logits = layer_outputs(model, layers, x)
        return {k: _numpy(t[0]) for k, t in outputs.items() if isinstance(t, torch.Tensor)}, logits
    outputs: dict[int, torch.Tensor] = {}
    handles = []
    for index, child in enumerate(model):
        def hook(_module, _inputs, output, index=index):
            outputs[index] = output[0]
        handles.append(child.register_forward_hook(hook))
    try:
        logits = model(x)
    finally:
        for handle in handles:
            handle.remove()
    return {i: _numpy(t) for i, t in outputs.items()}, logits


def _as_batch(model: nn.Module, image: torch.Tensor) -> torch.Tensor:
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    x = torch.as_tensor(image).to(device=device, dtype=torch.float32)
    return x.unsqueeze(0) if x.dim() == 3 else x


def feature_maps(model: nn.Module, image_float_1chw,
                 layers: Optional[Sequence[LayerRef]] = None) -> dict[LayerRef, np.ndarray]:
    """Layer index -> that layer's output for one normalised image (``(C,H,W)`` or ``(1,C,H,W)``);
    with ``layers`` (indices or module paths, e.g. ``"layer3.1.conv2"``): those layers only.

    Arrays are float32, ``(C, H, W)`` for spatial layers and ``(F,)`` after a flatten.
    """
    with _eval_mode(model):
        maps, _ = _forward_with_maps(model, _as_batch(model, image_float_1chw), layers)
    return maps


def class_probs(model: nn.Module, x) -> np.ndarray:
    """Softmax class probabilities float32: ``(N, classes)`` for a batch, ``(classes,)`` for one image."""
    single = torch.as_tensor(x).dim() == 3
    with _eval_mode(model):
        probs = _numpy(model(_as_batch(model, x)).float().softmax(dim=1))
    return probs[0] if single else probs


def normalise_image(image_uint8: np.ndarray, mean: Sequence[float], std: Sequence[float]) -> torch.Tensor:
    """uint8 ``(C, H, W)`` -> float32 normalised tensor ``(1, C, H, W)`` on the CPU."""
    x = torch.as_tensor(np.ascontiguousarray(image_uint8)).float().div_(255.0)
    if x.dim() == 2:
        x = x.unsqueeze(0)
    m = torch.tensor(mean, dtype=torch.float32).view(-1, 1, 1)
    s = torch.tensor(std, dtype=torch.float32).view(-1, 1, 1)
    return ((x - m) / s).unsqueeze(0)


def model_input(image_uint8: np.ndarray, mean: Sequence[float], std: Sequence[float],
                transform: Optional[ProbeTransform] = None) -> tuple[torch.Tensor, Optional[np.ndarray]]:
    """What the model sees of a probe: the normalised ``(1, C, H, W)`` tensor of ``image_uint8``
    after ``transform`` (pixels in [0, 1] first), and the transformed uint8 pixels (None
    without a transform)."""
    if transform is None or transform.is_identity:
        return normalise_image(image_uint8, mean, std), None
    pixels = torch.as_tensor(np.ascontiguousarray(image_uint8)).float().div_(255.0)
    if pixels.dim() == 2:
        pixels = pixels.unsqueeze(0)
    pixels = apply_transform(pixels, transform)
    m = torch.tensor(mean, dtype=torch.float32).view(-1, 1, 1)
    s = torch.tensor(std, dtype=torch.float32).view(-1, 1, 1)
    return ((pixels - m) / s).unsqueeze(0), to_pixels(pixels)


def make_snapshot(model: nn.Module, spec: Optional[ModelSpec], image_uint8: Optional[np.ndarray],
                  mean: Sequence[float], std: Sequence[float], step: int, epoch: int,
                  key: Optional[str] = None, transform: Optional[ProbeTransform] = None,
                  layers: Optional[Sequence[LayerRef]] = None) -> Snapshot:
    """Filters of every conv layer, plus (with an image) every layer's feature maps and the class
    probabilities, of the image after ``transform``.

    Without a spec (an opened model) filters are keyed by module path, and ``layers`` says
    whose feature maps to keep (all spec layers when None)."""
    filters = conv_filters(model, spec)
    if image_uint8 is None:
        return Snapshot(step=step, epoch=epoch, filters=filters, image_key=key)
    x, shown = model_input(image_uint8, mean, std, transform)
    with _eval_mode(model):
        maps, logits = _forward_with_maps(model, _as_batch(model, x), layers)
        probs = _numpy(logits.float().softmax(dim=1))[0]
    return Snapshot(step=step, epoch=epoch, filters=filters, feature_maps=maps, probs=probs, image_key=key,
                    input_image=shown)

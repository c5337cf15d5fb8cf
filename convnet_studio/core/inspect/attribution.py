"""Why did the net say class c for this image: saliency, Grad-CAM and occlusion maps as numpy.

All functions take a *normalised* float image ``(C,H,W)`` or ``(1,C,H,W)`` (see
``probes.normalise_image``), run the model in eval mode (restored afterwards) with
autocast off, and leave no hooks behind. Gradients are taken with ``torch.autograd.grad``
with respect to the input (or a feature map) only, so parameters' ``.grad`` and
``requires_grad`` are never touched: safe between training steps.
``target_class=None`` means the class the model predicts for the image.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..model.builder import ResidualBlock
from ..model.layers.activation import module_types as activation_module_types
from ..model.external.layers import is_conv2d
from .model_utils import LayerRef, as_image_batch, capture_output, check_layer, eval_mode, layer_module, layer_name, to_numpy

#: Layers Grad-CAM may look "through" after the last conv: they keep the map's meaning.
_ELEMENTWISE = (nn.BatchNorm2d, *activation_module_types(), nn.Dropout, nn.Identity)


def _target(logits: torch.Tensor, target_class: Optional[int]) -> int:
    k = logits.shape[1]
    if target_class is None:
        return int(logits[0].argmax())
    if isinstance(target_class, bool) or not 0 <= int(target_class) < k:
        raise ValueError(f"target class must be between 0 and {k - 1}, not {target_class!r}")
    return int(target_class)


def input_gradient(model: nn.Module, image, target_class: Optional[int] = None) -> np.ndarray:
    """Signed gradient of the target class's score (its logit, before softmax) w.r.t. the input.

    Returns float32 ``(C, H, W)``.
    """
    x = as_image_batch(model, image).requires_grad_(True)
    with eval_mode(model, grad=True):
        logits = model(x)
        score = logits[0, _target(logits, target_class)]
        (grad,) = torch.autograd.grad(score, x)
    return to_numpy(grad[0])


def saliency(model: nn.Module, image, target_class: Optional[int] = None) -> np.ndarray:
    """Gradient saliency (Simonyan et al. 2014): ``max over channels |d logit / d input|``.

    Returns float32 ``(H, W)``, not normalised (for a linear model it is ``|W[c]|``).
    """
    return np.abs(input_gradient(model, image, target_class)).max(axis=0)


def default_cam_layer(model: nn.Module) -> Optional[LayerRef]:
    """The layer Grad-CAM uses by default: the last Conv2d or Residual block, followed through
    the batch-norm/activation/dropout layers right after it (the last conv's rectified output).
    ``None`` if the model has no conv layer. For a model that is not an ``nn.Sequential``: the
    path of the last top-level child that holds a conv and still outputs maps (e.g. ``layer4``)."""
    if not isinstance(model, nn.Sequential):
        return _default_cam_path(model)
    last = None
    for i, child in enumerate(model):
        if isinstance(child, (nn.Conv2d, ResidualBlock)):
            last = i
    if last is None:
        return None
    while last + 1 < len(model) and isinstance(model[last + 1], _ELEMENTWISE):
        last += 1
    return last


def _default_cam_path(model: nn.Module) -> Optional[str]:
    """The last top-level child holding a conv, or the last conv when no child does (script
    modules: top-level children only)."""
    children = [(name, child) for name, child in model.named_children()
                if any(is_conv2d(m) for m in child.modules())]
    if children:
        return children[-1][0]
    convs = [path for path, m in model.named_modules() if path and is_conv2d(m)]
    return convs[-1] if convs else None


def grad_cam(model: nn.Module, image, target_class: Optional[int] = None,
             layer_index: Optional[LayerRef] = None) -> np.ndarray:
    """Grad-CAM (Selvaraju et al. 2017) on the output ``A`` (K×h×w) of layer ``layer_index``.

    ``alpha_k = mean over positions of d logit_c / d A_k``; ``cam = ReLU(sum_k alpha_k A_k)``,
    bilinearly upsampled (half-pixel centres, ``align_corners=False``) to the input's H×W,
    then divided by its maximum so it lies in [0, 1] (all zeros when nothing is positive).
    ``layer_index=None``: ``default_cam_layer(model)``. Returns float32 ``(H, W)``.
    """
    if layer_index is None:
        layer_index = default_cam_layer(model)
        if layer_index is None:
            raise ValueError("Grad-CAM needs a convolutional layer, and this network has none")
    layer_index = check_layer(model, layer_index)
    x = as_image_batch(model, image).requires_grad_(True)  # so the map needs grad even with frozen weights
    with eval_mode(model, grad=True), capture_output(layer_module(model, layer_index)) as box:
        logits = model(x)
        feats = box["out"]
        if not isinstance(feats, torch.Tensor) or feats.dim() != 4:
            raise ValueError(f"Grad-CAM needs a layer with feature maps, but {layer_name(layer_index)} "
                             f"outputs a flat vector; choose a layer before the Flatten or GlobalAvgPool")
        score = logits[0, _target(logits, target_class)]
        (grads,) = torch.autograd.grad(score, feats)
    with torch.no_grad():
        weights = grads.float().mean(dim=(2, 3), keepdim=True)
        cam = (weights * feats.detach().float()).sum(dim=1, keepdim=True).clamp_min(0.0)
        cam = F.interpolate(cam, size=tuple(x.shape[2:]), mode="bilinear", align_corners=False)[0, 0]
        peak = cam.max()
        cam = cam / peak if peak > 0 else torch.zeros_like(cam)
    return to_numpy(cam)


def occlusion_starts(size: int, patch: int, stride: int) -> list[int]:
    """Patch start positions along one axis: every ``stride`` pixels, plus a last one flush with
    the border so every pixel is covered."""
    starts = list(range(0, size - patch + 1, stride))
    if starts[-1] != size - patch:
        starts.append(size - patch)
    return starts


def default_patch(height: int, width: int) -> tuple[int, int]:
    """Default occlusion ``(patch, stride)``: a quarter of the smaller side (at least 2), half-overlapping."""
    patch = max(2, min(height, width) // 4)
    return min(patch, height, width), max(1, patch // 2)


def occlusion(model: nn.Module, image, target_class: Optional[int] = None, patch: Optional[int] = None,
              stride: Optional[int] = None, fill: float = 0.0, batch_size: int = 256) -> np.ndarray:
    """Occlusion map (Zeiler & Fergus 2014): slide a ``patch``×``patch`` square filled with ``fill``
    over the image and record ``p(c | image) - p(c | occluded image)`` at each position.

    ``fill`` is in normalised units: the default 0.0 is the dataset's mean colour (grey).
    Positions are ``occlusion_starts(H, patch, stride)`` × ``occlusion_starts(W, ...)``; the result
    is float32 ``(len(rows), len(cols))`` — positive where hiding the patch lowers the
    probability. Defaults: ``default_patch(H, W)``. Batched over positions; no gradients.
    """
    x = as_image_batch(model, image)
    _, _, h, w = x.shape
    d_patch, d_stride = default_patch(h, w)
    patch = d_patch if patch is None else int(patch)
    stride = d_stride if stride is None else int(stride)
    if not 1 <= patch <= min(h, w) or stride < 1:
        raise ValueError(f"the occlusion patch must be 1 to {min(h, w)} pixels and the stride at least 1, "
                         f"not patch {patch}, stride {stride}")
    rows, cols = occlusion_starts(h, patch, stride), occlusion_starts(w, patch, stride)
    positions = [(r, c) for r in rows for c in cols]
    drops = []
    with eval_mode(model):
        logits = model(x).float()
        target = _target(logits, target_class)
        base = logits.softmax(dim=1)[0, target]
        for lo in range(0, len(positions), batch_size):
            chunk = positions[lo:lo + batch_size]
            batch = x.repeat(len(chunk), 1, 1, 1)
            for j, (r, c) in enumerate(chunk):
                batch[j, :, r:r + patch, c:c + patch] = fill
            drops.append(base - model(batch).float().softmax(dim=1)[:, target])
    return to_numpy(torch.cat(drops)).reshape(len(rows), len(cols))


def occlusion_to_pixels(drop: np.ndarray, image_hw: tuple[int, int], patch: int, stride: int) -> np.ndarray:
    """Spread an occlusion map back onto the image: each pixel gets the mean drop of the patches
    that covered it. Returns float32 ``(H, W)``, for overlays."""
    h, w = image_hw
    rows, cols = occlusion_starts(h, patch, stride), occlusion_starts(w, patch, stride)
    drop = np.asarray(drop, dtype=np.float64)
    if drop.shape != (len(rows), len(cols)):
        raise ValueError(f"the occlusion map has shape {drop.shape}, expected {(len(rows), len(cols))}")
    total, count = np.zeros((h, w)), np.zeros((h, w))
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            total[r:r + patch, c:c + patch] += drop[i, j]
            count[r:r + patch, c:c + patch] += 1
    return (total / count).astype(np.float32)

"""What a unit wants: activation maximisation for conv filters, hidden units and output classes.

Gradient ascent on the input itself, at the dataset's input size (no optimising at a
higher resolution: small images would come out as blurry mush; a view should upscale
the result with nearest-neighbour pixels instead). Regularisers, as in Yosinski et al.
2015: random jitter (a roll by up to ``jitter`` pixels) each step, a small Gaussian blur
every ``blur_every`` steps, L2 decay towards the dataset mean, and clipping to the valid
pixel range; while optimising, ReLUs that are off for a whole image still pass gradient
that would switch them on (Lucid's "redirected ReLU"), so units silent on the starting
noise can still be reached. All units of a layer are optimised in one batch, image i maximising unit i
(images do not interact in eval mode), so a whole layer costs about as much as one unit.

The objective of a unit is the mean of its channel's feature map (for ``(C,H,W)``
outputs; ``AscentSettings(objective="center")`` uses the middle position only, which shows
early filters as local patterns rather than flat colours) or the feature itself (for flat outputs; the last layer's feature c is the
logit of class c). Gradients are taken w.r.t. the image only (``autograd.grad``); the
model's parameters, ``.grad``, hooks and train/eval mode are left as they were. Pass a
copy of a model that another thread is training.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .ascent_settings import AscentSettings
from .model_utils import (LayerRef, check_layer, eval_mode, layer_name, layer_output, model_device, to_display_uint8,
                          to_numpy, unit_activation)

OBJECTIVES = ("mean", "center")
#: progress(done_steps, total_steps)
StepProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class UnitImages:
    """Synthesised inputs for some units of one layer (row i belongs to ``channels[i]``).

    ``images``: uint8 ``(N, C, H, W)`` in display space (de-normalised with the dataset's
    mean/std). ``start``/``end``: float32 ``(N,)`` unit activation for the starting noise and
    for the final image (without jitter). ``stopped``: ``should_stop`` ended it early
    (images are then the ones reached so far; channels not reached yet are absent).
    """
    layer_index: LayerRef
    channels: tuple
    images: np.ndarray
    start: np.ndarray
    end: np.ndarray
    steps: int
    stopped: bool = False


def layer_units(model: nn.Module, layer_index: LayerRef, input_shape: Sequence[int]) -> int:
    """Number of units (channels, or features for flat outputs) of layer ``layer_index``."""
    layer_index = check_layer(model, layer_index)
    with eval_mode(model):
        out = layer_output(model, layer_index, torch.zeros(1, *input_shape, device=model_device(model)))
    return int(out.shape[1])


def _blur_kernel(channels: int, sigma: float, device: torch.device) -> torch.Tensor:
    t = torch.arange(-1.0, 2.0, device=device)
    g = torch.exp(-t ** 2 / (2 * sigma ** 2))
    k2 = torch.outer(g, g)
    return (k2 / k2.sum()).expand(channels, 1, 3, 3).contiguous()


def _blur(x: torch.Tensor, kernel: torch.Tensor) -> torch.Tensor:
    pad = F.pad(x, (1, 1, 1, 1), mode="replicate")
    return F.conv2d(pad, kernel, groups=x.shape[1])


class _RedirectedReLU(torch.autograd.Function):
    """ReLU whose gradient, for an image where the true ReLU gradient is all zero, still flows
    where it would raise the input (Lucid's "redirected ReLU"): units dead at the start can move."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp_min(0)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        relu_grad = grad * (x > 0)
        redirected = torch.where((x <= 0) & (grad > 0), torch.zeros_like(grad), grad)  # grad of a loss: < 0 raises
        stuck = (relu_grad.flatten(1) == 0).all(dim=1).view(-1, *([1] * (x.dim() - 1)))
        return torch.where(stuck, redirected, relu_grad)


@contextmanager
def _redirected_relus(model: nn.Module, enabled: bool):
    handles = []
    if enabled:
        for module in model.modules():
            if isinstance(module, nn.ReLU):
                handles.append(module.register_forward_hook(lambda _m, inputs, _out: _RedirectedReLU.apply(inputs[0])))
    try:
        yield
    finally:
        for h in handles:
            h.remove()


def visualise_layer(model: nn.Module, layer_index: LayerRef, input_shape: Sequence[int], mean: Sequence[float],
                    std: Sequence[float], channels: Optional[Sequence[int]] = None,
                    settings: AscentSettings = AscentSettings(), batch_size: int = 64,
                    progress: Optional[StepProgress] = None,
                    should_stop: Optional[Callable[[], bool]] = None) -> UnitImages:
    """Activation maximisation of ``channels`` (default: all units) of layer ``layer_index``.

    ``input_shape`` ``(C,H,W)`` and ``mean``/``std`` are the dataset's. Units are optimised
    ``batch_size`` at a time (one batch for most layers); ``progress(done, total)`` is called
    after every step and ``should_stop()`` is polled before every step.
    """
    steps = iter_visualise_layer(model, layer_index, input_shape, mean, std, channels, settings, batch_size,
                                 should_stop)
    while True:
        try:
            done, total = next(steps)
        except StopIteration as finished:
            return finished.value
        if progress is not None:
            progress(done, total)


def iter_visualise_layer(model: nn.Module, layer_index: LayerRef, input_shape: Sequence[int],
                         mean: Sequence[float], std: Sequence[float], channels: Optional[Sequence[int]] = None,
                         settings: AscentSettings = AscentSettings(), batch_size: int = 64,
                         should_stop: Optional[Callable[[], bool]] = None):
    """``visualise_layer`` as a generator: yields ``(done, total)`` steps after every step and
    returns the ``UnitImages``. Between steps it holds no context (grad mode, eval flags and
    hooks are as before), so a caller may do other work in between, e.g. train another model.
    Arguments are checked at the first ``next()``."""
    layer_index = check_layer(model, layer_index)
    c, h, w = (int(s) for s in input_shape)
    n_units = layer_units(model, layer_index, input_shape)
    channels = tuple(range(n_units)) if channels is None else tuple(int(ch) for ch in channels)
    bad = [ch for ch in channels if not 0 <= ch < n_units]
    if bad:
        raise ValueError(f"{layer_name(layer_index)} has {n_units} units, so unit {bad[0]} does not exist")
    if settings.objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}, not {settings.objective!r}")
    if settings.steps < 1 or batch_size < 1:
        raise ValueError(f"steps and batch size must be at least 1, not {settings.steps} and {batch_size}")
    jitter = max(1, h // 16) if settings.jitter is None else int(settings.jitter)
    device = model_device(model)
    gen = torch.Generator().manual_seed(settings.seed)
    chunks = [channels[i:i + batch_size] for i in range(0, len(channels), batch_size)]
    total, done = settings.steps * len(chunks), 0
    images, starts, ends, reached, stopped = [], [], [], [], False
    for chunk in chunks:
        x0 = (torch.randn(len(chunk), c, h, w, generator=gen) * settings.noise).to(device)
        shifts = torch.randint(-jitter, jitter + 1, (settings.steps, 2), generator=gen).tolist()
        ascent = _ascend(model, layer_index, chunk, x0, mean, std, shifts, settings, should_stop)
        while True:
            try:
                k = next(ascent)
            except StopIteration as finished:
                img, start, end, n_done, stopped = finished.value
                break
            yield done + k, total
        done += n_done
        images.append(to_display_uint8(img, mean, std))
        starts.append(start)
        ends.append(end)
        reached.extend(chunk)
        if stopped:
            break
    return UnitImages(layer_index=layer_index, channels=tuple(reached), images=np.concatenate(images),
                      start=np.concatenate(starts), end=np.concatenate(ends), steps=settings.steps, stopped=stopped)


def _objective(output: torch.Tensor, target: torch.Tensor, objective: str) -> torch.Tensor:
    if objective == "center" and output.dim() == 4:
        output = output[:, :, output.shape[2] // 2, output.shape[3] // 2]
    return unit_activation(output, target)


def _ascend(model, layer_index, chunk, x0, mean, std, shifts, settings, should_stop):
    """Gradient ascent for one batch of units, as a generator yielding the steps done after each
    step (holding no context across a yield); returns (image, start, end, steps_done, stopped)."""
    device = x0.device
    n_ch = x0.shape[1]
    stats = torch.tensor(np.stack([mean, std]), dtype=torch.float32, device=device).view(2, 1, n_ch, 1, 1)
    lo, hi = (0.0 - stats[0]) / stats[1], (1.0 - stats[0]) / stats[1]
    kernel = _blur_kernel(n_ch, settings.blur_sigma, device) if settings.blur_every else None
    target = torch.tensor(chunk, device=device)

    def trunk(x):
        return layer_output(model, layer_index, x)

    img = x0.clone().requires_grad_(True)
    opt = torch.optim.Adam([img], lr=settings.lr)
    stopped, n_done = False, 0
    with eval_mode(model):
        start = to_numpy(_objective(trunk(img), target, settings.objective))
    for step, (dy, dx) in enumerate(shifts):
        if should_stop is not None and should_stop():
            stopped = True
            break
        with eval_mode(model, grad=True), _redirected_relus(model, settings.redirect_relu):
            act = _objective(trunk(torch.roll(img, shifts=(dy, dx), dims=(2, 3))), target, settings.objective)
            (grad,) = torch.autograd.grad(-act.sum(), img)
        img.grad = grad
        opt.step()
        with torch.no_grad():
            img.mul_(1.0 - settings.l2)
            if kernel is not None and (step + 1) % settings.blur_every == 0 and step + 1 < len(shifts):
                img.copy_(_blur(img, kernel))
            img.copy_(torch.maximum(torch.minimum(img, hi), lo))
        n_done = step + 1
        yield n_done
    with eval_mode(model):
        end = to_numpy(_objective(trunk(img), target, settings.objective))
    return img.detach(), start, end, n_done, stopped


def visualise_unit(model: nn.Module, layer_index: LayerRef, channel: int, input_shape: Sequence[int],
                   mean: Sequence[float], std: Sequence[float], **options) -> UnitImages:
    """``visualise_layer`` for one unit (a conv filter, a hidden feature, or — on the last
    layer — an output class); the result has ``N = 1``."""
    return visualise_layer(model, layer_index, input_shape, mean, std, channels=(channel,), **options)


def upscale_nearest(image_chw: np.ndarray, factor: int) -> np.ndarray:
    """Blow up a ``(C,H,W)`` (or ``(N,C,H,W)``) image by repeating pixels ``factor`` times each way,
    the crisp way to show a tiny synthesised input."""
    factor = max(1, int(math.floor(factor)))
    return np.repeat(np.repeat(image_chw, factor, axis=-2), factor, axis=-1)

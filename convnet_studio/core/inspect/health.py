"""Layer health: weight/gradient norms, update ratios, dead ReLUs, histograms, and plain warnings.

Definitions (per child ``i`` of the ``nn.Sequential``, i.e. per spec layer):

* **weight norm**: L2 norm of all the layer's parameters together (weights and biases).
* **grad norm**: L2 norm of their ``.grad`` after a backward pass (``None`` without grads).
* **update ratio**: ``||W - W_prev|| / ||W_prev||`` when the weights before the optimiser step
  are given (``snapshot_parameters``), else ``lr * ||grad|| / ||W||`` (the plain-SGD step) when
  ``lr`` is given, else ``None``. About 1e-3 is healthy.
* **dead units** (ReLU layers and residual blocks, which end in a ReLU): a unit is one element
  of the layer's per-image output (a channel at one position, or one feature); it is *dead*
  when it outputs exactly 0 for every image of the probe batch. ``dead_fraction`` = dead
  units / units; ``dead_channel_fraction`` = channels dead at every position / channels.
  Activations come from one eval-mode, no-grad forward pass of the batch.
* **histograms**: ``np.histogram`` of the layer's parameters / outputs over ``bins`` equal bins
  on ``[-limit, limit]`` (``limit`` = largest magnitude, unless given); values beyond are
  counted in the end bins, so counts always sum to the number of values.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

import numpy as np
import torch
from torch import nn

from ..messages import Message
from ..model.builder import ResidualBlock
from .model_utils import LayerRef, eval_mode, layer_module, layer_outputs, model_device, to_numpy

HIST_BINS = 40
#: At most this many values go into one activation histogram (an even subsample beyond).
HIST_MAX_VALUES = 200_000
#: diagnose(): first/last layer gradient-norm ratio beyond which gradients vanish (or explode).
GRAD_RATIO = 1e3
#: diagnose(): a gradient norm above this is exploding whatever the other layers do.
GRAD_NORM_HUGE = 1e4
#: diagnose(): more than this fraction of a ReLU layer's units dead is "most units dead".
DEAD_FRACTION = 0.5
#: diagnose(): an update/weight ratio above this means the learning rate is probably too large.
UPDATE_RATIO_HIGH = 0.1


@dataclass(frozen=True)
class Histogram:
    """``counts`` int64 ``(bins,)`` over ``edges`` float64 ``(bins + 1,)``."""
    counts: np.ndarray
    edges: np.ndarray


@dataclass(frozen=True)
class LayerHealth:
    """Health figures of one layer; ``None`` where a figure does not apply or is unavailable."""
    index: LayerRef                # spec layer index, or module path of an opened model
    label: str
    weight_norm: Optional[float] = None
    grad_norm: Optional[float] = None
    update_ratio: Optional[float] = None
    dead_fraction: Optional[float] = None
    dead_channel_fraction: Optional[float] = None
    weight_hist: Optional[Histogram] = None
    activation_hist: Optional[Histogram] = None


def histogram(values, bins: int = HIST_BINS, limit: Optional[float] = None) -> Histogram:
    """Histogram of ``values`` over ``bins`` equal bins on ``[-limit, limit]`` (see module doc)."""
    v = np.asarray(values, dtype=np.float64).ravel()
    v = v[np.isfinite(v)]
    if limit is None:
        limit = float(np.abs(v).max()) if v.size else 1.0
    limit = limit if limit > 0 else 1.0
    counts, edges = np.histogram(np.clip(v, -limit, limit), bins=bins, range=(-limit, limit))
    return Histogram(counts.astype(np.int64), edges)


def _items(model: nn.Module, layers: Optional[Sequence[LayerRef]]) -> list[tuple[LayerRef, nn.Module]]:
    """``(layer, module)`` pairs: every child of a spec model, or the given layers."""
    if layers is None:
        return list(enumerate(model))
    return [(layer, layer_module(model, layer)) for layer in layers]


def health_layers(model: nn.Module) -> list[str]:
    """The module paths whose health an opened model reports: leaf modules with parameters, and ReLUs."""
    return [path for path, m in model.named_modules()
            if path and not any(True for _ in m.children())
            and (isinstance(m, nn.ReLU) or any(True for _ in m.parameters(recurse=False)))]


def _norm(tensors: Sequence[torch.Tensor]) -> torch.Tensor:
    return torch.sqrt(sum((t.detach().float() ** 2).sum() for t in tensors))


def snapshot_parameters(model: nn.Module, layers: Optional[Sequence[LayerRef]] = None) -> dict[LayerRef, torch.Tensor]:
    """Layer -> a flat float32 copy of its parameters (take it before ``optimizer.step()``);
    ``layers``: as in ``layer_health``."""
    return {i: torch.cat([p.detach().float().flatten() for p in child.parameters()]).clone()
            for i, child in _items(model, layers) if any(True for _ in child.parameters())}


def parameter_stats(model: nn.Module, previous: Optional[Mapping[LayerRef, torch.Tensor]] = None,
                    lr: Optional[float] = None, bins: int = HIST_BINS,
                    layers: Optional[Sequence[LayerRef]] = None) -> dict[LayerRef, dict]:
    """Layer index -> ``{"weight_norm", "grad_norm", "update_ratio", "weight_hist"}`` for every layer
    that has parameters (values as in the module doc)."""
    stats = {}
    for i, child in _items(model, layers):
        params = list(child.parameters())
        if not params:
            continue
        w_norm = float(_norm(params))
        grads = [p.grad for p in params if p.grad is not None]
        g_norm = float(_norm(grads)) if grads else None
        ratio = None
        if previous is not None and i in previous:
            before = previous[i].to(params[0].device)
            now = torch.cat([p.detach().float().flatten() for p in params])
            before_norm = float(before.norm())
            ratio = float((now - before).norm()) / before_norm if before_norm > 0 else None
        elif lr is not None and g_norm is not None and w_norm > 0:
            ratio = float(lr) * g_norm / w_norm
        flat = torch.cat([p.detach().flatten() for p in params])
        stats[i] = {"weight_norm": w_norm, "grad_norm": g_norm, "update_ratio": ratio,
                    "weight_hist": histogram(to_numpy(flat), bins)}
    return stats


def _is_relu_layer(module: nn.Module) -> bool:
    return isinstance(module, (nn.ReLU, ResidualBlock))


def activation_stats(model: nn.Module, x: torch.Tensor, bins: int = HIST_BINS,
                     layers: Optional[Sequence[LayerRef]] = None) -> dict[LayerRef, dict]:
    """Layer -> ``{"dead_fraction", "dead_channel_fraction", "activation_hist"}`` from one
    forward pass of the normalised batch ``x`` (dead figures only for ReLU layers, else None)."""
    items = dict(_items(model, layers))
    with eval_mode(model):
        outputs, _ = layer_outputs(model, list(items), torch.as_tensor(x).to(model_device(model), torch.float32))
    stats = {}
    for i, out in outputs.items():
        if not isinstance(out, torch.Tensor):
            continue
        out = out.detach()
        dead = dead_channels = None
        if _is_relu_layer(items[i]):
            alive = (out != 0).any(dim=0)                       # per unit: fired for some image
            dead = float((~alive).float().mean())
            per_channel = alive.flatten(1).any(dim=1) if alive.dim() > 1 else alive
            dead_channels = float((~per_channel).float().mean())
        flat = out.flatten()
        if flat.numel() > HIST_MAX_VALUES:
            flat = flat[:: math.ceil(flat.numel() / HIST_MAX_VALUES)]
        stats[i] = {"dead_fraction": dead, "dead_channel_fraction": dead_channels,
                    "activation_hist": histogram(to_numpy(flat), bins)}
    return stats


def layer_health(model: nn.Module, x: Optional[torch.Tensor] = None,
                 previous: Optional[Mapping[LayerRef, torch.Tensor]] = None, lr: Optional[float] = None,
                 labels: Optional[Sequence[str]] = None, bins: int = HIST_BINS,
                 layers: Optional[Sequence[LayerRef]] = None) -> list[LayerHealth]:
    """One ``LayerHealth`` per layer (index-aligned with the model), after a backward pass.

    ``x``: a normalised probe batch for dead units and activation histograms (skipped if None);
    ``previous``/``lr``: for update ratios; ``labels``: names for the layers (e.g. the
    ``LayerInfo.label`` list), default the module class name. ``layers``: the layers to report
    (module paths of an opened model, e.g. ``health_layers(model)``; default every child).
    """
    params = parameter_stats(model, previous, lr, bins, layers)
    acts = activation_stats(model, x, bins, layers) if x is not None else {}
    result = []
    for n, (i, child) in enumerate(_items(model, layers)):
        p, a = params.get(i, {}), acts.get(i, {})
        label = labels[n] if labels is not None else type(child).__name__
        result.append(LayerHealth(index=i, label=label, weight_norm=p.get("weight_norm"),
                                  grad_norm=p.get("grad_norm"), update_ratio=p.get("update_ratio"),
                                  dead_fraction=a.get("dead_fraction"),
                                  dead_channel_fraction=a.get("dead_channel_fraction"),
                                  weight_hist=p.get("weight_hist"), activation_hist=a.get("activation_hist")))
    return result


def _factor(ratio: float) -> str:
    """``4.2e8`` -> ``"4×10^8"``; ``2500`` -> ``"2,500"``."""
    if ratio < 1e6:
        return f"{ratio:,.0f}"
    mantissa, exponent = f"{ratio:.0e}".split("e")
    return f"{mantissa}×10^{int(exponent)}"


def _name(layer: LayerHealth) -> Message:
    if isinstance(layer.index, str):
        return Message("health.module_name", path=layer.index, label=layer.label)
    return Message("health.layer_name", index=layer.index, label=layer.label)


def diagnose(stats: Sequence[LayerHealth]) -> list[Message]:
    """Plain-language warnings about ``layer_health`` figures; an empty list when all looks fine.

    Each warning is a ``Message`` (a ``str`` a GUI can translate, see core/messages.py).
    """
    warnings = []
    with_grad = [s for s in stats if s.grad_norm is not None]
    bad = [s for s in with_grad if not math.isfinite(s.grad_norm)]
    if bad:
        warnings.append(Message("health.not_finite", layer=_name(bad[0])))
    elif len(with_grad) >= 2:
        first, last = with_grad[0], with_grad[-1]
        if last.grad_norm > 0 and first.grad_norm == 0:
            warnings.append(Message("health.no_gradient", layer=_name(first)))
        elif last.grad_norm > 0 and first.grad_norm * GRAD_RATIO <= last.grad_norm:
            warnings.append(Message("health.vanishing", first=_name(first), last=_name(last),
                                    factor=_factor(last.grad_norm / first.grad_norm)))
        elif first.grad_norm > 0 and last.grad_norm * GRAD_RATIO <= first.grad_norm:
            factor = (_factor(first.grad_norm / last.grad_norm) if last.grad_norm > 0
                      else Message("health.infinitely_many"))
            warnings.append(Message("health.exploding_ratio", first=_name(first), last=_name(last), factor=factor))
        else:
            huge = [s for s in with_grad if s.grad_norm > GRAD_NORM_HUGE]
            if huge:
                warnings.append(Message("health.exploding_norm", layer=_name(huge[0]), norm=huge[0].grad_norm))
    for s in stats:
        if s.dead_fraction is not None and s.dead_fraction > DEAD_FRACTION:
            warnings.append(Message("health.dead_units", layer=_name(s), fraction=s.dead_fraction))
    fast = [s for s in stats if s.update_ratio is not None and s.update_ratio > UPDATE_RATIO_HIGH]
    if fast:
        worst = max(fast, key=lambda s: s.update_ratio)
        warnings.append(Message("health.lr_too_large", layer=_name(worst), ratio=worst.update_ratio))
    return warnings

"""Shape, parameter and multiply-add rules for every layer kind, in plain Python.

Each rule takes ``(layer, index, in_shape)`` — ``in_shape`` is ``(C, H, W)`` for
feature maps or ``(F,)`` for a flat vector, always without the batch — checks the
layer's fields against that input and returns a ``Rule`` result, or raises
``SpecError(index, sentence)``. ``builder.py`` builds exactly the modules these
rules describe; the tests compare both against a real forward pass.

Multiply-adds count only the multiply-accumulates of convolutions and linear
layers (the convention of papers and most FLOP counters): ``out_elements * in_ch
* k * k`` for a convolution, ``in * out`` for a linear layer, biases excluded.
Pooling, normalisation, dropout, activations and the residual addition count 0.
"""
from __future__ import annotations

import math
from typing import Any, Callable, NamedTuple

from .spec import (
    ACTIVATIONS, CLASSES, POOL_MODES, Activation, BatchNorm, Conv2d, Dropout, Flatten,
    GlobalAvgPool, Linear, Pool, Residual, SpecError,
)

#: Sanity ceiling for any size field (channels, kernel, stride, padding, features).
MAX_SIZE = 65_536
#: A single layer may hold at most this many parameters (about 400 MB of float32).
MAX_LAYER_PARAMS = 100_000_000
#: A single layer may produce at most this many values per image.
MAX_LAYER_OUTPUTS = 50_000_000

ACTIVATION_LABELS = {
    "relu": "ReLU", "leaky_relu": "LeakyReLU", "sigmoid": "Sigmoid",
    "tanh": "Tanh", "gelu": "GELU", "elu": "ELU",
}


class Rule(NamedTuple):
    """What one layer does to its input."""
    label: str
    output_shape: tuple
    params: int
    mult_adds: int


def describe_shape(shape: tuple) -> str:
    """``(16, 5, 5)`` -> ``"16×5×5 feature maps"``; ``(84,)`` -> ``"a flat vector of 84 values"``."""
    if len(shape) == 1:
        return f"a flat vector of {shape[0]} values"
    return "×".join(str(s) for s in shape) + " feature maps"


def _pretty(name: str) -> str:
    return name.replace("_", " ")


def check_int(index: int, value: Any, name: str, minimum: int = 1) -> int:
    """``value`` as a whole number in ``[minimum, MAX_SIZE]`` (bools refused), else SpecError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError(index, f"{_pretty(name)} must be a whole number, not {value!r}")
    if value < minimum:
        raise SpecError(index, f"{_pretty(name)} must be at least {minimum}, not {value}")
    if value > MAX_SIZE:
        raise SpecError(index, f"{_pretty(name)} must be at most {MAX_SIZE}, not {value}")
    return value


def _need_maps(index: int, what: str, in_shape: tuple) -> tuple[int, int, int]:
    if len(in_shape) != 3:
        raise SpecError(index, f"{what} needs C×H×W feature maps, but its input is "
                               f"{describe_shape(in_shape)}; move it before the Flatten or GlobalAvgPool")
    return in_shape


def _window_out(index: int, size_h: int, size_w: int, k: int, stride: int, padding: int,
                window: str) -> tuple[int, int]:
    """Output H, W of a k×k window moved by ``stride`` over a ``padding``-padded input."""
    if size_h + 2 * padding < k or size_w + 2 * padding < k:
        padded = f" (padded to {size_h + 2 * padding}×{size_w + 2 * padding})" if padding else ""
        raise SpecError(index, f"the {k}×{k} {window} is larger than its {size_h}×{size_w} input{padded}, "
                               f"so the feature maps would shrink to nothing; use a smaller {window}"
                               f"{', add padding' if window == 'kernel' else ''} or remove an earlier pooling layer")
    return (size_h + 2 * padding - k) // stride + 1, (size_w + 2 * padding - k) // stride + 1


def _limit(index: int, rule: Rule) -> Rule:
    if rule.params > MAX_LAYER_PARAMS:
        raise SpecError(index, f"this layer would have {rule.params:,} parameters, more than the "
                               f"{MAX_LAYER_PARAMS:,} one layer may have here; use fewer channels or features")
    if math.prod(rule.output_shape) > MAX_LAYER_OUTPUTS:
        raise SpecError(index, f"this layer would output {math.prod(rule.output_shape):,} values per image, "
                               f"more than the {MAX_LAYER_OUTPUTS:,} allowed here; use fewer channels or pool earlier")
    return rule


def conv2d_rule(layer: Conv2d, index: int, in_shape: tuple) -> Rule:
    out = check_int(index, layer.out_channels, "out_channels")
    k = check_int(index, layer.kernel_size, "kernel_size")
    stride = check_int(index, layer.stride, "stride")
    padding = check_int(index, layer.padding, "padding", minimum=0)
    if not isinstance(layer.bias, bool):
        raise SpecError(index, f"bias must be true or false, not {layer.bias!r}")
    if padding > k - 1:
        raise SpecError(index, f"padding {padding} is more than a {k}×{k} kernel can use (at most {k - 1}); "
                               f"the extra border would only produce outputs that see nothing but zeros")
    c, h, w = _need_maps(index, "a Conv2d", in_shape)
    oh, ow = _window_out(index, h, w, k, stride, padding, "kernel")
    params = out * c * k * k + (out if layer.bias else 0)
    label = f"Conv2d {out}, k{k}" + (f", s{stride}" if stride != 1 else "") \
        + (f", p{padding}" if padding else "") + ("" if layer.bias else ", no bias")
    return Rule(label, (out, oh, ow), params, out * oh * ow * c * k * k)


def pool_rule(layer: Pool, index: int, in_shape: tuple) -> Rule:
    if layer.mode not in POOL_MODES:
        raise SpecError(index, f"unknown pool mode {layer.mode!r} (choose from: {', '.join(POOL_MODES)})")
    k = check_int(index, layer.kernel_size, "kernel_size")
    stride = check_int(index, layer.stride, "stride")
    c, h, w = _need_maps(index, "a pooling layer", in_shape)
    oh, ow = _window_out(index, h, w, k, stride, 0, "pooling window")
    name = "MaxPool" if layer.mode == "max" else "AvgPool"
    return Rule(f"{name} k{k}" + (f", s{stride}" if stride != k else ""), (c, oh, ow), 0, 0)


def batchnorm_rule(layer: BatchNorm, index: int, in_shape: tuple) -> Rule:
    return Rule("BatchNorm2d" if len(in_shape) == 3 else "BatchNorm1d", in_shape, 2 * in_shape[0], 0)


def dropout_rule(layer: Dropout, index: int, in_shape: tuple) -> Rule:
    p = layer.p
    if isinstance(p, bool) or not isinstance(p, (int, float)):
        raise SpecError(index, f"dropout probability p must be a number, not {p!r}")
    if not 0 <= p < 1:
        raise SpecError(index, f"dropout probability p must be at least 0 and below 1, not {p}")
    return Rule(f"Dropout {p:g}", in_shape, 0, 0)


def activation_rule(layer: Activation, index: int, in_shape: tuple) -> Rule:
    if layer.fn not in ACTIVATIONS:
        raise SpecError(index, f"unknown activation {layer.fn!r} (choose from: {', '.join(ACTIVATIONS)})")
    return Rule(ACTIVATION_LABELS[layer.fn], in_shape, 0, 0)


def flatten_rule(layer: Flatten, index: int, in_shape: tuple) -> Rule:
    if len(in_shape) != 3:
        raise SpecError(index, f"the input is already {describe_shape(in_shape)}; remove this Flatten")
    return Rule("Flatten", (math.prod(in_shape),), 0, 0)


def global_avg_pool_rule(layer: GlobalAvgPool, index: int, in_shape: tuple) -> Rule:
    c, _, _ = _need_maps(index, "GlobalAvgPool", in_shape)
    return Rule("GlobalAvgPool", (c,), 0, 0)


def resolve_features(index: int, value: Any, num_classes: int) -> int:
    """``Linear.out_features`` as a number (``"classes"`` -> ``num_classes``)."""
    if isinstance(value, str):
        if value == CLASSES:
            return num_classes
        raise SpecError(index, f"out features must be a whole number or 'classes', not {value!r}")
    return check_int(index, value, "out_features")


def linear_rule(layer: Linear, index: int, in_shape: tuple, num_classes: int) -> Rule:
    out = resolve_features(index, layer.out_features, num_classes)
    if len(in_shape) != 1:
        raise SpecError(index, f"a Linear layer needs a flat vector, but its input is {describe_shape(in_shape)}; "
                               f"add a Flatten or GlobalAvgPool before it")
    n_in = in_shape[0]
    label = f"Linear {out}" + (" (classes)" if layer.out_features == CLASSES else "")
    return Rule(label, (out,), n_in * out + out, n_in * out)


def residual_rule(layer: Residual, index: int, in_shape: tuple) -> Rule:
    out = check_int(index, layer.out_channels, "out_channels")
    stride = check_int(index, layer.stride, "stride")
    c, h, w = _need_maps(index, "a Residual block", in_shape)
    oh, ow = (h - 1) // stride + 1, (w - 1) // stride + 1  # 3×3 conv, padding 1
    positions = oh * ow
    params = 9 * c * out + 9 * out * out + 4 * out  # two bias-free convs, two BatchNorms
    mult_adds = positions * out * 9 * c + positions * out * 9 * out
    if needs_projection(c, out, stride):
        params += c * out + 2 * out
        mult_adds += positions * out * c
    return Rule(f"Residual {out}" + (f", s{stride}" if stride != 1 else ""), (out, oh, ow), params, mult_adds)


def needs_projection(in_channels: int, out_channels: int, stride: int) -> bool:
    """Whether a residual block's shortcut needs a 1×1 conv + BN (shape changes)."""
    return in_channels != out_channels or stride != 1


_RULES: dict[type, Callable[..., Rule]] = {
    Conv2d: conv2d_rule, Pool: pool_rule, BatchNorm: batchnorm_rule, Dropout: dropout_rule,
    Activation: activation_rule, Flatten: flatten_rule, GlobalAvgPool: global_avg_pool_rule,
    Residual: residual_rule,
}


def apply_rule(layer: Any, index: int, in_shape: tuple, num_classes: int) -> Rule:
    """The ``Rule`` of any layer, or ``SpecError`` for an unknown layer type or bad fields."""
    if type(layer) is Linear:
        return _limit(index, linear_rule(layer, index, in_shape, num_classes))
    rule = _RULES.get(type(layer))
    if rule is None:
        kind = getattr(layer, "kind", type(layer).__name__)
        raise SpecError(index, f"unknown layer type {kind!r}")
    return _limit(index, rule(layer, index, in_shape))

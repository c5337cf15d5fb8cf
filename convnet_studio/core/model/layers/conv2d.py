"""Conv2d: a 2-D convolution whose input channels are inferred."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...messages import Message, joined
from ..errors import SpecError
from .base import KERNEL_SIZE, OUT_CHANNELS, STRIDE, EditorField, LayerCode, LayerKind
from .shapes import Rule, check_int, need_maps, window_out


@dataclass(frozen=True)
class Conv2d:
    """2-D convolution; input channels are inferred."""
    kind: ClassVar[str] = "conv2d"
    label: ClassVar[str] = "Conv2d"
    out_channels: int = 16
    kernel_size: int = 3
    stride: int = 1
    padding: int = 0
    bias: bool = True


def rule(layer: Conv2d, index: int, in_shape: tuple, num_classes: int) -> Rule:
    """Output maps, weights (+ biases) and ``out_elements * in_ch * k * k`` multiply-adds."""
    out = check_int(index, layer.out_channels, "out_channels")
    k = check_int(index, layer.kernel_size, "kernel_size")
    stride = check_int(index, layer.stride, "stride")
    padding = check_int(index, layer.padding, "padding", minimum=0)
    if not isinstance(layer.bias, bool):
        raise SpecError(index, Message("spec.bias_not_bool", value=layer.bias))
    if padding > k - 1:
        raise SpecError(index, Message("spec.padding_too_large", padding=padding, k=k, most=k - 1))
    c, h, w = need_maps(index, "a Conv2d", in_shape)
    oh, ow = window_out(index, h, w, k, stride, padding, "kernel")
    params = out * c * k * k + (out if layer.bias else 0)
    label = f"Conv2d {out}, k{k}" + (f", s{stride}" if stride != 1 else "") \
        + (f", p{padding}" if padding else "") + ("" if layer.bias else ", no bias")
    return Rule(label, (out, oh, ow), params, out * oh * ow * c * k * k)


def build(layer: Conv2d, in_shape: tuple, out_shape: tuple):
    from torch import nn
    return nn.Conv2d(in_shape[0], layer.out_channels, layer.kernel_size, stride=layer.stride,
                     padding=layer.padding, bias=layer.bias)


def code(layer: Conv2d, in_shape: tuple, out_shape: tuple) -> LayerCode:
    extras = (f", stride={layer.stride}" if layer.stride != 1 else "") \
        + (f", padding={layer.padding}" if layer.padding else "") + ("" if layer.bias else ", bias=False")
    return LayerCode("{self}({x})", f"nn.Conv2d({in_shape[0]}, {layer.out_channels}, {layer.kernel_size}{extras})",
                     "conv")


def describe(layer: Conv2d) -> str:
    k = layer.kernel_size
    parts = [Message("layer.describe.channels", n=layer.out_channels), f"{k}×{k}"]
    if layer.stride != 1:
        parts.append(Message("layer.describe.stride", n=layer.stride))
    if layer.padding:
        parts.append(Message("layer.describe.pad", n=layer.padding))
    if not layer.bias:
        parts.append(Message("layer.describe.no_bias"))
    return joined(parts)


KIND = LayerKind(
    spec=Conv2d, rule=rule, build=build, describe=describe, code=code,
    template=Conv2d(16, 3, 1, 1),
    add_tooltip="A convolution: learns filters that slide over the image.",
    fields=(
        OUT_CHANNELS, KERNEL_SIZE, STRIDE,
        EditorField("padding", "Padding", "int",
                    "Padding: zeros added around the input so the output keeps its size; k//2 keeps it.", 0, 32),
        EditorField("bias", "Bias", "check",
                    "Bias: add a learnable constant to each output channel (off when BatchNorm follows)."),
    ),
    windows=lambda layer: ((layer.kernel_size, layer.stride, layer.padding),),
)

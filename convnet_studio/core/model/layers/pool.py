"""Pool: max or average pooling."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...messages import Message, joined
from ..errors import SpecError
from .base import KERNEL_SIZE, STRIDE, EditorField, LayerCode, LayerKind
from .shapes import Rule, check_int, need_maps, window_out

POOL_MODES = ("max", "avg")


@dataclass(frozen=True)
class Pool:
    """Max or average pooling over ``kernel_size`` windows moved by ``stride``."""
    kind: ClassVar[str] = "pool"
    label: ClassVar[str] = "Pool"
    mode: str = "max"
    kernel_size: int = 2
    stride: int = 2


def rule(layer: Pool, index: int, in_shape: tuple, num_classes: int) -> Rule:
    if layer.mode not in POOL_MODES:
        raise SpecError(index, Message("spec.unknown_pool_mode", mode=layer.mode, choices=', '.join(POOL_MODES)))
    k = check_int(index, layer.kernel_size, "kernel_size")
    stride = check_int(index, layer.stride, "stride")
    c, h, w = need_maps(index, "a pooling layer", in_shape)
    oh, ow = window_out(index, h, w, k, stride, 0, "pooling window")
    name = "MaxPool" if layer.mode == "max" else "AvgPool"
    return Rule(f"{name} k{k}" + (f", s{stride}" if stride != k else ""), (c, oh, ow), 0, 0)


def build(layer: Pool, in_shape: tuple, out_shape: tuple):
    from torch import nn
    pool = nn.MaxPool2d if layer.mode == "max" else nn.AvgPool2d
    return pool(layer.kernel_size, stride=layer.stride)


def code(layer: Pool, in_shape: tuple, out_shape: tuple) -> LayerCode:
    return LayerCode(f"F.{layer.mode}_pool2d({{x}}, {layer.kernel_size}, stride={layer.stride})")


def describe(layer: Pool) -> str:
    k = layer.kernel_size
    window = f"{layer.mode} {k}×{k}"
    return joined([window, Message("layer.describe.stride", n=layer.stride)]) if layer.stride != k else window


KIND = LayerKind(
    spec=Pool, rule=rule, build=build, describe=describe, code=code,
    template=Pool("max", 2, 2),
    add_tooltip="Pooling: shrinks the feature maps, keeping the strongest values.",
    fields=(
        EditorField("mode", "Mode", "choice",
                    "Pool mode: keep the largest value of each window (max) or their average (avg).",
                    choices=tuple((mode, mode) for mode in POOL_MODES)),
        KERNEL_SIZE, STRIDE,
    ),
    windows=lambda layer: ((layer.kernel_size, layer.stride, 0),),
)

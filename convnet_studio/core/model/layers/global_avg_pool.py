"""GlobalAvgPool: one number per channel, the mean over all positions."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .base import LayerCode, LayerKind
from .shapes import Rule, need_maps


@dataclass(frozen=True)
class GlobalAvgPool:
    """Average each channel over all positions: C×H×W -> C."""
    kind: ClassVar[str] = "global_avg_pool"
    label: ClassVar[str] = "GlobalAvgPool"


def rule(layer: GlobalAvgPool, index: int, in_shape: tuple, num_classes: int) -> Rule:
    c, _, _ = need_maps(index, "GlobalAvgPool", in_shape)
    return Rule("GlobalAvgPool", (c,), 0, 0)


def build(layer: GlobalAvgPool, in_shape: tuple, out_shape: tuple):
    from ..blocks import GlobalAvgPool2d
    return GlobalAvgPool2d()


KIND = LayerKind(
    code=lambda layer, in_shape, out_shape: LayerCode("{x}.mean(dim=(2, 3))"),
    spec=GlobalAvgPool, rule=rule, build=build,
    template=GlobalAvgPool(),
    add_tooltip="Global average pooling: one number per channel.",
)

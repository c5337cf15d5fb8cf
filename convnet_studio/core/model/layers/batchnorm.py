"""BatchNorm: batch normalisation, 2-D after convolutions and 1-D after a flatten."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .base import LayerCode, LayerKind, pointwise
from .shapes import Rule


@dataclass(frozen=True)
class BatchNorm:
    """Batch normalisation (2-D after convs, 1-D after a flatten)."""
    kind: ClassVar[str] = "batchnorm"
    label: ClassVar[str] = "BatchNorm"


def rule(layer: BatchNorm, index: int, in_shape: tuple, num_classes: int) -> Rule:
    return Rule("BatchNorm2d" if len(in_shape) == 3 else "BatchNorm1d", in_shape, 2 * in_shape[0], 0)


def build(layer: BatchNorm, in_shape: tuple, out_shape: tuple):
    from torch import nn
    return nn.BatchNorm2d(in_shape[0]) if len(in_shape) == 3 else nn.BatchNorm1d(in_shape[0])


def code(layer: BatchNorm, in_shape: tuple, out_shape: tuple) -> LayerCode:
    return LayerCode("{self}({x})", f"nn.BatchNorm{2 if len(in_shape) == 3 else 1}d({in_shape[0]})", "bn")


KIND = LayerKind(
    spec=BatchNorm, rule=rule, build=build, code=code,
    template=BatchNorm(),
    add_tooltip="Batch normalisation: keeps activations well scaled; trains faster.",
    windows=pointwise, keeps_shape=True,
)

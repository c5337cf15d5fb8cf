"""Flatten: C×H×W feature maps become one vector."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from ...messages import Message
from ..errors import SpecError
from .base import LayerCode, LayerKind
from .shapes import Rule, describe_shape


@dataclass(frozen=True)
class Flatten:
    """Turn C×H×W feature maps into one vector."""
    kind: ClassVar[str] = "flatten"
    label: ClassVar[str] = "Flatten"


def rule(layer: Flatten, index: int, in_shape: tuple, num_classes: int) -> Rule:
    if len(in_shape) != 3:
        raise SpecError(index, Message("spec.already_flat", shape=describe_shape(in_shape)))
    return Rule("Flatten", (math.prod(in_shape),), 0, 0)


def build(layer: Flatten, in_shape: tuple, out_shape: tuple):
    from torch import nn
    return nn.Flatten()


KIND = LayerKind(
    code=lambda layer, in_shape, out_shape: LayerCode("torch.flatten({x}, 1)"),
    spec=Flatten, rule=rule, build=build,
    template=Flatten(),
    add_tooltip="Flatten: turns feature maps into one vector for Linear layers.",
)

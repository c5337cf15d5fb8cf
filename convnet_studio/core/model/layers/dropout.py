"""Dropout: zero activations at random while training."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...messages import Message
from ..errors import SpecError
from .base import EditorField, LayerCode, LayerKind, pointwise
from .shapes import Rule


@dataclass(frozen=True)
class Dropout:
    """Zero each activation with probability ``p`` while training."""
    kind: ClassVar[str] = "dropout"
    label: ClassVar[str] = "Dropout"
    p: float = 0.5


def rule(layer: Dropout, index: int, in_shape: tuple, num_classes: int) -> Rule:
    p = layer.p
    if isinstance(p, bool) or not isinstance(p, (int, float)):
        raise SpecError(index, Message("spec.dropout_not_number", p=p))
    if not 0 <= p < 1:
        raise SpecError(index, Message("spec.dropout_range", p=p))
    return Rule(f"Dropout {p:g}", in_shape, 0, 0)


def build(layer: Dropout, in_shape: tuple, out_shape: tuple):
    from torch import nn
    return nn.Dropout(float(layer.p))


def code(layer: Dropout, in_shape: tuple, out_shape: tuple) -> LayerCode:
    return LayerCode(f"F.dropout({{x}}, p={float(layer.p)!r}, training=self.training)")


KIND = LayerKind(
    spec=Dropout, rule=rule, build=build, code=code,
    describe=lambda layer: f"p = {layer.p:.2f}",
    template=Dropout(0.25),
    add_tooltip="Dropout: randomly zeroes activations while training, against overfitting.",
    fields=(
        EditorField("p", "Drop prob.", "float",
                    "Dropout probability: the share of activations zeroed at random while training. "
                    "Typical 0.1–0.5; higher fights overfitting but slows learning.",
                    0.0, 0.95, step=0.05, decimals=2),
    ),
    windows=pointwise, keeps_shape=True,
)

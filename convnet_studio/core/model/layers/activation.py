"""Activation: an element-wise non-linearity — and the one table of activation functions."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..errors import SpecError
from ...messages import Message
from .base import EditorField, LayerCode, LayerKind, pointwise
from .shapes import Rule

#: ``fn`` -> the name of its ``torch.nn`` class, which is also the name users see.
FUNCTIONS = {
    "relu": "ReLU", "leaky_relu": "LeakyReLU", "sigmoid": "Sigmoid",
    "tanh": "Tanh", "gelu": "GELU", "elu": "ELU",
}
ACTIVATIONS = tuple(FUNCTIONS)


@dataclass(frozen=True)
class Activation:
    """An element-wise non-linearity, one of ``ACTIVATIONS``."""
    kind: ClassVar[str] = "activation"
    label: ClassVar[str] = "Activation"
    fn: str = "relu"


def display_name(fn: str) -> str:
    """``"leaky_relu"`` -> ``"LeakyReLU"``; an unknown name as it is."""
    return FUNCTIONS.get(fn, str(fn))


def module_types() -> tuple[type, ...]:
    """The ``torch.nn`` classes of every activation function, in table order."""
    from torch import nn
    return tuple(getattr(nn, name) for name in FUNCTIONS.values())


def rule(layer: Activation, index: int, in_shape: tuple, num_classes: int) -> Rule:
    if layer.fn not in FUNCTIONS:
        raise SpecError(index, Message("spec.unknown_activation", fn=layer.fn, choices=', '.join(ACTIVATIONS)))
    return Rule(FUNCTIONS[layer.fn], in_shape, 0, 0)


def build(layer: Activation, in_shape: tuple, out_shape: tuple):
    from torch import nn
    return getattr(nn, FUNCTIONS[layer.fn])()


#: ``fn`` -> its functional form in an exported script.
_FUNCTIONAL = {
    "relu": "F.relu({x})", "leaky_relu": "F.leaky_relu({x})", "sigmoid": "torch.sigmoid({x})",
    "tanh": "torch.tanh({x})", "gelu": "F.gelu({x})", "elu": "F.elu({x})",
}


def code(layer: Activation, in_shape: tuple, out_shape: tuple) -> LayerCode:
    return LayerCode(_FUNCTIONAL[layer.fn])


KIND = LayerKind(
    spec=Activation, rule=rule, build=build, code=code,
    describe=lambda layer: display_name(layer.fn),
    template=Activation("relu"),
    add_tooltip="A non-linearity such as ReLU.",
    fields=(
        EditorField("fn", "Function", "choice",
                    "Activation: the non-linearity applied to every value. ReLU is the usual choice.",
                    choices=tuple(FUNCTIONS.items())),
    ),
    windows=pointwise, keeps_shape=True,
)

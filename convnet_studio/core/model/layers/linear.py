"""Linear: a fully connected layer, whose size may be "as many as the dataset has classes"."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Union

from ...messages import Message
from ..errors import SpecError
from .base import EditorField, LayerCode, LayerKind
from .shapes import Rule, check_int, describe_shape

#: ``Linear.out_features`` may be this string: "as many outputs as the dataset has classes".
CLASSES = "classes"


@dataclass(frozen=True)
class Linear:
    """Fully connected layer; ``out_features`` is a number or ``"classes"``."""
    kind: ClassVar[str] = "linear"
    label: ClassVar[str] = "Linear"
    out_features: Union[int, str] = 10


def resolve_features(index: int, value: Any, num_classes: int) -> int:
    """``Linear.out_features`` as a number (``"classes"`` -> ``num_classes``)."""
    if isinstance(value, str):
        if value == CLASSES:
            return num_classes
        raise SpecError(index, Message("spec.bad_out_features", value=value))
    return check_int(index, value, "out_features")


def rule(layer: Linear, index: int, in_shape: tuple, num_classes: int) -> Rule:
    out = resolve_features(index, layer.out_features, num_classes)
    if len(in_shape) != 1:
        raise SpecError(index, Message("spec.linear_needs_flat", shape=describe_shape(in_shape)))
    n_in = in_shape[0]
    label = f"Linear {out}" + (" (classes)" if layer.out_features == CLASSES else "")
    return Rule(label, (out,), n_in * out + out, n_in * out)


def build(layer: Linear, in_shape: tuple, out_shape: tuple):
    from torch import nn
    return nn.Linear(in_shape[0], out_shape[0])


def code(layer: Linear, in_shape: tuple, out_shape: tuple) -> LayerCode:
    out = "num_classes" if layer.out_features == CLASSES else out_shape[0]
    return LayerCode("{self}({x})", f"nn.Linear({in_shape[0]}, {out})", "fc")


def describe(layer: Linear) -> str:
    return (Message("layer.describe.classes") if layer.out_features == CLASSES
            else Message("layer.describe.outputs", n=layer.out_features))


KIND = LayerKind(
    spec=Linear, rule=rule, build=build, describe=describe, code=code,
    template=Linear(64),
    add_tooltip="A fully connected layer.",
    fields=(
        EditorField("out_features", "Outputs", "int",
                    "Output features: the size of this layer's output vector. At the minimum it shows "
                    "'classes': as many outputs as the dataset has classes (use it for the last layer).",
                    0, 65536, special=(CLASSES, "classes")),
    ),
)

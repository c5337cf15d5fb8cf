"""GroupNorm: group normalisation, which does not depend on the batch size."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...messages import Message
from ..errors import SpecError
from .base import EditorField, LayerCode, LayerKind, pointwise
from .shapes import Rule, check_int, need_maps


@dataclass(frozen=True)
class GroupNorm:
    """Group normalisation: normalise each group of channels of each image on its own."""
    kind: ClassVar[str] = "groupnorm"
    label: ClassVar[str] = "GroupNorm"
    groups: int = 4


def rule(layer: GroupNorm, index: int, in_shape: tuple, num_classes: int) -> Rule:
    """Keeps the shape; a scale and a shift per channel (2C parameters)."""
    groups = check_int(index, layer.groups, "groups")
    c, _, _ = need_maps(index, "GroupNorm", in_shape)
    if c % groups:
        raise SpecError(index, Message("spec.groups_do_not_divide", c=c, groups=groups))
    return Rule(f"GroupNorm {groups}", in_shape, 2 * c, 0)


def build(layer: GroupNorm, in_shape: tuple, out_shape: tuple):
    from torch import nn
    return nn.GroupNorm(layer.groups, in_shape[0])


def code(layer: GroupNorm, in_shape: tuple, out_shape: tuple) -> LayerCode:
    return LayerCode("{self}({x})", f"nn.GroupNorm({layer.groups}, {in_shape[0]})", "gn")


KIND = LayerKind(
    spec=GroupNorm, rule=rule, build=build, code=code,
    describe=lambda layer: Message("layer.describe.groups", n=layer.groups),
    template=GroupNorm(4),
    add_tooltip="Group normalisation: like BatchNorm, but per image, so it works with any batch size.",
    fields=(
        EditorField("groups", "Groups", "int",
                    "Groups: the channels are normalised in this many groups; it must divide the input's "
                    "channels. 1 is LayerNorm over C×H×W, one group per channel is InstanceNorm.",
                    1, 4096, input_maximum=lambda in_shape: in_shape[0]),
    ),
    windows=pointwise, keeps_shape=True,
)

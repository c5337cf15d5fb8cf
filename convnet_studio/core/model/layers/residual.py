"""Residual: a ResNet basic block (two 3×3 convolutions plus a shortcut)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...messages import Message, joined
from .base import OUT_CHANNELS, STRIDE, LayerCode, LayerKind
from .shapes import Rule, check_int, need_maps


@dataclass(frozen=True)
class Residual:
    """ResNet basic block: two 3×3 conv+BN, ReLU, plus a (1×1 conv) shortcut."""
    kind: ClassVar[str] = "residual"
    label: ClassVar[str] = "Residual"
    out_channels: int = 16
    stride: int = 1


def needs_projection(in_channels: int, out_channels: int, stride: int) -> bool:
    """Whether a residual block's shortcut needs a 1×1 conv + BN (shape changes)."""
    return in_channels != out_channels or stride != 1


def rule(layer: Residual, index: int, in_shape: tuple, num_classes: int) -> Rule:
    out = check_int(index, layer.out_channels, "out_channels")
    stride = check_int(index, layer.stride, "stride")
    c, h, w = need_maps(index, "a Residual block", in_shape)
    oh, ow = (h - 1) // stride + 1, (w - 1) // stride + 1  # 3×3 conv, padding 1
    positions = oh * ow
    params = 9 * c * out + 9 * out * out + 4 * out  # two bias-free convs, two BatchNorms
    mult_adds = positions * out * 9 * c + positions * out * 9 * out
    if needs_projection(c, out, stride):
        params += c * out + 2 * out
        mult_adds += positions * out * c
    return Rule(f"Residual {out}" + (f", s{stride}" if stride != 1 else ""), (out, oh, ow), params, mult_adds)


def build(layer: Residual, in_shape: tuple, out_shape: tuple):
    from ..blocks import ResidualBlock
    return ResidualBlock(in_shape[0], layer.out_channels, layer.stride)


#: ``blocks.ResidualBlock`` as an exported script writes it: the same submodules in the same order.
BLOCK_SOURCE = '''class ResidualBlock(nn.Module):
    """ResNet basic block: conv3x3(stride)+BN+ReLU, conv3x3+BN, plus a shortcut, then ReLU.

    The shortcut is a 1x1 conv (same stride) + BN when channels or stride change, else the identity.
    """

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        if in_channels != out_channels or stride != 1:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )
        else:
            self.shortcut = nn.Identity()

    def forward(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + self.shortcut(x))
'''


def code(layer: Residual, in_shape: tuple, out_shape: tuple) -> LayerCode:
    stride = f", stride={layer.stride}" if layer.stride != 1 else ""
    return LayerCode("{self}({x})", f"ResidualBlock({in_shape[0]}, {layer.out_channels}{stride})", "res",
                     helpers=(BLOCK_SOURCE,))


KIND = LayerKind(
    spec=Residual, rule=rule, build=build, code=code,
    describe=lambda layer: joined([Message("layer.describe.channels", n=layer.out_channels)]
                                  + ([Message("layer.describe.stride", n=layer.stride)] if layer.stride != 1 else [])),
    template=Residual(32, 1),
    add_tooltip="A ResNet block: two 3×3 convolutions plus a shortcut.",
    fields=(OUT_CHANNELS, STRIDE),
    # Its two 3×3 convs (padding 1); the 1×1 shortcut sees less.
    windows=lambda layer: ((3, layer.stride, 1), (3, 1, 1)),
)

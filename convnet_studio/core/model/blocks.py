"""PyTorch modules that layer kinds build and ``torch.nn`` lacks."""
from __future__ import annotations

import torch
from torch import nn

from .layers.residual import needs_projection


class GlobalAvgPool2d(nn.Module):
    """Average each channel over all positions: (N, C, H, W) -> (N, C)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.mean(dim=(2, 3))


class ResidualBlock(nn.Module):
    """ResNet basic block: conv3×3(stride)+BN+ReLU, conv3×3+BN, plus a shortcut, then ReLU.

    The shortcut is a 1×1 conv (same stride) + BN when channels or stride change,
    otherwise the identity.
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        if needs_projection(in_channels, out_channels, stride):
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )
        else:
            self.shortcut = nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + self.shortcut(x))

"""Turn a ``ModelSpec`` into a PyTorch model.

Shapes come first from ``shape_inference`` (pure arithmetic, re-exported here), so an
impossible net raises ``SpecError`` and never a torch error. Child ``i`` of the built
``nn.Sequential`` is spec layer ``i``, so a forward hook on ``model[i]`` sees layer ``i``'s output.
"""
from __future__ import annotations

from typing import Any, Sequence

from torch import nn

from .blocks import GlobalAvgPool2d, ResidualBlock  # noqa: F401  (importers find them here)
from .errors import SpecError
from .layers import kind_of
from .spec import ModelSpec
from .shape_inference import (  # noqa: F401  (the builder's public names since before the split)
    LayerInfo, format_count, infer_partial, infer_shapes, summarize,
)


def _module(layer: Any, in_shape: tuple, info: LayerInfo) -> nn.Module:
    """The module for one already-validated layer whose input has ``in_shape``."""
    kind = kind_of(layer)
    if kind is None:  # unreachable: infer_shapes checked it
        raise SpecError(info.index, f"unknown layer type {getattr(layer, 'kind', type(layer).__name__)!r}")
    return kind.build(layer, in_shape, info.output_shape)


def build(spec: ModelSpec, input_shape: Sequence[int], num_classes: int) -> nn.Sequential:
    """Build the network as an ``nn.Sequential`` on the CPU (move it with ``.to(device)``).

    Raises ``SpecError`` (from ``infer_shapes``) for an impossible net.
    """
    infos = infer_shapes(spec, input_shape, num_classes)
    modules = []
    shape = tuple(input_shape)
    for layer, info in zip(spec.layers, infos):
        modules.append(_module(layer, shape, info))
        shape = info.output_shape
    return nn.Sequential(*modules)


def count_params(module: nn.Module) -> int:
    """Number of parameter values in ``module`` (what ``LayerInfo.params`` predicts)."""
    return sum(p.numel() for p in module.parameters())

"""The layer kinds: one module each, listed once in ``KIND_MODULES`` — the registry.

To add a kind, write ``layers/<name>.py`` with its frozen spec dataclass and a
``KIND = LayerKind(...)`` (see ``base.py``), and add ``"<name>"`` below. Spec JSON,
shape inference, the builder, the layer table, the editor's Add menu and settings
widgets, receptive fields and the exported training script all read ``LAYER_KINDS``. The order is the Add menu's.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any, Optional

from .base import EditorField, LayerCode, LayerKind, Window

KIND_MODULES = (
    "conv2d",
    "pool",
    "activation",
    "batchnorm",
    "groupnorm",
    "dropout",
    "flatten",
    "global_avg_pool",
    "linear",
    "residual",
)

LAYER_KINDS: tuple[LayerKind, ...] = tuple(import_module(f"{__name__}.{module}").KIND for module in KIND_MODULES)

_BY_NAME = {kind.name: kind for kind in LAYER_KINDS}
_BY_SPEC = {kind.spec: kind for kind in LAYER_KINDS}


def kind_named(name: Any) -> Optional[LayerKind]:
    """The kind whose JSON ``"type"`` is ``name``, or None."""
    return _BY_NAME.get(name) if isinstance(name, str) else None


def kind_of(layer: Any) -> Optional[LayerKind]:
    """The kind of a layer (an instance of a registered spec class), or None for anything else."""
    return _BY_SPEC.get(type(layer))


__all__ = ["EditorField", "KIND_MODULES", "LAYER_KINDS", "LayerCode", "LayerKind", "Window", "kind_named", "kind_of"]

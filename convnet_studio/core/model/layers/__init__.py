"""The layer kinds: one module each, listed once in ``KIND_MODULES`` — the registry.

To add a kind, write ``layers/<name>.py`` with its frozen spec dataclass and a
``KIND = LayerKind(...)`` (see ``base.py``), and add ``"<name>"`` below. Spec JSON,
shape inference, the builder, the layer table, the editor's Add menu and settings
widgets, receptive fields and the exported training script all read ``LAYER_KINDS``. The order is the Add menu's.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any, Optional

from ...messages import CATALOGUE, Message, define
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

def _define_messages() -> None:
    """Every kind's description and editor texts as catalogue entries (see core/messages.py), with ids
    ``layer.<kind>.doc`` and ``layer.<kind>.<field>.label|tooltip|special|choice.<value>``."""
    for kind in LAYER_KINDS:
        doc = " ".join((kind.spec.__doc__ or "").split())
        if doc:
            define(f"layer.{kind.name}.doc", doc)
        for f in kind.fields:
            define(f"layer.{kind.name}.{f.name}.label", f.label)
            define(f"layer.{kind.name}.{f.name}.tooltip", f.tooltip)
            if f.special is not None:
                define(f"layer.{kind.name}.{f.name}.special", f.special[1])
            for value, text in f.choices:
                define(f"layer.{kind.name}.{f.name}.choice.{value}", text)


_define_messages()


def layer_text(kind: str, part: str, fallback: str = "") -> str:
    """The catalogue Message ``layer.<kind>.<part>`` (e.g. ``"conv2d", "out_channels.label"``), or ``fallback``."""
    msg_id = f"layer.{kind}.{part}"
    return Message(msg_id) if msg_id in CATALOGUE else fallback


_BY_NAME = {kind.name: kind for kind in LAYER_KINDS}
_BY_SPEC = {kind.spec: kind for kind in LAYER_KINDS}


def kind_named(name: Any) -> Optional[LayerKind]:
    """The kind whose JSON ``"type"`` is ``name``, or None."""
    return _BY_NAME.get(name) if isinstance(name, str) else None


def kind_of(layer: Any) -> Optional[LayerKind]:
    """The kind of a layer (an instance of a registered spec class), or None for anything else."""
    return _BY_SPEC.get(type(layer))


__all__ = ["EditorField", "KIND_MODULES", "LAYER_KINDS", "LayerCode", "LayerKind", "Window", "kind_named", "kind_of",
           "layer_text"]

"""A network described as data: a ModelSpec of layers, and its JSON I/O.

Every layer is a frozen dataclass of a kind registered in ``layers/``; its fields
are exactly what a user can edit. ``to_dict``/``from_dict`` give the JSON form
``{"type": "conv2d", ...}``.
Values are *not* range-checked here: the builder's ``infer_shapes`` checks every
layer against its input and raises ``SpecError`` naming the layer, so the editor
can show an impossible net instead of refusing to hold it.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

from .errors import SpecError
from .layers import LAYER_KINDS, kind_named
# The built-in kinds' classes and constants, importable from here as before; a kind
# added later is imported from its own module in ``layers/``.
from .layers.activation import ACTIVATIONS, Activation
from .layers.batchnorm import BatchNorm
from .layers.conv2d import Conv2d
from .layers.dropout import Dropout
from .layers.flatten import Flatten
from .layers.global_avg_pool import GlobalAvgPool
from .layers.linear import CLASSES, Linear
from .layers.pool import POOL_MODES, Pool
from .layers.residual import Residual
from ..messages import Message


class LayerSpec(Protocol):
    """Any layer: an instance of a registered kind's frozen dataclass."""
    kind: ClassVar[str]
    label: ClassVar[str]


#: JSON ``"type"`` -> spec class, for every registered kind.
LAYER_TYPES: dict[str, type] = {kind.name: kind.spec for kind in LAYER_KINDS}


def layer_fields(layer_or_cls) -> list[dataclasses.Field]:
    """The editable fields of a layer (instance or class), in declaration order."""
    return list(dataclasses.fields(layer_or_cls))


def layer_to_dict(layer: LayerSpec) -> dict[str, Any]:
    """JSON-ready dict of one layer: ``{"type": kind, **fields}``."""
    return {"type": layer.kind, **dataclasses.asdict(layer)}


def layer_from_dict(data: Any, index: int | None = None) -> LayerSpec:
    """Parse one layer dict; unknown types or fields raise ``SpecError``."""
    if not isinstance(data, dict):
        raise SpecError(index, Message("spec.layer_not_object", type=type(data).__name__))
    kind = data.get("type")
    layer_kind = kind_named(kind)
    if layer_kind is None:
        known = ", ".join(LAYER_TYPES)
        raise SpecError(index, Message("spec.unknown_layer_type", kind=kind, known=known))
    cls = layer_kind.spec
    names = {f.name for f in dataclasses.fields(cls)}
    extra = sorted(set(data) - names - {"type"})
    if extra:
        raise SpecError(index, Message("spec.unknown_field", kind=kind, field=extra[0],
                                       fields=', '.join(sorted(names)) or 'none'))
    return cls(**{k: v for k, v in data.items() if k != "type"})


@dataclass(frozen=True)
class ModelSpec:
    """A whole network: a name, a one-line description and an ordered tuple of layers."""
    name: str = "custom"
    layers: tuple = field(default_factory=tuple)
    description: str = ""

    def __post_init__(self):
        if not isinstance(self.layers, tuple):
            object.__setattr__(self, "layers", tuple(self.layers))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "layers": [layer_to_dict(layer) for layer in self.layers],
        }

    @classmethod
    def from_dict(cls, data: Any) -> "ModelSpec":
        if not isinstance(data, dict):
            raise SpecError(None, Message("spec.not_an_object"))
        layers = data.get("layers")
        if not isinstance(layers, list):
            raise SpecError(None, Message("spec.no_layers_list"))
        return cls(
            name=str(data.get("name", "custom")),
            description=str(data.get("description", "")),
            layers=tuple(layer_from_dict(item, i) for i, item in enumerate(layers)),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_json(cls, text: str) -> "ModelSpec":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(None, Message("spec.bad_json", what=exc.msg, line=exc.lineno, column=exc.colno)) from None
        return cls.from_dict(data)

    def save(self, path: str | Path) -> None:
        """Write the spec as JSON (atomically)."""
        from ..util.atomic import atomic_write_text
        atomic_write_text(Path(path), self.to_json() + "\n")

    @classmethod
    def load(cls, path: str | Path) -> "ModelSpec":
        """Read a spec JSON file; unreadable files raise ``SpecError``."""
        from .spec_io import read_spec_json
        return cls.from_dict(read_spec_json(path))

    def replace_layer(self, index: int, layer: LayerSpec) -> "ModelSpec":
        layers = list(self.layers)
        layers[index] = layer
        return dataclasses.replace(self, layers=tuple(layers))

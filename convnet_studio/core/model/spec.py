"""A network described as data: frozen layer dataclasses, a ModelSpec, JSON I/O.

Every layer kind is a frozen dataclass whose fields are exactly what a user can
edit. ``to_dict``/``from_dict`` give the JSON form ``{"type": "conv2d", ...}``.
Values are *not* range-checked here: the builder's ``infer_shapes`` checks every
layer against its input and raises ``SpecError`` naming the layer, so the editor
can show an impossible net instead of refusing to hold it.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Union

#: ``Linear.out_features`` may be this string: "as many outputs as the dataset has classes".
CLASSES = "classes"

ACTIVATIONS = ("relu", "leaky_relu", "sigmoid", "tanh", "gelu", "elu")
POOL_MODES = ("max", "avg")


class SpecError(ValueError):
    """An impossible or malformed network. ``layer_index`` is None for whole-spec problems."""

    def __init__(self, layer_index: int | None, message: str):
        self.layer_index = layer_index
        self.message = message
        where = f"layer {layer_index}: " if layer_index is not None else ""
        super().__init__(where + message)

    def __reduce__(self):
        # ValueError would re-create us from ``args`` (one string): keep both arguments.
        return (type(self), (self.layer_index, self.message))


@dataclass(frozen=True)
class Conv2d:
    """2-D convolution; input channels are inferred."""
    kind: ClassVar[str] = "conv2d"
    label: ClassVar[str] = "Conv2d"
    out_channels: int = 16
    kernel_size: int = 3
    stride: int = 1
    padding: int = 0
    bias: bool = True


@dataclass(frozen=True)
class Pool:
    """Max or average pooling over ``kernel_size`` windows moved by ``stride``."""
    kind: ClassVar[str] = "pool"
    label: ClassVar[str] = "Pool"
    mode: str = "max"
    kernel_size: int = 2
    stride: int = 2


@dataclass(frozen=True)
class BatchNorm:
    """Batch normalisation (2-D after convs, 1-D after a flatten)."""
    kind: ClassVar[str] = "batchnorm"
    label: ClassVar[str] = "BatchNorm"


@dataclass(frozen=True)
class Dropout:
    """Zero each activation with probability ``p`` while training."""
    kind: ClassVar[str] = "dropout"
    label: ClassVar[str] = "Dropout"
    p: float = 0.5


@dataclass(frozen=True)
class Activation:
    """An element-wise non-linearity, one of ``ACTIVATIONS``."""
    kind: ClassVar[str] = "activation"
    label: ClassVar[str] = "Activation"
    fn: str = "relu"


@dataclass(frozen=True)
class Flatten:
    """Turn C×H×W feature maps into one vector."""
    kind: ClassVar[str] = "flatten"
    label: ClassVar[str] = "Flatten"


@dataclass(frozen=True)
class GlobalAvgPool:
    """Average each channel over all positions: C×H×W -> C."""
    kind: ClassVar[str] = "global_avg_pool"
    label: ClassVar[str] = "GlobalAvgPool"


@dataclass(frozen=True)
class Linear:
    """Fully connected layer; ``out_features`` is a number or ``"classes"``."""
    kind: ClassVar[str] = "linear"
    label: ClassVar[str] = "Linear"
    out_features: Union[int, str] = 10


@dataclass(frozen=True)
class Residual:
    """ResNet basic block: two 3×3 conv+BN, ReLU, plus a (1×1 conv) shortcut."""
    kind: ClassVar[str] = "residual"
    label: ClassVar[str] = "Residual"
    out_channels: int = 16
    stride: int = 1


LayerSpec = Union[Conv2d, Pool, BatchNorm, Dropout, Activation, Flatten, GlobalAvgPool, Linear, Residual]

LAYER_TYPES: dict[str, type] = {
    cls.kind: cls
    for cls in (Conv2d, Pool, BatchNorm, Dropout, Activation, Flatten, GlobalAvgPool, Linear, Residual)
}


def layer_fields(layer_or_cls) -> list[dataclasses.Field]:
    """The editable fields of a layer (instance or class), in declaration order."""
    return list(dataclasses.fields(layer_or_cls))


def layer_to_dict(layer: LayerSpec) -> dict[str, Any]:
    """JSON-ready dict of one layer: ``{"type": kind, **fields}``."""
    return {"type": layer.kind, **dataclasses.asdict(layer)}


def layer_from_dict(data: Any, index: int | None = None) -> LayerSpec:
    """Parse one layer dict; unknown types or fields raise ``SpecError``."""
    if not isinstance(data, dict):
        raise SpecError(index, f"a layer must be a JSON object, not {type(data).__name__}")
    kind = data.get("type")
    cls = LAYER_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        known = ", ".join(LAYER_TYPES)
        raise SpecError(index, f"unknown layer type {kind!r} (known: {known})")
    names = {f.name for f in dataclasses.fields(cls)}
    extra = sorted(set(data) - names - {"type"})
    if extra:
        raise SpecError(index, f"{kind} has no field {extra[0]!r} (fields: {', '.join(sorted(names)) or 'none'})")
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
            raise SpecError(None, "a model spec must be a JSON object with a 'layers' list")
        layers = data.get("layers")
        if not isinstance(layers, list):
            raise SpecError(None, "a model spec needs a 'layers' list")
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
            raise SpecError(None, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
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

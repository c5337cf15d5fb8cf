"""The network part of an exported script: an ``nn.Module`` class written layer by layer.

Every layer kind says how it is written (``LayerKind.code``, a ``LayerCode``): layers with
weights or state become attributes built in ``__init__`` (``self.conv0``, named by kind
and spec index), the others are one line of ``forward``. ``script_state_dict`` renames the
studio's weights (``"0.weight"``) to the class's (``"conv0.weight"``).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model.layers import kind_of
from ..model.shape_inference import infer_shapes
from .errors import ExportError
from ..messages import Message


@dataclass(frozen=True)
class NetworkCode:
    """The written class, the helper classes before it, and spec index -> attribute name."""
    source: str
    helpers: tuple[str, ...]
    attributes: dict


def _shape(shape: tuple) -> str:
    return "×".join(map(str, shape))


def network_code(spec, input_shape: tuple, num_classes: int, class_name: str = "Net") -> NetworkCode:
    """The ``nn.Module`` subclass ``class_name`` equal to ``builder.build(spec, ...)``."""
    infos = infer_shapes(spec, input_shape, num_classes)
    init, forward, helpers, attributes = [], [], [], {}
    shape = tuple(input_shape)
    for index, (layer, info) in enumerate(zip(spec.layers, infos)):
        kind = kind_of(layer)
        if kind is None or kind.code is None:
            what = kind.label if kind is not None else type(layer).__name__
            raise ExportError(Message("export.no_code_rule", index=index, what=what))
        code = kind.code(layer, shape, info.output_shape)
        attribute = ""
        if code.module:
            attribute = f"{code.name}{index}"
            attributes[index] = attribute
            init.append(f"        self.{attribute} = {code.module}")
        line = "x = " + code.forward.format(x="x", self=f"self.{attribute}")
        forward.append(f"        {line:<50}  # {index}: {info.label} -> {_shape(info.output_shape)}")
        helpers.extend(h for h in code.helpers if h not in helpers)
        shape = info.output_shape
    doc = (f'    """{spec.name}: {len(spec.layers)} layers, {_shape(input_shape)} inputs (normalised), '
           f'``num_classes`` logits."""')
    body = [f"class {class_name}(nn.Module):", doc, "", "    def __init__(self, num_classes=NUM_CLASSES):",
            "        super().__init__()", *init, "", "    def forward(self, x):", *forward, "        return x"]
    return NetworkCode("\n".join(body) + "\n", tuple(helpers), attributes)


def script_state_dict(state: dict, attributes: dict) -> dict:
    """The studio's state_dict (keys ``"<index>.<rest>"``) under the script class's attribute names."""
    out = {}
    for key, value in state.items():
        index, _, rest = key.partition(".")
        try:
            out[f"{attributes[int(index)]}.{rest}"] = value
        except (ValueError, KeyError):
            raise ExportError(f"the weight {key} belongs to no layer with weights in the network") from None
    return out

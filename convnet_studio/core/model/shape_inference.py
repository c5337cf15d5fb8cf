"""Per-layer shapes, parameter counts and multiply-adds of a ``ModelSpec``, without torch.

Pure arithmetic (see ``shape_rules``), cheap enough to run on every edit and to import
in a window that has not loaded PyTorch yet. ``builder.build`` calls ``infer_shapes``
first, so an impossible net raises ``SpecError`` and never a torch error.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from . import shape_rules
from ..messages import Message
from .errors import SpecError
from .layers import kind_of
from .layers.linear import Linear
from .spec import ModelSpec


@dataclass(frozen=True)
class LayerInfo:
    """One layer of an inferred network: what it is and what it produces (per image)."""
    index: int
    kind: str
    label: str
    output_shape: tuple
    params: int
    mult_adds: int


def _check_inputs(spec: Any, input_shape: Any, num_classes: Any) -> tuple[int, int, int]:
    if not isinstance(spec, ModelSpec):
        raise SpecError(None, f"expected a ModelSpec, not {type(spec).__name__}")
    shape = tuple(input_shape) if isinstance(input_shape, (tuple, list)) else ()
    if len(shape) != 3 or any(isinstance(s, bool) or not isinstance(s, int) or s < 1 for s in shape):
        raise SpecError(None, f"the input shape must be three positive whole numbers (C, H, W), not {input_shape!r}")
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 1:
        raise SpecError(None, f"the number of classes must be a positive whole number, not {num_classes!r}")
    return shape


def infer_partial(spec: ModelSpec, input_shape: Sequence[int],
                  num_classes: int) -> tuple[list[LayerInfo], SpecError | None]:
    """Infer as far as possible: the infos of the layers before the first problem, and that problem.

    Handy for an editor that shows shapes of the valid prefix next to the error.
    The error is ``None`` when the whole net is valid (``infer_shapes`` would succeed).
    Bad ``input_shape``/``num_classes`` or a non-ModelSpec still raise ``SpecError``.
    """
    shape = _check_inputs(spec, input_shape, num_classes)
    infos: list[LayerInfo] = []
    if not spec.layers:
        return infos, SpecError(None, Message("spec.no_layers"))
    for index, layer in enumerate(spec.layers):
        try:
            rule = shape_rules.apply_rule(layer, index, shape, num_classes)
        except SpecError as exc:
            return infos, exc
        shape = rule.output_shape
        infos.append(LayerInfo(index, layer.kind, rule.label, rule.output_shape, rule.params, rule.mult_adds))
    last = len(spec.layers) - 1
    if len(shape) != 1:
        return infos, SpecError(last, Message("spec.ends_with_maps", shape=shape_rules.describe_shape(shape)))
    if shape[0] != num_classes:
        msg_id = "spec.wrong_outputs_last_linear" if _ends_with_linear(spec) else "spec.wrong_outputs"
        return infos, SpecError(last, Message(msg_id, outputs=shape[0], classes=num_classes))
    return infos, None


def _ends_with_linear(spec: ModelSpec) -> bool:
    """Whether the last layer that can change the size is a Linear (not e.g. a Flatten)."""
    for layer in reversed(spec.layers):
        kind = kind_of(layer)
        if kind is None or not kind.keeps_shape:
            return isinstance(layer, Linear)
    return False


def infer_shapes(spec: ModelSpec, input_shape: Sequence[int], num_classes: int) -> list[LayerInfo]:
    """Every layer's output shape (without batch), parameter count and multiply-adds.

    ``input_shape`` is the dataset's ``(C, H, W)``. Raises ``SpecError`` naming the
    first impossible layer (or ``layer_index=None`` for whole-network problems).
    """
    infos, error = infer_partial(spec, input_shape, num_classes)
    if error is not None:
        raise error
    return infos


def summarize(infos: Sequence[LayerInfo]) -> tuple[int, int]:
    """``(total_params, total_mult_adds)`` of inferred layers."""
    return sum(i.params for i in infos), sum(i.mult_adds for i in infos)


def format_count(n: int) -> str:
    """``62006`` -> ``"62.0k"``, ``1_500_000`` -> ``"1.5M"``; small numbers as they are."""
    if n < 1000:
        return str(n)
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if round(n / size, 1) >= 1:
            return f"{n / size:.1f}{suffix}"
    return str(n)


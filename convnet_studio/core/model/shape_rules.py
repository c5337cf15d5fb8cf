"""Shape, parameter and multiply-add inference for one layer of any registered kind.

``apply_rule(layer, index, in_shape, num_classes)`` asks the layer's kind (see
``layers/``) what the layer does to ``in_shape`` — ``(C, H, W)`` for feature maps or
``(F,)`` for a flat vector, always without the batch — and checks the result against
the limits below; problems raise ``SpecError(index, sentence)``. ``builder.py``
builds exactly the modules these rules describe; the tests compare both against a
real forward pass.

Multiply-adds count only the multiply-accumulates of convolutions and linear
layers (the convention of papers and most FLOP counters): ``out_elements * in_ch
* k * k`` for a convolution, ``in * out`` for a linear layer, biases excluded.
Pooling, normalisation, dropout, activations and the residual addition count 0.
"""
from __future__ import annotations

import math
from typing import Any

from ..messages import Message
from .errors import SpecError
from .layers import kind_of
from .layers.shapes import Rule, describe_shape  # noqa: F401  (describe_shape: for importers)

#: A single layer may hold at most this many parameters (about 400 MB of float32).
MAX_LAYER_PARAMS = 100_000_000
#: A single layer may produce at most this many values per image.
MAX_LAYER_OUTPUTS = 50_000_000


def _limit(index: int, rule: Rule) -> Rule:
    if rule.params > MAX_LAYER_PARAMS:
        raise SpecError(index, Message("spec.too_many_params", params=rule.params, limit=MAX_LAYER_PARAMS))
    if math.prod(rule.output_shape) > MAX_LAYER_OUTPUTS:
        raise SpecError(index, Message("spec.too_many_outputs", values=math.prod(rule.output_shape),
                                       limit=MAX_LAYER_OUTPUTS))
    return rule


def apply_rule(layer: Any, index: int, in_shape: tuple, num_classes: int) -> Rule:
    """The ``Rule`` of any layer, or ``SpecError`` for an unknown layer type or bad fields."""
    kind = kind_of(layer)
    if kind is None:
        name = getattr(layer, "kind", type(layer).__name__)
        raise SpecError(index, f"unknown layer type {name!r}")
    return _limit(index, kind.rule(layer, index, in_shape, num_classes))

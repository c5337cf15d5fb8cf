"""Receptive fields of every layer of a ``ModelSpec``, from the spec alone (no torch).

Each layer kind declares its rule in its own module (``LayerKind.windows``): the
``(kernel, stride, padding)`` windows it slides over its input (none for activations,
normalisation and dropout), or ``None`` when its units see the whole image (Flatten,
Linear, GlobalAvgPool). Along either axis, with ``jump`` the input pixels between two
neighbouring units so far, each window does ``size += (k - 1) * jump``,
``start -= p * jump``, ``jump *= s``: unit ``r`` then sees input pixels
``start + r * jump`` to ``start + r * jump + size - 1`` (clipped at the image border).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from .layers import kind_of
from .spec import ModelSpec


@dataclass(frozen=True)
class ReceptiveField:
    """The input square seen by the units of one layer, ignoring the image border (in pixels).

    ``size``: side of the square; ``stride`` (the jump): input pixels between neighbouring
    units; ``top``: the first input row/column unit 0 sees (negative when padding reaches
    outside the image). ``whole``: the units see the whole image (after a Flatten, ...);
    ``size`` is then the larger input side (0 when unknown) and ``stride`` 0.
    """
    size: int
    stride: int
    top: int
    whole: bool = False

    @property
    def jump(self) -> int:
        """Another name for ``stride``: how far the field moves per unit."""
        return self.stride

    def span(self, unit: int, length: int) -> tuple[int, int]:
        """``(first, end)`` input pixels (end exclusive) unit ``unit`` sees along an axis of
        ``length`` pixels, clipped at the border; the whole axis for a whole-image field."""
        if self.whole:
            return 0, int(length)
        first = self.top + int(unit) * self.stride
        return max(0, first), min(int(length), first + self.size)

    def box(self, row: int, col: int, input_hw: Sequence[int]) -> tuple[int, int, int, int]:
        """``(y0, y1, x0, x1)``: the clipped rectangle unit (row, col) sees (ends exclusive)."""
        (y0, y1), (x0, x1) = self.span(row, input_hw[0]), self.span(col, input_hw[1])
        return y0, y1, x0, x1


def layer_windows(spec: ModelSpec, layer_index: int) -> Optional[list[tuple[int, int, int]]]:
    """``(kernel, stride, padding)`` of every window up to and including layer ``layer_index``
    (each kind's ``windows`` rule), or None from a layer whose units see the whole image on."""
    if not 0 <= layer_index < len(spec.layers):
        raise ValueError(f"layer index {layer_index!r} is not a layer of this {len(spec.layers)}-layer network")
    windows: list[tuple[int, int, int]] = []
    for layer in spec.layers[:layer_index + 1]:
        kind = kind_of(layer)
        added = kind.windows(layer) if kind is not None else None
        if added is None:
            return None
        windows += added
    return windows


def _combine(windows, whole_size: int) -> ReceptiveField:
    if windows is None:
        return ReceptiveField(size=whole_size, stride=0, top=0, whole=True)
    size, jump, top = 1, 1, 0
    for k, s, p in windows:
        size += (k - 1) * jump
        top -= p * jump
        jump *= s
    return ReceptiveField(size=size, stride=jump, top=top)


def receptive_field(spec: ModelSpec, layer_index: int,
                    input_shape: Optional[Sequence[int]] = None) -> ReceptiveField:
    """The receptive field of the units of layer ``layer_index``'s output.

    ``input_shape`` ``(C, H, W)`` only sizes a whole-image field (``size`` = max(H, W)).
    """
    whole = max(int(input_shape[-2]), int(input_shape[-1])) if input_shape is not None else 0
    return _combine(layer_windows(spec, layer_index), whole)


def receptive_fields(spec: ModelSpec, input_shape: Optional[Sequence[int]] = None) -> list[ReceptiveField]:
    """Every layer's receptive field, in order. A layer the registry does not know (or one
    after it) counts as seeing the whole image."""
    whole = max(int(input_shape[-2]), int(input_shape[-1])) if input_shape is not None else 0
    fields: list[ReceptiveField] = []
    windows: Optional[list] = []
    for layer in spec.layers:
        kind = kind_of(layer)
        added = kind.windows(layer) if kind is not None and windows is not None else None
        windows = None if added is None else windows + list(added)
        fields.append(_combine(windows, whole))
    return fields

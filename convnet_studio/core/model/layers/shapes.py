"""The shape arithmetic layer kinds share, in plain Python.

Shapes are per image, without the batch: ``(C, H, W)`` for feature maps, ``(F,)``
for a flat vector. Every check raises ``SpecError(index, sentence)``.
"""
from __future__ import annotations

from typing import Any, NamedTuple

from ..errors import SpecError

#: Sanity ceiling for any size field (channels, kernel, stride, padding, features).
MAX_SIZE = 65_536


class Rule(NamedTuple):
    """What one layer does to its input."""
    label: str
    output_shape: tuple
    params: int
    mult_adds: int


def describe_shape(shape: tuple) -> str:
    """``(16, 5, 5)`` -> ``"16×5×5 feature maps"``; ``(84,)`` -> ``"a flat vector of 84 values"``."""
    if len(shape) == 1:
        return f"a flat vector of {shape[0]} values"
    return "×".join(str(s) for s in shape) + " feature maps"


def pretty(name: str) -> str:
    """A field name as words: ``"out_channels"`` -> ``"out channels"``."""
    return name.replace("_", " ")


def check_int(index: int, value: Any, name: str, minimum: int = 1) -> int:
    """``value`` as a whole number in ``[minimum, MAX_SIZE]`` (bools refused), else SpecError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError(index, f"{pretty(name)} must be a whole number, not {value!r}")
    if value < minimum:
        raise SpecError(index, f"{pretty(name)} must be at least {minimum}, not {value}")
    if value > MAX_SIZE:
        raise SpecError(index, f"{pretty(name)} must be at most {MAX_SIZE}, not {value}")
    return value


def need_maps(index: int, what: str, in_shape: tuple) -> tuple[int, int, int]:
    """``in_shape`` as ``(C, H, W)``; a flat input raises SpecError saying ``what`` needs feature maps."""
    if len(in_shape) != 3:
        raise SpecError(index, f"{what} needs C×H×W feature maps, but its input is "
                               f"{describe_shape(in_shape)}; move it before the Flatten or GlobalAvgPool")
    return in_shape


def window_out(index: int, size_h: int, size_w: int, k: int, stride: int, padding: int,
               window: str) -> tuple[int, int]:
    """Output H, W of a k×k window moved by ``stride`` over a ``padding``-padded input."""
    if size_h + 2 * padding < k or size_w + 2 * padding < k:
        padded = f" (padded to {size_h + 2 * padding}×{size_w + 2 * padding})" if padding else ""
        raise SpecError(index, f"the {k}×{k} {window} is larger than its {size_h}×{size_w} input{padded}, "
                               f"so the feature maps would shrink to nothing; use a smaller {window}"
                               f"{', add padding' if window == 'kernel' else ''} or remove an earlier pooling layer")
    return (size_h + 2 * padding - k) // stride + 1, (size_w + 2 * padding - k) // stride + 1

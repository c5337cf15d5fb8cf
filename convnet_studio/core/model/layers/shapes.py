"""The shape arithmetic layer kinds share, in plain Python.

Shapes are per image, without the batch: ``(C, H, W)`` for feature maps, ``(F,)``
for a flat vector. Every check raises ``SpecError(index, sentence)``.
"""
from __future__ import annotations

from typing import Any, NamedTuple

from ...messages import Message
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
        return Message("shape.flat", n=shape[0])
    return Message("shape.maps", dims="×".join(str(s) for s in shape))


def pretty(name: str) -> str:
    """A field name as words: ``"out_channels"`` -> ``"out channels"``."""
    return name.replace("_", " ")


def check_int(index: int, value: Any, name: str, minimum: int = 1) -> int:
    """``value`` as a whole number in ``[minimum, MAX_SIZE]`` (bools refused), else SpecError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError(index, Message("spec.not_whole", field=pretty(name), value=repr(value)))
    if value < minimum:
        raise SpecError(index, Message("spec.too_small", field=pretty(name), minimum=minimum, value=value))
    if value > MAX_SIZE:
        raise SpecError(index, Message("spec.too_large", field=pretty(name), maximum=MAX_SIZE, value=value))
    return value


def need_maps(index: int, what: str, in_shape: tuple) -> tuple[int, int, int]:
    """``in_shape`` as ``(C, H, W)``; a flat input raises SpecError saying ``what`` needs feature maps."""
    if len(in_shape) != 3:
        raise SpecError(index, Message("spec.needs_maps", what=what, shape=describe_shape(in_shape)))
    return in_shape


def window_out(index: int, size_h: int, size_w: int, k: int, stride: int, padding: int,
               window: str) -> tuple[int, int]:
    """Output H, W of a k×k window moved by ``stride`` over a ``padding``-padded input."""
    if size_h + 2 * padding < k or size_w + 2 * padding < k:
        size = f"{size_h}×{size_w}"
        padded = f"{size_h + 2 * padding}×{size_w + 2 * padding}"
        if window == "kernel":
            msg_id = "spec.kernel_too_large_padded" if padding else "spec.kernel_too_large"
        else:
            msg_id = "spec.window_too_large_padded" if padding else "spec.window_too_large"
        raise SpecError(index, Message(msg_id, k=k, size=size, padded=padded))
    return (size_h + 2 * padding - k) // stride + 1, (size_w + 2 * padding - k) // stride + 1

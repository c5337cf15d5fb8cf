"""The one error an impossible or malformed network description raises."""
from __future__ import annotations

from ..messages import Message


class SpecError(ValueError):
    """An impossible or malformed network. ``layer_index`` is None for whole-spec problems."""

    def __init__(self, layer_index: int | None, message: str):
        self.layer_index = layer_index
        self.message = message
        if layer_index is None:
            super().__init__(message)
        else:
            super().__init__(Message("spec.at_layer", index=layer_index, reason=message))

    def __reduce__(self):
        # ValueError would re-create us from ``args`` (one string): keep both arguments.
        return (type(self), (self.layer_index, self.message))

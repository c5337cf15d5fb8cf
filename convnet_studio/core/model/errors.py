"""The one error an impossible or malformed network description raises."""
from __future__ import annotations


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

"""What differs between the settings of two runs (network, hyperparameters, data)."""
from __future__ import annotations

from typing import Any

#: The run.json sections compared, in this order.
SECTIONS = ("config", "spec", "dataset")
_MISSING = object()


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts and lists as ``{"a.b.0.c": leaf}``."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return {prefix: value}
    out: dict[str, Any] = {}
    for key, item in items:
        out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    if not out:
        out[prefix] = value
    return out


def settings_diff(meta_a: dict, meta_b: dict, sections=SECTIONS) -> list[tuple[str, Any, Any]]:
    """``(key, value in a, value in b)`` for every setting that differs, e.g. ``("config.lr", 0.001, 0.01)``.

    A key one run lacks has the value None on that side.
    """
    out = []
    for section in sections:
        a = flatten(meta_a.get(section) or {}, section)
        b = flatten(meta_b.get(section) or {}, section)
        for key in list(a) + [k for k in b if k not in a]:
            va, vb = a.get(key, _MISSING), b.get(key, _MISSING)
            if va != vb:
                out.append((key, None if va is _MISSING else va, None if vb is _MISSING else vb))
    return out

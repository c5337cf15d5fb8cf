"""What the runs table shows for each listed run, as plain values (no Qt): cells and sort keys.

The hyperparameter columns are those whose values differ between the listed runs,
so a table of an A/B shows exactly the knobs that were turned.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Optional, Sequence

#: Config fields never shown as differing columns (how a run ran, not what it learned with).
IGNORED_KEYS = ("metrics_hz", "device", "mixed_precision")


@dataclass(frozen=True)
class Cell:
    """One table cell: the text shown and the value it sorts by."""
    text: str
    key: Any


def _config(meta: dict) -> dict:
    config = meta.get("config")
    return config if isinstance(config, dict) else {}


def differing_keys(metas: Sequence[dict]) -> list[str]:
    """The config keys whose values are not the same in every run (in config order)."""
    keys: list[str] = []
    for meta in metas:
        for key in _config(meta):
            if key not in keys and key not in IGNORED_KEYS:
                keys.append(key)
    return [k for k in keys if len({repr(_config(m).get(k)) for m in metas}) > 1]


def _net(meta: dict) -> str:
    spec, model = meta.get("spec"), meta.get("model")
    if isinstance(spec, dict):
        return str(spec.get("name") or "custom")
    if isinstance(model, dict):
        return str(model.get("source") or "opened model")
    return ""


def _number(value) -> Optional[float]:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _when(text) -> Cell:
    if not isinstance(text, str) or not text:
        return Cell("", "")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return Cell(text, text)
    return Cell(moment.strftime("%Y-%m-%d %H:%M"), text)


def _value_text(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def row_cells(info, hparams: Sequence[str]) -> dict[str, Cell]:
    """The cells of one run (a ``core.runs`` RunInfo), by column key."""
    meta = info.meta or {}
    dataset = meta.get("dataset") if isinstance(meta.get("dataset"), dict) else {}
    params = _number(meta.get("num_params"))
    best = info.best_val_acc
    parent = meta.get("parent") if isinstance(meta.get("parent"), dict) else None
    parent_text = f"{parent.get('id', '')}:{parent.get('checkpoint', '')}" if parent else ""
    cells = {
        "name": Cell(info.name, info.name.lower()),
        "dataset": Cell(str(dataset.get("name", "")), str(dataset.get("name", ""))),
        "net": Cell(_net(meta), _net(meta)),
        "params": Cell(f"{int(params):,}" if params is not None else "", params if params is not None else -1),
        "best_val_acc": Cell(f"{best:.1%}" if best is not None and math.isfinite(best) else "",
                             best if best is not None else -1.0),
        "time": _when(meta.get("created")),
        "status": Cell(info.status, info.status),
        "parent": Cell(parent_text, parent_text),
    }
    config = _config(meta)
    for key in hparams:
        value = config.get(key)
        number = _number(value)
        cells[f"config.{key}"] = Cell(_value_text(value), number if number is not None else _value_text(value))
    return cells


def human_bytes(n: int) -> str:
    """``1536`` -> ``"1.5 KB"``."""
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TB"


def flat_settings(meta: dict) -> dict[str, Any]:
    """The run's config and spec as ``{"config.lr": 0.001, "spec.layers.0.out_channels": 6, ...}``."""
    out: dict[str, Any] = {}

    def walk(value, prefix):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{prefix}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{prefix}.{i}")
        else:
            out[prefix] = value

    for section in ("config", "spec"):
        walk(meta.get(section) or {}, section)
    return out

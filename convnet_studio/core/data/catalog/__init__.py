"""The dataset sources registry: one module per family of sources, listed once in ``SOURCE_MODULES``.

To add a dataset, write ``catalog/<name>.py`` with ``SOURCES = (DatasetSource(...), ...)``
(see ``base.py``; ``load`` imports torch inside, the declaration must not) and add
``"<name>"`` below. ``load_dataset``, ``dataset_shape``, ``describe_dataset``, the
``datasets`` command, the CLI's ``--dataset`` help and the Data panel's list all read
``DATASET_SOURCES``. The order is the one shown to users; the first is the default.
"""
from __future__ import annotations

from importlib import import_module
from typing import Optional

from .base import DatasetSource, LoadOptions

SOURCE_MODULES = (
    "shapes",
    "torchvision_sets",
)

DATASET_SOURCES: tuple[DatasetSource, ...] = tuple(
    source for module in SOURCE_MODULES for source in import_module(f"{__name__}.{module}").SOURCES)


def _key(name: str) -> str:
    return name.strip().lower().replace("_", "-")


def source_named(name) -> Optional[DatasetSource]:
    """The source called ``name`` (any case, ``_`` for ``-``, or one of its aliases), or None."""
    if not isinstance(name, str):
        return None
    key = _key(name)
    for source in DATASET_SOURCES:
        if key == source.name or key in source.aliases:
            return source
    return None


def source_names() -> list[str]:
    """The registered names, in the order shown to users."""
    return [source.name for source in DATASET_SOURCES]


__all__ = ["DATASET_SOURCES", "DatasetSource", "LoadOptions", "SOURCE_MODULES", "source_named", "source_names"]

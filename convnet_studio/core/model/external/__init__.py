"""Models the studio did not build: the model kinds registry, one module per kind in ``KIND_MODULES``.

To add a kind, write ``external/<name>.py`` with ``KINDS = (ModelKind(...),)`` (see ``base.py``;
torch is imported inside ``open``) and add ``"<name>"`` below. ``source_for`` picks the kind
that claims a name or path (the first in this order), ``open_model`` opens a ``ModelSource``.
"""
from __future__ import annotations

from importlib import import_module
from typing import Optional

from .base import ModelKind, ModelMeta, ModelSource, ModelSourceError, OpenedModel
from ...messages import Message

KIND_MODULES = (
    "torchvision_models",
    "torchscript_file",
    "python_file",
)

MODEL_KINDS: tuple[ModelKind, ...] = tuple(
    kind for module in KIND_MODULES for kind in import_module(f"{__name__}.{module}").KINDS)


def kind_named(name: str) -> Optional[ModelKind]:
    """The registered kind called ``name``, or None."""
    return next((k for k in MODEL_KINDS if k.name == name), None)


def source_for(name_or_path: str, weights: Optional[str] = None, trust_code: bool = False,
               input_size: Optional[int] = None) -> ModelSource:
    """The ``ModelSource`` for what a user typed: a torchvision name, a TorchScript file or a
    Python file; ModelSourceError when no kind claims it."""
    text = str(name_or_path).strip()
    for kind in MODEL_KINDS:
        if kind.claims(text):
            return ModelSource(kind=kind.name, name=text, weights=weights, trust_code=bool(trust_code),
                               input_size=input_size)
    raise ModelSourceError(Message("model.unknown_text", text=text))


def open_model(source: ModelSource) -> OpenedModel:
    """Open ``source`` on the CPU in eval mode; ModelSourceError (one sentence) when it cannot be."""
    kind = kind_named(source.kind)
    if kind is None:
        raise ModelSourceError(f"unknown model kind {source.kind!r}")
    module, meta = kind.open(source)
    return OpenedModel(source=source, module=module, meta=meta)


__all__ = ["KIND_MODULES", "MODEL_KINDS", "ModelKind", "ModelMeta", "ModelSource", "ModelSourceError",
           "OpenedModel", "kind_named", "open_model", "source_for"]

"""A TorchScript file (``torch.jit.save``): loaded on the CPU, no Python code of the user runs.

Hooks cannot see inside a script module, so feature maps of its layers are available
only where the top module is an ``nn.Sequential`` (its children are run one by one).
"""
from __future__ import annotations

from pathlib import Path

from .base import (DEFAULT_INPUT_SHAPE, ModelKind, ModelMeta, ModelSource, ModelSourceError,
                   class_names_or_default, input_shape_for, load_weights, probe_output)
from ...messages import Message

KIND = "torchscript"
SUFFIXES = (".pt", ".pth", ".ts", ".jit", ".torchscript")


def _claims(text: str) -> bool:
    return Path(text).suffix.lower() in SUFFIXES


def open_torchscript(source: ModelSource) -> tuple:
    """``(module, meta)`` for a TorchScript file; ModelSourceError for a missing or corrupt file."""
    import warnings

    import torch
    path = Path(source.name)
    if not path.is_file():
        raise ModelSourceError(Message("model.no_torchscript_file", name=source.name))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            module = torch.jit.load(str(path), map_location="cpu")
    except Exception as exc:  # noqa: BLE001 -- torch raises many types for a bad archive
        raise ModelSourceError(Message("model.not_torchscript", name=path.name)) from exc
    if source.weights:
        load_weights(module, source.weights, path.name)
    input_shape = input_shape_for(source, DEFAULT_INPUT_SHAPE)
    num_classes = probe_output(module, input_shape, path.name)
    module.eval()
    return module, ModelMeta(input_shape=input_shape, num_classes=num_classes,
                             class_names=class_names_or_default((), num_classes))


KINDS = (ModelKind(name=KIND, title="TorchScript file", claims=_claims, open=open_torchscript),)

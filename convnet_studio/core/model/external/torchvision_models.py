"""Torchvision classification architectures by name (``resnet18``, ``mobilenet_v3_small``, ...).

Random init by default; ``weights`` is a local weights file, or ``"pretrained"`` for
torchvision's own ImageNet weights, read from torch hub's checkpoints folder (opening never
downloads: ``pretrained.fetch_pretrained`` puts them there first). The input size,
normalisation and ImageNet class names come from torchvision's weights metadata.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from .base import (DEFAULT_INPUT_SHAPE, ModelKind, ModelMeta, ModelSource, ModelSourceError,
                   class_names_or_default, input_shape_for, load_weights, probe_output)
from .pretrained import not_here_sentence, pretrained_weights, weights_enum
from ...messages import Message

KIND = "torchvision"
PRETRAINED = "pretrained"


def architecture_names() -> list[str]:
    """The torchvision classification architectures, sorted."""
    import torchvision.models as models
    return sorted(models.list_models(module=models))


def _claims(text: str) -> bool:
    return "/" not in text and "\\" not in text and not Path(text).suffix and text.lower() in architecture_names()


def _crop_size(weights) -> Optional[int]:
    try:
        crop = weights.transforms().crop_size
        return int(crop[0] if isinstance(crop, (list, tuple)) else crop)
    except (AttributeError, TypeError, IndexError):
        return None


def pretrained_file(name: str) -> Optional[Path]:
    """Where torch hub keeps torchvision's pretrained weights for ``name`` (None: it has none)."""
    weights = pretrained_weights(name)
    return weights.file if weights is not None else None


def _load_pretrained(module, name: str) -> None:
    weights = pretrained_weights(name)
    if weights is None:
        raise ModelSourceError(Message("model.no_pretrained", name=name))
    if not weights.cached:
        raise ModelSourceError(not_here_sentence(weights))
    load_weights(module, str(weights.file), name)


def open_torchvision(source: ModelSource) -> tuple:
    """``(module, meta)`` for a torchvision architecture; ModelSourceError for an unknown name,
    bad weights or an input size the architecture cannot take."""
    import torchvision.models as models
    name = source.name.strip().lower()
    if name not in architecture_names():
        raise ModelSourceError(Message("model.no_such_torchvision_model", name=source.name))
    module = models.get_model(name, weights=None)
    if source.weights == PRETRAINED:
        _load_pretrained(module, name)
    elif source.weights:
        load_weights(module, source.weights, name)
    weights = weights_enum(name)
    size = _crop_size(weights) if weights is not None else None
    default = (3, size, size) if size else DEFAULT_INPUT_SHAPE
    input_shape = input_shape_for(source, default)
    num_classes = probe_output(module, input_shape, name)
    meta = getattr(weights, "meta", {}) or {}
    mean, std = (weights.transforms().mean, weights.transforms().std) if weights is not None else (None, None)
    kwargs = {"mean": tuple(mean), "std": tuple(std)} if mean and std else {}
    module.eval()
    return module, ModelMeta(input_shape=input_shape, num_classes=num_classes,
                             class_names=class_names_or_default(meta.get("categories", ()), num_classes), **kwargs)


KINDS = (ModelKind(name=KIND, title="torchvision architecture", claims=_claims, open=open_torchvision),)

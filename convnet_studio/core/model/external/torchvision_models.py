"""Torchvision classification architectures by name (``resnet18``, ``mobilenet_v3_small``, ...).

Random init by default; ``weights`` is a local weights file, or ``"pretrained"`` for
torchvision's own ImageNet weights, read from torch hub's checkpoints folder (and fetched
there only when ``allow_download`` says so). The input size, normalisation and ImageNet
class names come from torchvision's weights metadata.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from .base import (DEFAULT_INPUT_SHAPE, ModelKind, ModelMeta, ModelSource, ModelSourceError,
                   class_names_or_default, input_shape_for, load_weights, probe_output)
from ...messages import Message

KIND = "torchvision"
PRETRAINED = "pretrained"
#: Set by the front end: may ``"pretrained"`` fetch torchvision's weights file when it is missing?
allow_download = False


def architecture_names() -> list[str]:
    """The torchvision classification architectures, sorted."""
    import torchvision.models as models
    return sorted(models.list_models(module=models))


def _claims(text: str) -> bool:
    return "/" not in text and "\\" not in text and not Path(text).suffix and text.lower() in architecture_names()


def _default_weights(name: str):
    import torchvision.models as models
    try:
        return models.get_model_weights(name).DEFAULT
    except (ValueError, KeyError, AttributeError):
        return None


def _crop_size(weights) -> Optional[int]:
    try:
        crop = weights.transforms().crop_size
        return int(crop[0] if isinstance(crop, (list, tuple)) else crop)
    except (AttributeError, TypeError, IndexError):
        return None


def pretrained_file(name: str) -> Optional[Path]:
    """Where torch hub keeps torchvision's pretrained weights for ``name`` (None: it has none)."""
    import torch
    weights = _default_weights(name)
    if weights is None:
        return None
    return Path(torch.hub.get_dir()) / "checkpoints" / Path(weights.url).name


def _load_pretrained(module, name: str) -> None:
    import torch
    weights = _default_weights(name)
    file = pretrained_file(name)
    if weights is None or file is None:
        raise ModelSourceError(Message("model.no_pretrained", name=name))
    if not file.is_file():
        if not allow_download:
            raise ModelSourceError(Message("model.weights_not_here", name=name, url=weights.url, folder=file.parent))
        try:
            torch.hub.load_state_dict_from_url(weights.url, progress=False, check_hash=True)
        except Exception as exc:  # noqa: BLE001 -- offline, refused, truncated: all the same to the user
            raise ModelSourceError(Message("model.weights_download_failed", name=name, file=file.name,
                                           url=weights.url, folder=file.parent)) from exc
    load_weights(module, str(file), name)


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
    weights = _default_weights(name)
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

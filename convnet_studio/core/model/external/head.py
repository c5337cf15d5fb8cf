"""The classifier head of an opened model: find its last Linear, replace it, freeze the rest.

Fine-tuning an opened model on a dataset with other classes swaps the head for a fresh
``nn.Linear(in_features, classes)``; "head only" leaves every other parameter frozen.
"""
from __future__ import annotations

from typing import Optional

#: Where torchvision and most hand-written nets keep their head, tried in this order.
HEAD_PATHS = ("fc", "classifier", "heads.head", "head")


def head_path(model) -> Optional[str]:
    """The module path of the model's classifier head: the last ``nn.Linear`` at or under one of
    ``HEAD_PATHS``, else the last ``nn.Linear`` of the model; None when it has none."""
    from torch import nn
    linears = [p for p, m in model.named_modules() if isinstance(m, nn.Linear)]
    for root in HEAD_PATHS:
        under = [p for p in linears if p == root or p.startswith(root + ".")]
        if under:
            return under[-1]
    return linears[-1] if linears else None


def _set(model, path: str, module) -> None:
    parent, _, name = path.rpartition(".")
    owner = model.get_submodule(parent) if parent else model
    if name.isdigit() and hasattr(owner, "__setitem__"):
        owner[int(name)] = module
    else:
        setattr(owner, name, module)


def replace_head(model, num_classes: int) -> str:
    """Give ``model`` a fresh head for ``num_classes`` classes (kept when it already has as many
    outputs); returns the head's path. ValueError when the model has no Linear head."""
    from torch import nn
    path = head_path(model)
    if path is None:
        raise ValueError("this model has no Linear classifier head to replace, so it cannot be fine-tuned "
                         "on other classes")
    old = model.get_submodule(path)
    if old.out_features != num_classes:
        new = nn.Linear(old.in_features, num_classes, bias=old.bias is not None)
        _set(model, path, new.to(device=old.weight.device, dtype=old.weight.dtype))
    return path


def freeze_all_but(model, path: str) -> None:
    """Only the parameters under ``path`` keep ``requires_grad``."""
    prefix = path + "."
    for name, param in model.named_parameters():
        param.requires_grad_(name.startswith(prefix))

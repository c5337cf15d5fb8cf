"""A Python file that defines an ``nn.Module`` subclass: it is code, so it runs only when trusted.

The file is executed as a module of its own; the model class is the one named after a
colon (``net.py:MyNet``), else the only ``nn.Module`` subclass the file defines. It is
built without arguments; a ``build_model()`` function in the file is used instead when present.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from .base import (DEFAULT_INPUT_SHAPE, ModelKind, ModelMeta, ModelSource, ModelSourceError,
                   class_names_or_default, input_shape_for, load_weights, probe_output)
from ...messages import Message

KIND = "python"


def _split(name: str) -> tuple[Path, str]:
    path, _, cls = name.partition(".py:")
    return (Path(path + ".py"), cls) if cls else (Path(name), "")


def _claims(text: str) -> bool:
    return _split(text)[0].suffix.lower() == ".py"


def _exec_file(path: Path):
    spec = importlib.util.spec_from_file_location(f"convnet_studio_user_model_{abs(hash(str(path)))}", path)
    if spec is None or spec.loader is None:
        raise ModelSourceError(Message("model.not_python", name=path.name))
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 -- the user's code may raise anything
        raise ModelSourceError(Message("model.python_failed", name=path.name,
                                       error=f"{type(exc).__name__}: {str(exc)[:200]}")) from exc
    finally:
        sys.modules.pop(spec.name, None)
    return module


def _build(code, path: Path, cls_name: str):
    from torch import nn
    if not cls_name and callable(getattr(code, "build_model", None)):
        factory, what = code.build_model, "build_model()"
    else:
        classes = {n: c for n, c in vars(code).items()
                   if isinstance(c, type) and issubclass(c, nn.Module) and c.__module__ == code.__name__}
        if cls_name:
            if cls_name not in classes:
                raise ModelSourceError(Message("model.no_such_class", name=path.name, cls=cls_name))
            factory, what = classes[cls_name], cls_name
        elif len(classes) == 1:
            (what, factory), = classes.items()
        else:
            found = ", ".join(sorted(classes)) or "none"
            raise ModelSourceError(Message("model.not_one_class", name=path.name, found=found))
    try:
        model = factory()
    except Exception as exc:  # noqa: BLE001
        raise ModelSourceError(Message("model.needs_arguments", what=what, name=path.name, error=str(exc)[:200])) from exc
    if not isinstance(model, nn.Module):
        raise ModelSourceError(Message("model.not_a_module", what=what, name=path.name))
    return model, what


def open_python(source: ModelSource) -> tuple:
    """``(module, meta)`` from a Python file, only with ``source.trust_code``; ModelSourceError otherwise."""
    path, cls_name = _split(source.name)
    if not source.trust_code:
        raise ModelSourceError(Message("model.untrusted_code", name=path.name))
    if not path.is_file():
        raise ModelSourceError(Message("model.no_python_file", path=path))
    model, what = _build(_exec_file(path), path, cls_name)
    if source.weights:
        load_weights(model, source.weights, what)
    input_shape = input_shape_for(source, DEFAULT_INPUT_SHAPE)
    num_classes = probe_output(model, input_shape, what)
    model.eval()
    return model, ModelMeta(input_shape=input_shape, num_classes=num_classes,
                            class_names=class_names_or_default((), num_classes))


KINDS = (ModelKind(name=KIND, title="Python file (trusted code)", claims=_claims, open=open_python),)

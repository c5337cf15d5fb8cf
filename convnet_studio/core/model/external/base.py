"""What every kind of opened model shares: the source record, the metadata, the checks.

A ``ModelSource`` is plain data (it goes into run files and run.json as a dict): which
kind of model, its name or file, its weights file, and whether its code was trusted.
``open_model`` (in ``__init__``) turns it into an ``OpenedModel``: the ``nn.Module`` plus
``ModelMeta`` (input shape, normalisation, class names).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Sequence
from ...messages import Message

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
#: The input an opened model gets when neither its weights nor the user say otherwise.
DEFAULT_INPUT_SHAPE = (3, 224, 224)
#: How many differing keys an error message names before it only counts the rest.
KEYS_SHOWN = 3


class ModelSourceError(ValueError):
    """A model that cannot be opened, or an input it cannot take; the message is one sentence."""


@dataclass(frozen=True)
class ModelSource:
    """Where a model comes from. ``kind``: a registered kind name (``torchvision``,
    ``torchscript``, ``python``); ``name``: the architecture name or the file path;
    ``weights``: a weights file, ``"pretrained"`` (torchvision's own), or None (random init);
    ``trust_code``: the user allowed a Python file to run; ``input_size``: the side of the
    square input the user chose (None: the model's metadata or the default)."""
    kind: str
    name: str
    weights: Optional[str] = None
    trust_code: bool = False
    input_size: Optional[int] = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ModelSource":
        """Build from a dict (unknown keys ignored); ModelSourceError for a record without kind/name."""
        if not isinstance(data, dict) or not isinstance(data.get("kind"), str) or not isinstance(data.get("name"), str):
            raise ModelSourceError("the model source record needs a kind and a name")
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    @property
    def title(self) -> str:
        """A short name for people: the architecture name or the file name."""
        return self.name if self.kind == "torchvision" else Path(self.name).name


@dataclass(frozen=True)
class ModelMeta:
    """What the model expects and says: ``input_shape`` (C, H, W), normalisation, class names."""
    input_shape: tuple
    mean: tuple = IMAGENET_MEAN
    std: tuple = IMAGENET_STD
    class_names: tuple = ()
    num_classes: int = 0


@dataclass
class OpenedModel:
    """An opened model on the CPU, in eval mode, and what is known about it."""
    source: ModelSource
    module: Any                      # torch.nn.Module (torch is imported lazily)
    meta: ModelMeta
    notes: tuple = field(default_factory=tuple)


@dataclass(frozen=True)
class ModelKind:
    """One kind of model the studio can open: ``claims(text)`` says whether a name or path
    is this kind's, ``open(source)`` returns ``(module, meta)`` or raises ModelSourceError."""
    name: str
    title: str
    claims: Callable[[str], bool]
    open: Callable[[ModelSource], tuple]


def input_shape_for(source: ModelSource, default: Sequence[int]) -> tuple:
    """``default`` (C, H, W), or square ``input_size`` pixels when the source says so."""
    c, h, w = (int(v) for v in default)
    if source.input_size is None:
        return c, h, w
    size = int(source.input_size)
    if size < 1:
        raise ModelSourceError(Message("model.bad_input_size", size=size))
    return c, size, size


def _few(keys: Sequence[str]) -> str:
    shown = ", ".join(keys[:KEYS_SHOWN])
    return shown + (f" and {len(keys) - KEYS_SHOWN} more" if len(keys) > KEYS_SHOWN else "")


def read_state_dict(path: str) -> dict:
    """The state dict in a weights file (a plain state dict, or one under ``state_dict``/``model``/
    ``model_state``); ModelSourceError for a missing, corrupt or foreign file. Runs no code."""
    import pickle
    import zipfile

    import torch
    file = Path(path)
    if not file.is_file():
        raise ModelSourceError(Message("model.no_weights_file", path=path))
    try:
        data = torch.load(file, map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError, OSError, zipfile.BadZipFile, ValueError) as exc:
        raise ModelSourceError(Message("model.unreadable_weights", name=file.name)) from exc
    for key in ("state_dict", "model_state", "model"):
        if isinstance(data, dict) and isinstance(data.get(key), dict):
            data = data[key]
    if not isinstance(data, dict) or not data or not all(isinstance(v, torch.Tensor) for v in data.values()):
        raise ModelSourceError(Message("model.no_state_dict", name=file.name))
    return {str(k).removeprefix("module."): v for k, v in data.items()}


def load_weights(module, path: str, what: str) -> None:
    """Load the weights file ``path`` into ``module`` (strict); ModelSourceError naming a few of the
    keys that differ, and how many, when the file is for another architecture."""
    state = read_state_dict(path)
    own = module.state_dict()
    missing = [k for k in own if k not in state]
    unexpected = [k for k in state if k not in own]
    reshaped = [k for k in own if k in state and tuple(own[k].shape) != tuple(state[k].shape)]
    if missing or unexpected or reshaped:
        parts = []
        if missing:
            parts.append(f"it lacks {len(missing)} of {what}'s keys ({_few(missing)})")
        if unexpected:
            parts.append(f"it has {len(unexpected)} keys {what} does not ({_few(unexpected)})")
        if reshaped:
            k = reshaped[0]
            parts.append(f"{len(reshaped)} keys differ in shape ({k} is {tuple(state[k].shape)}, "
                         f"{what} needs {tuple(own[k].shape)})")
        raise ModelSourceError(Message("model.other_architecture", name=Path(path).name, details="; ".join(parts)))
    module.load_state_dict(state)


def dims(shape: Sequence[int]) -> str:
    return "×".join(str(int(v)) for v in shape)


def probe_output(module, input_shape: Sequence[int], title: str) -> int:
    """Run one zero image of ``input_shape`` through ``module`` (eval, no grad) and return its class
    count; ModelSourceError (one sentence) when the model cannot take that input or gives no logits."""
    import torch
    from ...errors import one_sentence
    was_training = module.training
    module.eval()
    try:
        with torch.no_grad():
            out = module(torch.zeros(1, *input_shape))
    except Exception as exc:  # noqa: BLE001 -- any failure of user code is "cannot take this input"
        reason = one_sentence(exc).rstrip(".")
        raise ModelSourceError(Message("model.wrong_input", title=title, dims=dims(input_shape),
                                       reason=reason[:200])) from exc
    finally:
        module.train(was_training)
    if isinstance(out, (tuple, list)) and out and isinstance(out[0], torch.Tensor):
        out = out[0]
    if not isinstance(out, torch.Tensor) or out.dim() != 2 or out.shape[0] != 1:
        shape = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
        raise ModelSourceError(Message("model.not_scores", title=title, shape=shape))
    return int(out.shape[1])


def class_names_or_default(names: Sequence[str], num_classes: int) -> tuple:
    """``names`` when there is one per class, else ``class 0``, ``class 1``, ..."""
    names = tuple(str(n) for n in names)
    return names if len(names) == num_classes else tuple(f"class {i}" for i in range(num_classes))

"""Checks on a run file's contents once ``torch.load(weights_only=True)`` has read them.

``weights_only`` guarantees that no code ran, not that the contents make sense: a
hand-made or damaged file can hold a string where a table belongs, NaN weights, or a
random-number state torch cannot take. ``check_payload`` looks at every part before any
of it reaches the trainer, and ``tensors_digest`` is the checksum saved beside the
tensors (weights, optimizer and random states, the per-step curve) so that flipped bytes in them are
noticed too.
"""
from __future__ import annotations

import dataclasses
import hashlib
from typing import Any, Iterator

import torch

from .config import TrainConfig
from .step_log import step_log_problem

#: rng_state entries that hold CPU generator states (the augmentation one when it ran on the CPU).
_CPU_RNG_KEYS = ("shuffle", "torch")


class PayloadError(ValueError):
    """A part of a run file that cannot be used; the message names the part."""


def _kind(value: Any) -> str:
    return {dict: "a table", list: "a list", tuple: "a list", str: "text", bool: "true/false",
            int: "a whole number", float: "a number"}.get(type(value), type(value).__name__)


def _expect(value: Any, types, what: str) -> Any:
    if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        raise PayloadError(f"{what} is {_kind(value)}")
    if not isinstance(value, types):
        raise PayloadError(f"{what} is {_kind(value)}")
    return value


def _count(value: Any, what: str) -> int:
    _expect(value, int, what)
    if value < 0:
        raise PayloadError(f"{what} is negative")
    return value


def _number(value: Any, what: str) -> float:
    return _expect(value, (int, float), what)


def check_payload(data: dict) -> None:
    """Raise ``PayloadError`` naming the first part of a loaded run file with the wrong shape or type."""
    if isinstance(data.get("model"), dict) and "spec" not in data:     # an opened model: its source, no spec
        _expect(data["model"].get("source"), dict, "the model source")
    else:
        _expect(data.get("spec"), dict, "the network spec")
    _check_config(_expect(data.get("config"), dict, "the settings (config)"))
    _check_model_state(_expect(data.get("model_state"), dict, "the weights (model_state)"))
    _check_optimizer_state(_expect(data.get("optimizer_state"), dict, "the optimizer state"))
    _count(data.get("epoch"), "the epoch count")
    _count(data.get("step"), "the step count")
    for key, values in _expect(data.get("history"), dict, "the history").items():
        for value in _expect(values, (list, tuple), f"the history of {key!r}"):
            if value is not None:
                _number(value, f"a value in the history of {key!r}")
    _check_rng_state(_expect(data.get("rng_state"), dict, "the random-number state"))
    _expect(data.get("dataset_name"), str, "the dataset name")
    progress = _expect(data.get("progress") or {}, dict, "the progress of the epoch")
    for key, value in progress.items():
        _number(value, f"the epoch progress {key!r}")
    if "step_in_epoch" in progress:
        _count(progress["step_in_epoch"], "the step within the epoch")
    problem = step_log_problem(data.get("step_log"))
    if problem:
        raise PayloadError(problem)
    if data.get("input_shape") is not None:
        shape = _expect(data["input_shape"], (list, tuple), "the input shape")
        if len(shape) != 3 or not all(isinstance(v, int) and v > 0 for v in shape):
            raise PayloadError("the input shape is not three positive whole numbers")
    if data.get("num_classes") is not None:
        _count(data["num_classes"], "the number of classes")


def _check_config(config: dict) -> None:
    """Each known setting has the type of its default (ints count as floats; bools are not ints)."""
    for f in dataclasses.fields(TrainConfig):
        if f.name not in config:
            continue
        default = f.default
        types = (int, float) if isinstance(default, float) else type(default)
        _expect(config[f.name], types, f"the setting {f.name!r}")


def _check_model_state(state: dict) -> None:
    for key, tensor in state.items():
        _expect(key, str, "a weight's name")
        _expect(tensor, torch.Tensor, f"the weights {key!r}")
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            raise PayloadError(f"the weights {key!r} hold NaN or infinite values")


def _check_optimizer_state(state: dict) -> None:
    per_param = _expect(state.get("state", {}), dict, "the optimizer's per-weight state")
    for index, entry in per_param.items():
        _count(index, "an optimizer state index")
        for key, value in _expect(entry, dict, f"the optimizer state of weight {index}").items():
            _expect(value, (torch.Tensor, int, float), f"the optimizer value {key!r} of weight {index}")
    for group in _expect(state.get("param_groups", []), (list, tuple), "the optimizer's groups"):
        params = _expect(_expect(group, dict, "an optimizer group").get("params"), (list, tuple),
                         "an optimizer group's weights")
        for index in params:
            _count(index, "an optimizer group's weight index")


def _check_rng_state(state: dict) -> None:
    for key, value in state.items():
        _expect(value, (torch.Tensor, str), f"the random-number state {key!r}")
    keys = list(_CPU_RNG_KEYS)
    if state.get("augment_device", "cpu") == "cpu":
        keys.append("augment")
    for key in keys:
        if key in state:
            try:
                torch.Generator().set_state(_expect(state[key], torch.Tensor, f"the random-number state {key!r}"))
            except (RuntimeError, TypeError, ValueError):
                raise PayloadError(f"the random-number state {key!r} is not one torch can restore") from None


def _tensors(obj: Any, where: str = "") -> Iterator[tuple[str, torch.Tensor]]:
    """Every tensor in nested dicts/lists with a path naming it, in a fixed order."""
    if isinstance(obj, torch.Tensor):
        yield where, obj
    elif isinstance(obj, dict):
        for key in sorted(obj, key=repr):
            yield from _tensors(obj[key], f"{where}/{key!r}")
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from _tensors(item, f"{where}/{i}")


#: The parts of a run file whose tensors the checksum covers.
DIGEST_PARTS = ("model_state", "optimizer_state", "rng_state", "step_log")


def tensors_digest(payload: dict) -> str:
    """SHA-256 of the tensors in ``DIGEST_PARTS`` of a payload: their names, types, shapes and bytes."""
    digest = hashlib.sha256()
    for where, tensor in _tensors({part: payload.get(part) for part in DIGEST_PARTS}):
        flat = tensor.detach().to("cpu").contiguous().reshape(-1)
        digest.update(f"{where}\0{flat.dtype}\0{tuple(tensor.shape)}\n".encode("utf-8", "surrogateescape"))
        if flat.numel():
            digest.update(memoryview(flat.view(torch.uint8).numpy()))
    return digest.hexdigest()

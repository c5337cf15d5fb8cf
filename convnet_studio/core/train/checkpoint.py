"""Runs on disk: one ``torch.save`` file of tensors and plain containers, written atomically.

The file holds only what ``torch.load(weights_only=True)`` accepts (tensors, dicts,
lists, tuples, strings, numbers): the spec and config are stored as dicts. Loading
anything else -- a pickled object, a truncated or foreign file -- raises
``CheckpointError`` and runs no code from the file. Every part of a loaded file is
checked (``run_payload``): types, finite weights, restorable random states, and the
checksum of its tensors, so a damaged file is called damaged instead of failing later.

Saving never loses a run silently: ``save_problem`` checks a destination before a run
starts, and ``save_run_or_fallback`` keeps the run in a file beside the requested one
(or in the temp folder) when writing it fails anyway.
"""
from __future__ import annotations

import dataclasses
import pickle
import struct
import tempfile
import time
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, IO, Optional

import torch

from ..util.atomic import atomic_write, destination_problem
from .config import ConfigError, TrainConfig
from .run_payload import PayloadError, check_payload, tensors_digest
from ..model.spec import ModelSpec, SpecError
from ..messages import Message, reason_of

FORMAT = "convnet-studio-run"
VERSION = 1


class CheckpointError(Exception):
    """A run file that cannot be saved or loaded; the message is one sentence."""


@dataclass
class RunState:
    """Everything needed to continue a run exactly where it stopped.

    ``epoch``: epochs completed; ``step``: optimizer steps taken in total. ``rng_state``
    holds generator states (ByteTensors): ``shuffle`` (at the start of the epoch in
    progress), ``augment``, ``torch`` (+ ``cuda``/``mps``). ``progress`` (added field):
    the epoch in progress -- ``step_in_epoch`` and its running sums -- empty at an
    epoch boundary. ``input_shape`` (C, H, W) and ``num_classes``: the data the run
    trained on, where the saver knew them (else empty and 0). ``history`` holds one value per
    completed epoch of each ``trainer.HISTORY_KEYS`` entry, ``step`` among them (derived from
    the run's steps per epoch for files that lack it). ``step_log``: the per-step curve as
    ``step_log.StepLog.to_payload`` gives it (empty for files that predate it).
    ``model_source``: for an opened model (``spec`` None), what ``FineTune.to_dict`` gives, saved
    under ``"model": {"source": ...}`` instead of a spec.
    """
    spec: Optional[ModelSpec]
    config: TrainConfig
    model_state: dict
    optimizer_state: dict
    epoch: int
    step: int
    history: dict
    rng_state: dict
    dataset_name: str
    progress: dict = field(default_factory=dict)
    input_shape: tuple = ()
    num_classes: int = 0
    step_log: dict = field(default_factory=dict)
    model_source: dict = field(default_factory=dict)


def tensors_to_cpu(obj: Any) -> Any:
    """A copy of nested dicts/lists/tuples with every tensor detached and moved to the CPU."""
    if isinstance(obj, torch.Tensor):
        return obj.detach().to("cpu", copy=True)
    if isinstance(obj, dict):
        return {k: tensors_to_cpu(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(tensors_to_cpu(v) for v in obj)
    return obj


def _write_payload(fh: IO[bytes], payload: dict) -> None:
    torch.save(payload, fh)


def _write_failure(exc: BaseException) -> str:
    """The reason a write failed, e.g. "No space left on device" behind torch's own RuntimeError."""
    seen = exc
    while seen is not None:
        if isinstance(seen, OSError):
            return seen.strerror or str(seen)
        seen = seen.__context__
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def save_run(path, run: RunState) -> None:
    """Write ``run`` to ``path`` atomically (a crash mid-write leaves any previous file intact)."""
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "config": run.config.to_dict(),
        "model_state": tensors_to_cpu(dict(run.model_state)),
        "optimizer_state": tensors_to_cpu(run.optimizer_state),
        "epoch": int(run.epoch),
        "step": int(run.step),
        "history": tensors_to_cpu(run.history),
        "rng_state": tensors_to_cpu(run.rng_state),
        "dataset_name": str(run.dataset_name),
        "progress": tensors_to_cpu(run.progress),
        "step_log": tensors_to_cpu(dict(run.step_log)),
    }
    if run.spec is not None:
        payload["spec"] = run.spec.to_dict()
    if run.model_source:
        payload["model"] = {"source": dict(run.model_source)}
    payload["tensors_sha256"] = tensors_digest(payload)
    if run.input_shape:
        payload["input_shape"] = [int(v) for v in run.input_shape]
    if run.num_classes:
        payload["num_classes"] = int(run.num_classes)
    try:
        atomic_write(Path(path), lambda fh: _write_payload(fh, payload))
    except (OSError, RuntimeError) as exc:
        raise CheckpointError(Message("checkpoint.cannot_write", path=path, reason=_write_failure(exc))) from None


def save_problem(path) -> Optional[str]:
    """Why a run cannot be saved to ``path`` (one sentence), or None; writes nothing the user sees."""
    problem = destination_problem(path)
    return None if problem is None else Message("checkpoint.cannot_save", path=str(path), reason=problem)


def fallback_paths(path) -> list[Path]:
    """Where ``save_run_or_fallback`` tries next: beside ``path``, then in the system's temp folder."""
    path = Path(path)
    stem, suffix = (path.stem or "run")[:100], path.suffix or ".pt"
    name = f"{stem}.unsaved-{time.strftime('%Y%m%d-%H%M%S')}{suffix}"
    return [path.with_name(name), Path(tempfile.gettempdir()) / name]


def save_run_or_fallback(path, run: RunState) -> tuple[Optional[Path], Optional[str]]:
    """Save ``run`` to ``path``, or else to the first ``fallback_paths`` entry that takes it.

    Returns ``(where it was written or None, why not at path or None)``. Whatever fails,
    a previous file at ``path`` stays as it was.
    """
    try:
        save_run(path, run)
        return Path(path), None
    except CheckpointError as exc:
        problem = str(exc)
    for other in fallback_paths(path):
        try:
            save_run(other, run)
            return other, problem
        except CheckpointError:
            continue
    return None, problem


def with_fresh_optimizer(run: RunState, config: TrainConfig) -> RunState:
    """``run`` with the saved optimizer state swapped for the empty state of ``config.optimizer``.

    The weights and the position in the run are kept; momentum or Adam's moments start over.
    """
    from .optim import build_optimizer
    indices = sorted({int(i) for group in run.optimizer_state.get("param_groups", []) for i in group["params"]})
    stand_ins = [torch.nn.Parameter(torch.zeros(1)) for _ in indices]
    fresh = build_optimizer(stand_ins, config, torch.device("cpu")).state_dict()
    groups = [dict(group, params=list(indices)) for group in fresh["param_groups"]]
    return dataclasses.replace(run, optimizer_state={"state": {}, "param_groups": groups},
                               config=run.config.replace(optimizer=config.optimizer))


def _refuse(path) -> CheckpointError:
    return CheckpointError(Message("checkpoint.refused", path=path))


def _damaged(path, what: str) -> CheckpointError:
    return CheckpointError(Message("checkpoint.damaged", path=path, what=what))


def _read(path: Path) -> Any:
    try:
        if not path.is_file():
            raise CheckpointError(Message("checkpoint.no_such_file", path=path))
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise CheckpointError(Message("checkpoint.cannot_read", path=path, reason=str(exc.strerror or exc))) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # e.g. "unexpected pickle protocol" on foreign files
            return torch.load(path, map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError, TypeError, AttributeError,
            ImportError, KeyError, IndexError, OSError, zipfile.BadZipFile, UnicodeDecodeError,
            RecursionError, MemoryError, OverflowError, struct.error):
        # A readable file torch cannot parse (truncated zip data surfaces as OSError) or refuses.
        raise _refuse(path) from None


def load_run(path) -> RunState:
    """Read a run saved by ``save_run``; ``CheckpointError`` for anything else."""
    path = Path(path)
    data = _read(path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _refuse(path)
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise CheckpointError(Message("checkpoint.newer", path=path))
    try:
        check_payload(data)
    except PayloadError as exc:
        raise _damaged(path, str(exc)) from None
    digest = data.get("tensors_sha256")
    if digest is not None and digest != tensors_digest(data):
        raise _damaged(path, Message("checkpoint.checksum"))
    try:
        spec = ModelSpec.from_dict(data["spec"]) if "spec" in data else None
        model_source = dict(data["model"]["source"]) if isinstance(data.get("model"), dict) else {}
        history = {k: list(v) for k, v in dict(data["history"]).items()}
        progress = dict(data.get("progress") or {})
        config = TrainConfig.from_dict(data["config"])
        run = RunState(
            spec=spec, config=config,
            model_state=dict(data["model_state"]),
            optimizer_state=dict(data["optimizer_state"]),
            epoch=int(data["epoch"]), step=int(data["step"]),
            history=with_epoch_steps(history, int(data["step"]), int(data["epoch"]), progress),
            rng_state=dict(data["rng_state"]),
            dataset_name=str(data["dataset_name"]),
            progress=progress,
            step_log=dict(data.get("step_log") or {}),
            input_shape=tuple(data.get("input_shape") or ()),
            num_classes=int(data.get("num_classes") or 0),
            model_source=model_source,
        )
    except (SpecError, ConfigError) as exc:
        raise CheckpointError(Message("checkpoint.unusable", path=path, reason=reason_of(exc))) from None
    except (KeyError, TypeError, ValueError):
        raise _refuse(path) from None
    return run


def with_epoch_steps(history: dict, step: int, epoch: int, progress: dict) -> dict:
    """``history`` with the global step at the end of each completed epoch (``history["step"]``).

    Files written before the step was kept get it from the run's steps per epoch: the steps
    of the completed epochs (``step`` less those of the epoch in progress) over their number.
    """
    epochs = list(history.get("epoch", []))
    if "step" in history and len(history["step"]) == len(epochs) or not epochs:
        return history
    done = max(0, int(step) - int(progress.get("step_in_epoch", 0) or 0))
    per_epoch = done / max(1, int(epoch))
    return {**history, "step": [int(round(per_epoch * int(e))) for e in epochs]}


def _dims(shape) -> str:
    return "×".join(str(int(v)) for v in shape) or "a scalar"


def resume_mismatch(run: RunState, input_shape, num_classes: int) -> Optional[str]:
    """Why ``run`` cannot continue on data of this input shape and class count, as a phrase, or None."""
    shape, classes = tuple(int(v) for v in input_shape), int(num_classes)
    saved_classes = run.num_classes or classes
    saved_shape = tuple(run.input_shape) or shape
    if (saved_classes, saved_shape) != (classes, shape):
        return (f"the run was trained on {saved_classes} classes of {_dims(saved_shape)} inputs, and this data "
                f"has {classes} classes of {_dims(shape)} inputs")
    from ..model.builder import build
    if run.spec is None:
        return None                     # an opened model: its head was fitted to these classes
    try:
        with torch.device("meta"):     # shapes only: no memory for the weights
            live = build(run.spec, shape, classes).state_dict()
    except (SpecError, RuntimeError, TypeError, ValueError):
        return None                     # the caller's shape check reports an impossible net
    keys = list(live)
    for key, tensor in run.model_state.items():
        if key not in live:
            return f"the saved weights hold {key}, which this network does not have"
        want, have = tuple(live[key].shape), tuple(tensor.shape)
        if want != have:
            if key in keys[-2:] and have[1:] == want[1:]:
                return f"the run was trained on {have[0]} classes, and this data has {want[0]}"
            return f"the saved weights {key} are {_dims(have)}, and this data needs {_dims(want)}"
    absent = [key for key in keys if key not in run.model_state]
    return f"the saved weights lack {absent[0]}" if absent else None

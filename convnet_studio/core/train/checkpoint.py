"""Runs on disk: one ``torch.save`` file of tensors and plain containers, written atomically.

The file holds only what ``torch.load(weights_only=True)`` accepts (tensors, dicts,
lists, tuples, strings, numbers): the spec and config are stored as dicts. Loading
anything else -- a pickled object, a truncated or foreign file -- raises
``CheckpointError`` and runs no code from the file.
"""
from __future__ import annotations

import pickle
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, IO

import torch

from ..util.atomic import atomic_write
from .config import ConfigError, TrainConfig
from ..model.spec import ModelSpec, SpecError

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
    epoch boundary.
    """
    spec: ModelSpec
    config: TrainConfig
    model_state: dict
    optimizer_state: dict
    epoch: int
    step: int
    history: dict
    rng_state: dict
    dataset_name: str
    progress: dict = field(default_factory=dict)


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


def save_run(path, run: RunState) -> None:
    """Write ``run`` to ``path`` atomically (a crash mid-write leaves any previous file intact)."""
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "spec": run.spec.to_dict(),
        "config": run.config.to_dict(),
        "model_state": tensors_to_cpu(dict(run.model_state)),
        "optimizer_state": tensors_to_cpu(run.optimizer_state),
        "epoch": int(run.epoch),
        "step": int(run.step),
        "history": tensors_to_cpu(run.history),
        "rng_state": tensors_to_cpu(run.rng_state),
        "dataset_name": str(run.dataset_name),
        "progress": tensors_to_cpu(run.progress),
    }
    try:
        atomic_write(Path(path), lambda fh: _write_payload(fh, payload))
    except OSError as exc:
        raise CheckpointError(f"cannot write the run file {path}: {exc.strerror or exc}") from None


def _refuse(path) -> CheckpointError:
    return CheckpointError(f"{path} is not a ConvNet Studio run file or contains code; refusing to load it")


def load_run(path) -> RunState:
    """Read a run saved by ``save_run``; ``CheckpointError`` for anything else."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"cannot read the run file {path}: no such file")
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise CheckpointError(f"cannot read the run file {path}: {exc.strerror or exc}") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # e.g. "unexpected pickle protocol" on foreign files
            data = torch.load(path, map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError, TypeError, AttributeError,
            ImportError, KeyError, IndexError, OSError, zipfile.BadZipFile, UnicodeDecodeError):
        # A readable file torch cannot parse (truncated zip data surfaces as OSError) or refuses.
        raise _refuse(path) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _refuse(path)
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise CheckpointError(f"{path} was written by a newer ConvNet Studio; update to load it")
    try:
        spec = ModelSpec.from_dict(data["spec"])
        config = TrainConfig.from_dict(data["config"])
        run = RunState(
            spec=spec, config=config,
            model_state=dict(data["model_state"]),
            optimizer_state=dict(data["optimizer_state"]),
            epoch=int(data["epoch"]), step=int(data["step"]),
            history={k: list(v) for k, v in dict(data["history"]).items()},
            rng_state=dict(data["rng_state"]),
            dataset_name=str(data["dataset_name"]),
            progress=dict(data.get("progress") or {}),
        )
    except (SpecError, ConfigError) as exc:
        raise CheckpointError(f"{path} holds an unusable run: {exc}") from None
    except (KeyError, TypeError, ValueError):
        raise _refuse(path) from None
    return run

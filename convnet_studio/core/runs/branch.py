"""Continue runs: resume an interrupted run in its own folder, or branch a child run from a parent.

A branch starts from one of the parent's checkpoints (latest, best or epoch-N) with a
changed config, in a new folder whose run.json names the parent and whose metrics.csv
and steps.csv begin with the parent's history up to that checkpoint. The weights, the
position in the run and the random states come from the checkpoint, so with the same
seed two branches of one checkpoint see the same batches and augmentation.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Optional

from ..train.checkpoint import RunState, with_fresh_optimizer
from ..train.config import ConfigError, TrainConfig
from .folder import RunFolder, RunFolderError
from .paths import utc_now
from .workspace import RunInfo, find_run, parse_run_ref
from ..messages import Message


@dataclass(frozen=True)
class BranchSource:
    """A parent run and the checkpoint a branch starts from, loaded (nothing written yet)."""
    parent: RunInfo
    checkpoint: str
    state: RunState


def branch_source(workspace: os.PathLike | str, ref: str) -> BranchSource:
    """Load the checkpoint ``ref`` names (``RUN`` or ``RUN:latest|best|epoch-N``); RunFolderError if it cannot be."""
    run, which = parse_run_ref(ref)
    parent = find_run(workspace, run)
    if parent.problem:
        raise RunFolderError(Message("runs.cannot_branch", run=parent.id, reason=parent.problem))
    return BranchSource(parent, which, parent.folder.load_checkpoint(which))


def branch_config(source: BranchSource, config: TrainConfig) -> tuple[TrainConfig, RunState]:
    """``config`` checked against the checkpoint, and the state the child starts from.

    A changed optimizer starts with a fresh optimizer state (the weights are kept); a
    changed batch size needs a checkpoint at an epoch's end. ``RunFolderError`` says why not.
    """
    state = source.state
    try:
        config = config.validate()
    except ConfigError as exc:
        raise RunFolderError(str(exc)) from None
    if config.epochs <= state.epoch:
        raise RunFolderError(Message("runs.nothing_to_train", checkpoint=source.checkpoint, run=source.parent.id,
                                     epoch=state.epoch))
    if config.batch_size != state.config.batch_size and state.progress.get("step_in_epoch"):
        raise RunFolderError(Message("runs.mid_epoch", checkpoint=source.checkpoint, run=source.parent.id))
    if config.optimizer != state.config.optimizer:
        state = with_fresh_optimizer(state, config)
    return config, dataclasses.replace(state, config=config)


def start_branch(workspace: os.PathLike | str, source: BranchSource, config: TrainConfig,
                 name: str = "", **meta) -> tuple[RunFolder, RunState]:
    """Create the child run's folder (parent recorded, history copied); returns it and the state to resume.

    Pass the returned state as ``Trainer(..., resume=state)`` with ``config``, and a
    ``RunRecorder`` on the returned folder.
    """
    config, state = branch_config(source, config)
    parent = source.parent
    child = RunFolder.create(
        workspace, name or f"{parent.name} ({source.checkpoint})",
        parent={"id": parent.id, "checkpoint": source.checkpoint, "epoch": int(state.epoch), "step": int(state.step)},
        spec=state.spec.to_dict(), config=config.to_dict(), dataset=parent.meta.get("dataset"), **meta)
    try:
        copy_history(parent.folder, child, state)
    except RunFolderError:
        _remove_quietly(child)
        raise
    return child, state


def copy_history(source: RunFolder, target: RunFolder, state: RunState) -> None:
    """Write ``source``'s metrics and steps up to ``state``'s position as ``target``'s CSVs."""
    target.rewrite_metrics(r for r in source.read_metrics() if _at_most(r.get("epoch"), state.epoch))
    target.rewrite_steps(r for r in source.read_steps() if _at_most(r.get("step"), state.step))


def resume_run(folder: RunFolder, which: str = "latest") -> RunState:
    """Load ``folder``'s checkpoint and cut its CSVs back to it, ready to continue in the same folder.

    Rows written after the checkpoint (the run went on before it was killed) are dropped,
    so the continued run writes them again exactly once.
    """
    state = folder.load_checkpoint(which)
    copy_history(folder, folder, state)
    meta = folder.read_meta()
    resumes = list(meta.get("resumed") or [])
    resumes.append({"at": utc_now(), "checkpoint": which, "epoch": int(state.epoch), "step": int(state.step)})
    folder.write_meta(dict(meta, resumed=resumes))
    return state


def write_history(folder: RunFolder, state: RunState) -> None:
    """Start ``folder``'s metrics.csv and steps.csv with the history a run file carries.

    For a run that goes on from a file (or from a run that was not kept), so its kept
    folder shows the epochs trained before it too.
    """
    import bisect
    history = state.history
    epochs = list(history.get("epoch", []))
    seconds = list(history.get("seconds", [0.0] * len(epochs)))
    rows = []
    for i, epoch in enumerate(epochs):
        row = {key: history[key][i] for key in ("epoch", "step", "train_loss", "train_acc", "val_loss", "val_acc",
                                                 "lr", "img_per_s") if len(history.get(key, [])) > i}
        row["epoch_s"] = seconds[i] if i < len(seconds) else None
        row["elapsed_s"] = float(sum(s for s in seconds[:i + 1] if isinstance(s, (int, float))))
        rows.append(row)
    folder.rewrite_metrics(rows)
    log = state.step_log or {}
    ends = [int(v) for v in history.get("step", [])]
    columns = [log.get(k) for k in ("step", "loss", "acc", "lr")]
    steps = []
    if all(c is not None for c in columns):
        for step, loss, acc, lr in zip(*(c.tolist() for c in columns)):
            if step <= state.step:
                steps.append({"step": int(step), "epoch": bisect.bisect_left(ends, int(step)) + 1,
                              "loss": float(loss), "lr": float(lr), "acc": float(acc)})
    folder.rewrite_steps(steps)


def _at_most(value: Optional[float], limit: int) -> bool:
    return isinstance(value, (int, float)) and value <= limit


def _remove_quietly(folder: RunFolder) -> None:
    import shutil
    shutil.rmtree(folder.path, ignore_errors=True)

"""One run folder: ``run.json`` (atomic), ``metrics.csv`` and ``steps.csv`` (appended), checkpoints.

The layout is the run-folder contract's (``/work/runs_contract.md``; README "Runs"):
other features own ``timelapse/``, ``tensorboard/`` and ``control/`` inside a folder and
are given their paths here. Every failure to read or write is a ``RunFolderError``
whose message is one sentence.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import shutil
import socket
from pathlib import Path
from typing import Any, Iterable, Optional

from ..util.atomic import atomic_write, atomic_write_text
from .paths import new_run_id, utc_now
from ..messages import Message, reason_of

FORMAT = "convnet-studio-run-folder"
VERSION = 1
RUN_JSON = "run.json"
METRICS_CSV = "metrics.csv"
STEPS_CSV = "steps.csv"
CHECKPOINTS = "checkpoints"
#: The columns every metrics.csv starts with (one row per completed epoch); more may follow.
METRICS_COLUMNS = ("epoch", "step", "train_loss", "train_acc", "val_loss", "val_acc", "lr", "elapsed_s",
                   "epoch_s", "img_per_s")
#: The columns of steps.csv (one row per logged step); more may follow.
STEPS_COLUMNS = ("step", "epoch", "loss", "lr", "acc")
#: Statuses a writer puts in run.json; "interrupted" and "unreadable" are only derived when reading.
STATUSES = ("running", "finished", "stopped", "diverged", "failed")
INTERRUPTED = "interrupted"
UNREADABLE = "unreadable"
_CHECKPOINT_NAME = re.compile(r"^(latest|best|epoch-[1-9]\d*)$")


class RunFolderError(Exception):
    """A run folder that cannot be read or written; the message is one sentence."""


def checkpoint_name_problem(which: str) -> Optional[str]:
    """Why ``which`` is not a checkpoint name (latest, best, epoch-N), as a phrase, or None."""
    if isinstance(which, str) and _CHECKPOINT_NAME.match(which):
        return None
    return f"{which!r} is not a checkpoint name (use latest, best or epoch-N)"


def jsonable(value: Any) -> Any:
    """``value`` with tuples as lists and non-finite floats as None, so strict JSON readers take it."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item):      # numpy / torch scalars
        try:
            return jsonable(value.item())
        except (TypeError, ValueError):
            return str(value)
    return value


def _write_problem(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__


class RunFolder:
    """The folder of one run; ``id`` is its name. Methods read or write the files in it."""

    def __init__(self, path: os.PathLike | str):
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"RunFolder({str(self.path)!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, RunFolder) and other.path == self.path

    def __hash__(self) -> int:
        return hash(self.path)

    @property
    def id(self) -> str:
        return self.path.name

    # ------------------------------------------------------------------ create
    @classmethod
    def create(cls, workspace: os.PathLike | str, name: str = "", **meta: Any) -> "RunFolder":
        """Make a new run folder in ``workspace`` with a fresh id and its first ``run.json``.

        ``meta`` adds or overrides run.json keys (spec, config, dataset, parent, ...).
        The status starts as "running", owned by this process.
        """
        workspace = Path(workspace)
        try:
            workspace.mkdir(parents=True, exist_ok=True)
            for _ in range(100):
                path = workspace / new_run_id(name)
                try:
                    path.mkdir()
                    break
                except FileExistsError:
                    continue
            else:
                raise RunFolderError(Message("runs.no_free_name", workspace=workspace))
        except OSError as exc:
            raise RunFolderError(Message("runs.cannot_create", workspace=workspace, reason=_write_problem(exc))) from None
        folder = cls(path)
        now = utc_now()
        base = {"format": FORMAT, "version": VERSION, "id": folder.id, "name": name or folder.id,
                "parent": None, "status": "running", "message": "", "created": now, "updated": now,
                "heartbeat": now, "pid": os.getpid(), "host": socket.gethostname(), "spec": None,
                "config": None, "dataset": None, "world_size": 1,
                "metrics": {"best_val_acc": None, "best_epoch": None, "final": {}},
                "tags": [], "note": ""}
        base.update(meta)
        folder.write_meta(base)
        return folder

    # ---------------------------------------------------------------- run.json
    @property
    def meta_path(self) -> Path:
        return self.path / RUN_JSON

    def read_meta(self) -> dict:
        """The run.json as a dict; ``RunFolderError`` when it is missing, unreadable or not ours."""
        try:
            text = self.meta_path.read_text(encoding="utf-8")
        except OSError as exc:
            raise RunFolderError(Message("runs.cannot_read", path=self.meta_path, reason=_write_problem(exc))) from None
        except UnicodeDecodeError:
            raise RunFolderError(Message("runs.meta_not_text", path=self.meta_path)) from None
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            raise RunFolderError(Message("runs.meta_bad_json", path=self.meta_path)) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise RunFolderError(Message("runs.meta_foreign", path=self.meta_path))
        if not isinstance(data.get("version"), int) or data["version"] > VERSION:
            raise RunFolderError(Message("runs.meta_newer", path=self.meta_path))
        return data

    def write_meta(self, meta: dict) -> None:
        """Replace run.json atomically with ``meta`` (``updated`` is set to now)."""
        meta = dict(meta, updated=utc_now())
        text = json.dumps(jsonable(meta), indent=2, allow_nan=False) + "\n"
        try:
            atomic_write_text(self.meta_path, text)
        except OSError as exc:
            raise RunFolderError(Message("runs.cannot_write", path=self.meta_path, reason=_write_problem(exc))) from None

    def update_meta(self, **changes: Any) -> dict:
        """Read run.json, apply ``changes`` (top-level keys), write it back; returns the new contents."""
        meta = self.read_meta()
        meta.update(changes)
        self.write_meta(meta)
        return meta

    # ------------------------------------------------------------------- CSVs
    def append_metrics(self, row: dict) -> None:
        """Append one epoch's row to metrics.csv (header first when the file is new) and flush it."""
        self._append(METRICS_CSV, METRICS_COLUMNS, [row])

    def append_steps(self, rows: Iterable[dict]) -> None:
        """Append per-step rows (step, epoch, loss, lr, acc) to steps.csv and flush them."""
        rows = list(rows)
        if rows:
            self._append(STEPS_CSV, STEPS_COLUMNS, rows)

    def read_metrics(self) -> list[dict]:
        """metrics.csv as dicts of numbers (a torn last row from a killed writer is left out)."""
        return self._read(METRICS_CSV)

    def read_steps(self) -> list[dict]:
        """steps.csv as dicts of numbers (a torn last row is left out)."""
        return self._read(STEPS_CSV)

    def rewrite_metrics(self, rows: Iterable[dict]) -> None:
        """Replace metrics.csv atomically with ``rows``."""
        self._rewrite(METRICS_CSV, METRICS_COLUMNS, rows)

    def rewrite_steps(self, rows: Iterable[dict]) -> None:
        """Replace steps.csv atomically with ``rows``."""
        self._rewrite(STEPS_CSV, STEPS_COLUMNS, rows)

    def _append(self, name: str, columns: tuple, rows: list[dict]) -> None:
        path = self.path / name
        try:
            header = _header(path)
            with open(path, "a", encoding="utf-8", newline="") as fh:
                fh.write(_csv_text(header or columns, rows, header=header is None))
                fh.flush()
        except OSError as exc:
            raise RunFolderError(Message("runs.cannot_write", path=path, reason=_write_problem(exc))) from None

    def _rewrite(self, name: str, columns: tuple, rows: Iterable[dict]) -> None:
        path = self.path / name
        try:
            atomic_write_text(path, _csv_text(columns, list(rows), header=True))
        except OSError as exc:
            raise RunFolderError(Message("runs.cannot_write", path=path, reason=_write_problem(exc))) from None

    def _read(self, name: str) -> list[dict]:
        path = self.path / name
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise RunFolderError(Message("runs.cannot_read", path=path, reason=_write_problem(exc))) from None
        complete = text if text.endswith("\n") else text[:text.rfind("\n") + 1]
        reader = csv.DictReader(io.StringIO(complete))
        rows = []
        for raw in reader:
            if None in raw or any(v is None for v in raw.values()):
                continue
            try:
                rows.append({k: _number(v) for k, v in raw.items()})
            except ValueError:
                continue
        return rows

    # ------------------------------------------------------------ checkpoints
    @property
    def checkpoints_dir(self) -> Path:
        return self.path / CHECKPOINTS

    def checkpoint_path(self, which: str = "latest") -> Path:
        """The file of checkpoint ``which`` (latest, best or epoch-N), whether or not it exists."""
        problem = checkpoint_name_problem(which)
        if problem:
            raise RunFolderError(problem)
        return self.checkpoints_dir / f"{which}.pt"

    def checkpoint_names(self) -> list[str]:
        """The checkpoints this run has: latest, best, then epoch-N in epoch order."""
        try:
            stems = {p.stem for p in self.checkpoints_dir.glob("*.pt") if p.is_file()}
        except OSError:
            return []
        named = [s for s in ("latest", "best") if s in stems]
        epochs = sorted((s for s in stems if s.startswith("epoch-") and not checkpoint_name_problem(s)),
                        key=lambda s: int(s[6:]))
        return named + epochs

    def save_checkpoint(self, which: str, state) -> Path:
        """Write ``state`` (a ``train.checkpoint.RunState``) as checkpoint ``which``, atomically."""
        from ..train.checkpoint import CheckpointError, save_run
        path = self.checkpoint_path(which)
        try:
            save_run(path, state)
        except CheckpointError as exc:
            raise RunFolderError(reason_of(exc)) from None
        return path

    def copy_checkpoint(self, source: str, target: str) -> Path:
        """Make checkpoint ``target`` a copy of ``source`` (atomically), e.g. best from latest."""
        src, dst = self.checkpoint_path(source), self.checkpoint_path(target)
        try:
            with open(src, "rb") as fh:
                atomic_write(dst, lambda out: shutil.copyfileobj(fh, out, 1 << 20))
        except OSError as exc:
            raise RunFolderError(Message("runs.cannot_write", path=dst, reason=_write_problem(exc))) from None
        return dst

    def load_checkpoint(self, which: str = "latest"):
        """Checkpoint ``which`` as a ``RunState`` (loaded with weights_only); ``RunFolderError`` if it cannot be."""
        from ..train.checkpoint import CheckpointError, load_run
        path = self.checkpoint_path(which)
        if not path.is_file():
            have = ", ".join(self.checkpoint_names()) or Message("runs.none")
            raise RunFolderError(Message("runs.no_checkpoint", run=self.id, which=which, have=have))
        try:
            return load_run(path)
        except CheckpointError as exc:
            raise RunFolderError(reason_of(exc)) from None

    # ------------------------------------------------- paths owned by others
    @property
    def timelapse_dir(self) -> Path:
        """Owned by the time-lapse feature."""
        return self.path / "timelapse"

    @property
    def tensorboard_dir(self) -> Path:
        """Owned by the TensorBoard feature."""
        return self.path / "tensorboard"

    @property
    def stop_request_path(self) -> Path:
        """Owned by the watch/stop feature: a file whose presence asks the trainer to stop."""
        return self.path / "control" / "stop"

    # -------------------------------------------------------------- disk use
    def disk_bytes(self) -> int:
        """Bytes of all files in the folder (links not followed)."""
        return folder_bytes(self.path)


def folder_bytes(path: Path) -> int:
    """Total size of the regular files under ``path`` (0 for what cannot be read)."""
    total, stack = 0, [path]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
            except OSError:
                continue
    return total


def _header(path: Path) -> Optional[tuple]:
    """The column names of an existing CSV file, or None when it is missing or empty."""
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            first = fh.readline()
    except FileNotFoundError:
        return None
    names = tuple(next(csv.reader([first]), [])) if first.endswith("\n") else ()
    return names or None


def _number(text: str):
    text = text.strip()
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        return float(text)


def _csv_text(columns: tuple, rows: list[dict], header: bool) -> str:
    extra = [k for row in rows for k in row if k not in columns]
    names = list(columns) + list(dict.fromkeys(extra)) if header else list(columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def _cell(value):
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ("nan" if math.isnan(value) else repr(value))
    return value

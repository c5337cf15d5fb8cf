"""The workspace: list, find, measure and delete run folders.

Listing reads only each run's run.json, so a workspace of hundreds of runs lists in a
fraction of a second. A folder whose run.json cannot be read is listed with status
"unreadable" and the reason; a run.json that says "running" while its writer is gone
(its process is dead on this host, or its heartbeat is older than
``INTERRUPTED_AFTER_S``) is listed as "interrupted".
"""
from __future__ import annotations

import os
import shutil
import socket
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from .folder import INTERRUPTED, RUN_JSON, UNREADABLE, RunFolder, RunFolderError, checkpoint_name_problem, folder_bytes
from .paths import parse_time
from ..messages import Message, reason_of

#: A "running" run whose heartbeat is older than this is taken as interrupted.
INTERRUPTED_AFTER_S = 600.0


@dataclass(frozen=True)
class RunInfo:
    """One listed run: its folder, its status as it stands (derived) and its run.json (``{}`` if unreadable)."""
    id: str
    path: Path
    status: str
    meta: dict = field(default_factory=dict, compare=False)
    problem: str = ""

    @property
    def folder(self) -> RunFolder:
        return RunFolder(self.path)

    @property
    def name(self) -> str:
        return str(self.meta.get("name") or self.id)

    @property
    def parent(self) -> Optional[dict]:
        parent = self.meta.get("parent")
        return parent if isinstance(parent, dict) else None

    @property
    def dataset_name(self) -> str:
        dataset = self.meta.get("dataset")
        return str(dataset.get("name", "")) if isinstance(dataset, dict) else ""

    @property
    def best_val_acc(self) -> Optional[float]:
        metrics = self.meta.get("metrics")
        value = metrics.get("best_val_acc") if isinstance(metrics, dict) else None
        return float(value) if isinstance(value, (int, float)) else None

    def summary(self) -> dict:
        """A short JSON-ready description: id, name, status, times, dataset, parent, best accuracy."""
        meta = self.meta
        return {"id": self.id, "name": self.name, "status": self.status, "path": str(self.path),
                "created": meta.get("created"), "updated": meta.get("updated"),
                "dataset": self.dataset_name or None, "parent": self.parent,
                "best_val_acc": self.best_val_acc, "tags": list(meta.get("tags") or []),
                **({"problem": self.problem} if self.problem else {})}


def process_alive(pid) -> Optional[bool]:
    """Whether process ``pid`` runs on this machine (None where that cannot be told)."""
    if not isinstance(pid, int) or pid <= 0:
        return None
    if os.name == "nt":
        return None        # os.kill(pid, 0) would end the process there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return None
    try:                   # a killed child its parent has not reaped yet is a zombie: gone
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[1].split()[0]
        return state not in (b"Z", b"X")
    except (OSError, IndexError):
        return True


def derive_status(meta: dict, now: Optional[datetime] = None, host: Optional[str] = None) -> str:
    """The status a run has now: run.json's, or "interrupted" for a "running" run whose writer is gone."""
    status = str(meta.get("status") or "")
    if status != "running":
        return status or UNREADABLE
    now = now or datetime.now(timezone.utc)
    beat = parse_time(meta.get("heartbeat")) or parse_time(meta.get("updated"))
    if beat is None or (now - beat).total_seconds() > INTERRUPTED_AFTER_S:
        return INTERRUPTED
    if meta.get("host") == (host or socket.gethostname()) and process_alive(meta.get("pid")) is False:
        return INTERRUPTED
    return "running"


def read_run(path: os.PathLike | str) -> RunInfo:
    """The ``RunInfo`` of one run folder (status "unreadable" with the reason when run.json is bad)."""
    folder = RunFolder(path)
    try:
        meta = folder.read_meta()
    except RunFolderError as exc:
        return RunInfo(folder.id, folder.path, UNREADABLE, {}, reason_of(exc))
    return RunInfo(folder.id, folder.path, derive_status(meta), meta)


def run_paths(workspace: os.PathLike | str) -> list[Path]:
    """The run folders in ``workspace`` (every visible sub-folder), newest id first; [] if it does not exist."""
    try:
        entries = list(os.scandir(workspace))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise RunFolderError(Message("runs.cannot_read_workspace", workspace=workspace, reason=str(exc.strerror or exc))) from None
    paths = [Path(e.path) for e in entries if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)]
    return sorted(paths, key=lambda p: p.name, reverse=True)


def list_runs(workspace: os.PathLike | str) -> list[RunInfo]:
    """Every run in ``workspace``, newest first (reads only run.json; never raises for one bad run)."""
    now, host = datetime.now(timezone.utc), socket.gethostname()
    out = []
    for path in run_paths(workspace):
        info = read_run(path)
        if info.meta:
            info = RunInfo(info.id, info.path, derive_status(info.meta, now, host), info.meta)
        out.append(info)
    return out


def parse_run_ref(ref: str) -> tuple[str, str]:
    """``"RUN"`` or ``"RUN:latest|best|epoch-N"`` as ``(run, checkpoint)``; RunFolderError for a bad name."""
    run, sep, which = str(ref).strip().partition(":")
    which = which.strip() if sep else "latest"
    problem = checkpoint_name_problem(which)
    if problem or not run.strip():
        raise RunFolderError(problem or f"{ref!r} names no run")
    return run.strip(), which


def find_run(workspace: os.PathLike | str, ref: str) -> RunInfo:
    """The run ``ref`` names: an id, the start of exactly one id, or exactly one run's name."""
    ref = str(ref).strip()
    workspace = Path(workspace)
    if ref and "/" not in ref and ref not in (".", "..") and (workspace / ref).is_dir():
        return read_run(workspace / ref)
    paths = run_paths(workspace)
    matches = [p for p in paths if ref and p.name.startswith(ref)]
    if not matches:
        matches = [info.path for info in map(read_run, paths) if info.meta.get("name") == ref and ref]
    if len(matches) == 1:
        return read_run(matches[0])
    if not matches:
        raise RunFolderError(Message("runs.no_run", ref=ref, workspace=workspace))
    names = ", ".join(p.name for p in matches[:5])
    raise RunFolderError(Message("runs.ambiguous", ref=ref, count=len(matches), names=names))


def run_disk_bytes(path: os.PathLike | str) -> int:
    """Bytes used by one run folder."""
    return folder_bytes(Path(path))


def disk_usage(workspace: os.PathLike | str) -> dict[str, int]:
    """Bytes used per run id, for every run folder in ``workspace``."""
    return {p.name: folder_bytes(p) for p in run_paths(workspace)}


def delete_run(workspace: os.PathLike | str, run_id: str) -> int:
    """Delete the run folder ``run_id`` from ``workspace`` (callers ask the user first); returns bytes freed.

    Only a direct sub-folder of the workspace that holds a run.json or a checkpoints
    folder is deleted, and never a run that is still running.
    """
    workspace = Path(workspace).resolve()
    path = (workspace / str(run_id)).resolve()
    if path.parent != workspace or not path.is_dir() or path.is_symlink():
        raise RunFolderError(Message("runs.no_run", ref=run_id, workspace=workspace))
    if not ((path / RUN_JSON).exists() or (path / "checkpoints").is_dir()):
        raise RunFolderError(Message("runs.not_a_run_folder", path=path))
    info = read_run(path)
    if info.status == "running":
        raise RunFolderError(Message("runs.still_running", run=run_id))
    size = folder_bytes(path)
    try:
        shutil.rmtree(path)
    except OSError as exc:
        raise RunFolderError(Message("runs.cannot_delete", path=path, reason=str(exc.strerror or exc))) from None
    return size

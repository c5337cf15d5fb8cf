"""Atomic file writes: write a temp file beside the target, fsync, then rename.

A process killed mid-write leaves the previous file intact, and Ctrl-C or SIGTERM
arriving during the write wait until it is done (``signals.deferred_signals``). Temp
files are named ``.NAME.XXXXXXXX.convnet-studio.tmp``; those a killed process left
behind are removed by the next write to the same folder once they are an hour old.
New files get the permissions the umask allows (like any file the user creates), and
a replaced file keeps its own.
"""
from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import IO, Callable, Optional

from .signals import deferred_signals

TEMP_SUFFIX = ".convnet-studio.tmp"
#: A temp file this old is no longer being written by anyone.
STALE_AFTER_S = 3600.0
#: Room kept in a temp name for the dot, tempfile's 8 random characters and the suffix.
_TEMP_EXTRA = 1 + 1 + 8 + len(TEMP_SUFFIX)
_NAME_MAX_FALLBACK = 255
_RANDOM = "[a-z0-9_]{8}"          # tempfile's random part
_OURS = re.compile(rf"^\..*\.{_RANDOM}{re.escape(TEMP_SUFFIX)}$", re.DOTALL)


def atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Call ``write(fileobj)`` on a temp file in ``path``'s folder, then rename it over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(path.parent, path.name)
    mode = _mode_for(path)
    with deferred_signals():
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                if hasattr(os, "fchmod"):
                    os.fchmod(fh.fileno(), mode)
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    _fsync_folder(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    """Atomically replace ``path`` with ``text`` (UTF-8)."""
    atomic_write(path, lambda fh: fh.write(text.encode("utf-8")))


def remove_stale_temp_files(folder: Path, target_name: Optional[str] = None,
                            older_than_s: float = STALE_AFTER_S) -> int:
    """Delete our temp files in ``folder`` not touched for ``older_than_s`` seconds; returns how many.

    Only names this module makes are touched, plus the older ``.TARGET.XXXXXXXX.tmp``
    form for ``target_name`` itself; a file still being written is younger than an hour.
    """
    legacy = (re.compile(rf"^{re.escape(f'.{target_name}.')}{_RANDOM}\.tmp$", re.DOTALL)
              if target_name else None)
    now, removed = time.time(), 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not (_OURS.match(entry.name) or (legacy is not None and legacy.match(entry.name))):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than_s:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def destination_problem(path) -> Optional[str]:
    """Why ``atomic_write(path, ...)`` cannot work, as a phrase, or None when it looks possible.

    Checks without writing anything the user would see: ``path`` names a file (not a
    folder, a device or nothing), its name fits the file system, no folder on the way
    is a regular file, and its folder (or the nearest one that exists) is writable.
    A full disk shows only when writing.
    """
    text = os.fspath(path)
    if not text.strip():
        return "no file name was given"
    if text.endswith(("/", os.sep)):
        return "it names a folder, not a file"
    path = Path(text)
    too_long = False
    try:
        info = os.stat(path)
    except OSError as exc:
        too_long = exc.errno == errno.ENAMETOOLONG
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG):
            return f"it cannot be reached ({exc.strerror})"
    else:
        if stat.S_ISDIR(info.st_mode):
            return "it is a folder"
        if not stat.S_ISREG(info.st_mode):
            return "it exists and is not a regular file"
    existing, missing = _nearest_existing(path.parent)
    if not existing.is_dir():
        return f"{existing} is a file, not a folder"
    name_max = _name_max(existing)
    for name in (*missing, path.name):
        size = len(os.fsencode(name))
        if size > name_max:
            return f"the name {_shorten(name)} is too long ({size} bytes; this file system allows {name_max})"
    if too_long:
        return "the path is too long for the file system"
    if missing:
        if not os.access(existing, os.W_OK | os.X_OK):
            return f"the folder {existing} is not writable"
        return None
    return _probe(path)


def _probe(path: Path) -> Optional[str]:
    """Create and delete a temp file beside ``path``: the one sure test that the folder takes writes."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        return f"the folder {path.parent} is not writable ({exc.strerror or exc})"
    os.close(fd)
    try:
        os.unlink(tmp)
    except OSError:
        pass
    return None


def _nearest_existing(folder: Path) -> tuple[Path, list[str]]:
    """The nearest existing folder at or above ``folder`` and the names below it still to create."""
    missing: list[str] = []
    current = folder
    while True:
        try:
            os.stat(current)
            return current, missing[::-1]
        except OSError:
            if current.parent == current:
                return current, missing[::-1]
            missing.append(current.name)
            current = current.parent


def _name_max(folder: Path) -> int:
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return _NAME_MAX_FALLBACK


def _temp_prefix(path: Path) -> str:
    """``.NAME.``, with NAME cut so the whole temp name fits where ``path``'s name fits."""
    name = path.name
    room = max(_name_max(path.parent) - _TEMP_EXTRA, 1)
    while len(os.fsencode(name)) > room:
        name = name[:-1]
    return f".{name}."


def _shorten(name: str, keep: int = 40) -> str:
    return name if len(name) <= keep else f"{name[:keep - 1]}…"


def _mode_for(path: Path) -> int:
    """The permission bits for ``path``: its own when it exists, else what the umask allows."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (Linux /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)               # elsewhere: the classic read-by-setting, put straight back
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system lets a folder be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

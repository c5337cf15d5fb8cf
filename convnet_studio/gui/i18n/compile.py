"""``.ts`` -> ``.qm`` with PySide6's own ``lrelease``, into a cache keyed by the ``.ts`` content.

The repository and the wheel carry only the ``.ts`` sources (text, reviewable); the first launch
in a language compiles its ``.qm`` once (well under a second) into the user's cache folder.
``make translations`` also writes the ``.qm`` beside the ``.ts``; an up-to-date one there is
used directly.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional


def lrelease_program() -> Optional[str]:
    """Path of the ``lrelease`` executable shipped with PySide6, or on PATH; None if there is none."""
    try:
        import PySide6
        bundled = Path(PySide6.__file__).parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
        if bundled.is_file():
            return str(bundled)
    except ImportError:
        pass
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def cache_folder() -> Path:
    """Where compiled translations go: ``$XDG_CACHE_HOME/convnet_studio/translations`` (or ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "convnet_studio" / "translations"


def compiled(ts: Path) -> Optional[Path]:
    """A ``.qm`` compiled from ``ts``: the one beside it if it is newer, else a cached one (compiled
    now if needed); None when nothing could be compiled (then the window stays in English)."""
    beside = ts.with_suffix(".qm")
    if beside.is_file() and beside.stat().st_mtime >= ts.stat().st_mtime:
        return beside
    digest = hashlib.sha1(ts.read_bytes()).hexdigest()[:16]
    for folder in (cache_folder(), Path(tempfile.gettempdir()) / "convnet_studio-translations"):
        target = folder / f"{ts.stem}-{digest}.qm"
        if target.is_file():
            return target
        if _compile(ts, target):
            return target
    return None


def _compile(ts: Path, target: Path) -> bool:
    program = lrelease_program()
    if program is None:
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.part")
        proc = subprocess.run([program, "-silent", str(ts), "-qm", str(partial)], capture_output=True, timeout=60)
        if proc.returncode != 0 or not partial.is_file():
            return False
        os.replace(partial, target)
        return True
    except (OSError, subprocess.SubprocessError):
        return False

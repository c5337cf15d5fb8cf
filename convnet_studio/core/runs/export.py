"""Exporting a kept run: one checkpoint as a standalone run file, or the whole folder as a zip."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

from ..messages import Message
from ..util.atomic import atomic_write
from .folder import RunFolder, RunFolderError


def export_run(folder: RunFolder, output: os.PathLike | str, which: str = "latest") -> Path:
    """Write ``folder`` to ``output``: a ``.zip`` of the whole folder, else checkpoint ``which`` as a run file.

    The run file is the format ``train --resume`` and File ▸ Open read. Written atomically.
    """
    output = Path(output)
    if output.suffix.lower() == ".zip":
        return _zip(folder, output)
    source = folder.checkpoint_path(which)
    if not source.is_file():
        have = ", ".join(folder.checkpoint_names()) or Message("runs.none")
        raise RunFolderError(Message("runs.no_checkpoint", run=folder.id, which=which, have=have))
    folder.load_checkpoint(which)          # refuse to hand on a damaged file
    try:
        with open(source, "rb") as fh:
            atomic_write(output, lambda out: out.write(fh.read()))
    except OSError as exc:
        raise RunFolderError(Message("runs.cannot_write", path=output, reason=str(exc.strerror or exc))) from None
    return output


def _zip(folder: RunFolder, output: Path) -> Path:
    files = sorted(p for p in folder.path.rglob("*") if p.is_file() and not p.is_symlink())

    def write(fh) -> None:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                archive.write(path, Path(folder.id) / path.relative_to(folder.path))
    try:
        atomic_write(output, write)
    except OSError as exc:
        raise RunFolderError(Message("runs.cannot_write", path=output, reason=str(exc.strerror or exc))) from None
    return output

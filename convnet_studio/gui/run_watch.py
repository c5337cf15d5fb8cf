"""Watching a run folder that another process writes (a CLI run here, or a synced remote one).

``RunFolderWatcher`` lives on the GUI thread: a ``QFileSystemWatcher`` on the folder and
its files says when something changed, and a timer looks every ``poll_ms`` anyway (file
system events do not arrive from network or synced folders). Either only asks
``_FolderReader``, on its own thread, to look: the reader compares sizes and times first
and reads a file (through ``core.runs``) only when it changed, so an idle run costs a few
``stat`` calls. What it finds comes back as plain data through queued signals:
new steps and epochs, run.json, a new latest checkpoint, a file that started over
(truncated or rewritten), or the folder gone. Nothing here ever writes into the folder.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QFileSystemWatcher, QObject, QThread, QTimer, Signal, Slot

from .i18n import error_text

POLL_MS = 1000


def _stamp(path: Path) -> Optional[tuple]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


class _FolderReader(QObject):
    """Reads what changed in one run folder (on its own thread)."""

    stepsAdded = Signal(object, bool)          # list of step rows, True when they replace all before
    epochsAdded = Signal(object, bool)         # list of metrics rows, True when they replace all before
    metaChanged = Signal(object)               # run.json as a dict
    checkpointChanged = Signal(str)            # path of a new latest checkpoint
    lost = Signal(str)                         # the folder is gone or unreadable: one sentence

    def __init__(self, path: Path):
        super().__init__()
        from ..core.runs.folder import METRICS_CSV, STEPS_CSV, RunFolder
        self.folder = RunFolder(path)
        self._files = {"steps": path / STEPS_CSV, "metrics": path / METRICS_CSV}
        self._stamps: dict = {}
        self._counts = {"steps": 0, "metrics": 0}
        self._first = {"steps": None, "metrics": None}
        self._gone = False

    @Slot()
    def look(self) -> None:
        """Compare the folder with what was seen last; emit what is new."""
        from ..core.runs.folder import RunFolderError
        if self._gone:
            return
        path = self.folder.path
        if not path.is_dir():
            self._gone = True
            self.lost.emit(self.tr("The run folder {0} is gone (deleted or moved); watching stopped.").format(path))
            return
        try:
            self._look_at_meta()
            for kind, signal, read in (("steps", self.stepsAdded, self.folder.read_steps),
                                       ("metrics", self.epochsAdded, self.folder.read_metrics)):
                self._look_at_rows(kind, signal, read)
            stamp = _stamp(self.folder.checkpoint_path("latest"))
            if stamp is not None and stamp != self._stamps.get("latest"):
                self._stamps["latest"] = stamp
                self.checkpointChanged.emit(str(self.folder.checkpoint_path("latest")))
        except RunFolderError as exc:
            if not path.is_dir():
                self._gone = True
                self.lost.emit(self.tr("The run folder {0} is gone (deleted or moved); watching stopped.")
                               .format(path))
            else:
                self.lost.emit(error_text(exc))

    def _look_at_meta(self) -> None:
        stamp = _stamp(self.folder.meta_path)
        if stamp is None or stamp == self._stamps.get("meta"):
            return
        meta = self.folder.read_meta()
        self._stamps["meta"] = stamp
        self.metaChanged.emit(meta)

    def _look_at_rows(self, kind: str, signal, read) -> None:
        stamp = _stamp(self._files[kind])
        if stamp == self._stamps.get(kind):
            return
        self._stamps[kind] = stamp
        rows = read() if stamp is not None else []
        seen = self._counts[kind]
        first = rows[0] if rows else None
        if len(rows) < seen or (seen and first != self._first[kind]):
            # Shorter than before, or another beginning: the file was truncated or rewritten.
            self._counts[kind], self._first[kind] = len(rows), first
            signal.emit(rows, True)
        elif len(rows) > seen:
            self._counts[kind], self._first[kind] = len(rows), first
            signal.emit(rows[seen:], False)


class RunFolderWatcher(QObject):
    """Watches ``path`` and re-emits what its reader finds; ``close()`` stops the reader's thread."""

    stepsAdded = Signal(object, bool)
    epochsAdded = Signal(object, bool)
    metaChanged = Signal(object)
    checkpointChanged = Signal(str)
    lost = Signal(str)
    _lookRequested = Signal()

    def __init__(self, path: os.PathLike | str, poll_ms: int = POLL_MS, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.path = Path(path)
        self._thread = QThread(self)
        self._thread.setObjectName("run-folder-reader")
        self._reader = _FolderReader(self.path)
        self._reader.moveToThread(self._thread)
        self._thread.finished.connect(self._reader.deleteLater)
        self._lookRequested.connect(self._reader.look)
        for name in ("stepsAdded", "epochsAdded", "metaChanged", "checkpointChanged"):
            getattr(self._reader, name).connect(getattr(self, name))
        self._reader.lost.connect(self._on_lost)
        self._fs = QFileSystemWatcher(self)
        self._fs.directoryChanged.connect(self._changed)
        self._fs.fileChanged.connect(self._changed)
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self._changed)
        self.watching = False

    def start(self) -> None:
        """Begin: read what is there now, then follow changes."""
        self._thread.start()
        self._watch_paths()
        self._timer.start()
        self.watching = True
        self._lookRequested.emit()

    def _watch_paths(self) -> None:
        wanted = [self.path, self.path / "checkpoints", self.path / "run.json", self.path / "steps.csv",
                  self.path / "metrics.csv"]
        present = set(self._fs.files()) | set(self._fs.directories())
        new = [str(p) for p in wanted if str(p) not in present and p.exists()]
        if new:
            self._fs.addPaths(new)

    @Slot()
    def _changed(self, *_args) -> None:
        if not self.watching:
            return
        self._watch_paths()                     # files replaced atomically are new files
        self._lookRequested.emit()

    @Slot(str)
    def _on_lost(self, message: str) -> None:
        if not self.path.is_dir():
            self.watching = False
            self._timer.stop()
        self.lost.emit(message)

    def close(self) -> None:
        """Stop watching and join the reader's thread."""
        self.watching = False
        self._timer.stop()
        paths = self._fs.files() + self._fs.directories()
        if paths:
            self._fs.removePaths(paths)
        self._thread.quit()
        self._thread.wait(5000)

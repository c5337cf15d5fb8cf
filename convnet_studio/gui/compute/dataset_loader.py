"""Load datasets off the GUI thread, reporting progress through queued signals.

``DatasetLoader`` lives in the GUI thread; its ``_LoadJob`` lives in a worker
thread (normally the compute thread shared with training, so that only one thread
runs torch work). Only the newest request counts: an older one still running is
cancelled at its next progress report and its result is dropped.
"""
from __future__ import annotations

import time
from typing import Optional

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ...core.data.dataset import DatasetError
from ...core.errors import one_sentence
from ..i18n import error_text, message_text, translate

#: At most this many progress signals per second reach the GUI.
PROGRESS_HZ = 20.0


class _Cancelled(Exception):
    """Raised inside a loader's progress callback to abandon a superseded load."""


class _LoadJob(QObject):
    """Runs ``core.data.load_dataset`` in whatever thread it was moved to."""

    progress = Signal(int, int, int, str)   # request id, done, total, message
    finished = Signal(int, object, str)     # request id, dataset or None, error sentence ("" if ok)

    def __init__(self):
        super().__init__()
        self.latest = 0                     # written by the GUI thread; an int store is atomic

    @Slot(int, str, str, bool, object)
    def load(self, request: int, name: str, data_root: str, download: bool, options: dict) -> None:
        if request != self.latest:
            return
        from ...core.data.sources import load_dataset
        last = [0.0]

        def report(done: int, total: int, message: str = "") -> None:
            if request != self.latest:
                raise _Cancelled()
            now = time.monotonic()
            if now - last[0] >= 1.0 / PROGRESS_HZ or (total and done >= total):
                last[0] = now
                self.progress.emit(request, int(done), int(total), str(message))

        try:
            dataset = load_dataset(name, data_root=data_root or None, progress=report, download=download,
                                   **options)
        except _Cancelled:
            return
        except DatasetError as exc:
            self.finished.emit(request, None, error_text(exc))
            return
        except Exception as exc:  # noqa: BLE001 - the user sees one sentence, never a traceback
            self.finished.emit(request, None, translate("DatasetLoader", "Could not load {name}: {reason}").format(
                name=name, reason=message_text(one_sentence(exc))))
            return
        self.finished.emit(request, dataset, "")


class DatasetLoader(QObject):
    """GUI-thread front of background dataset loading."""

    started = Signal(str)                 # name being loaded
    progress = Signal(int, int, str)      # done, total (0 = unknown), message
    loaded = Signal(object)               # InMemoryDataset
    failed = Signal(str)                  # one-sentence error
    _loadRequested = Signal(int, str, str, bool, object)

    def __init__(self, thread: Optional[QThread] = None, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._own_thread = thread is None
        self.thread = thread if thread is not None else QThread()
        if self._own_thread:
            self.thread.setObjectName("convnet-studio-loader")
        self._job = _LoadJob()
        self._job.moveToThread(self.thread)
        self._loadRequested.connect(self._job.load)
        self._job.progress.connect(self._on_progress)
        self._job.finished.connect(self._on_finished)
        self._request = 0
        self._busy = False
        self._name = ""
        if self._own_thread:
            self.thread.start()

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def name(self) -> str:
        """What is being (or was last) loaded."""
        return self._name

    def load(self, name_or_path: str, data_root: str = "", download: bool = True, *,
             image_size=None, grayscale: bool = False, n_train: Optional[int] = None,
             n_val: Optional[int] = None) -> None:
        """Start loading; a load already running is abandoned. ``image_size``/``grayscale``: image folders;
        ``n_train``/``n_val``: keep only that many images of each split (see ``load_dataset``)."""
        self._request += 1
        self._job.latest = self._request
        self._busy = True
        self._name = str(name_or_path)
        self.started.emit(self._name)
        options = {"image_size": image_size, "grayscale": True} if grayscale else {"image_size": image_size}
        options.update({k: v for k, v in (("n_train", n_train), ("n_val", n_val)) if v is not None})
        self._loadRequested.emit(self._request, self._name, str(data_root or ""), bool(download), options)

    def cancel(self) -> None:
        """Abandon the running load (if any) at its next progress report."""
        self._request += 1
        self._job.latest = self._request
        self._busy = False

    def shutdown(self, timeout_ms: int = 2000) -> bool:
        """Cancel, and join the thread if this loader owns it."""
        self.cancel()
        if not self._own_thread:
            return True
        self.thread.quit()
        return self.thread.wait(timeout_ms)

    @Slot(int, int, int, str)
    def _on_progress(self, request: int, done: int, total: int, message: str) -> None:
        if request == self._request:
            self.progress.emit(done, total, message)

    @Slot(int, object, str)
    def _on_finished(self, request: int, dataset, error: str) -> None:
        if request != self._request:
            return
        self._busy = False
        if dataset is None:
            self.failed.emit(error or self.tr("Could not load {name}.").format(name=self._name))
        else:
            self.loaded.emit(dataset)

"""Look up and download torchvision's pretrained weights off the GUI thread, with progress.

Like the dataset loader, each request has a number and only the newest counts: a
superseded or cancelled download stops at its next progress report (leaving nothing
behind) and its result is dropped. The work is network I/O, not torch work, so it runs
in a daemon thread of its own rather than queueing behind a run on the compute thread;
a download left running when the app quits does not hold it up.
"""
from __future__ import annotations

import threading
import time
from typing import Callable, Optional

from PySide6.QtCore import QObject, Signal, Slot

from ...core.errors import one_sentence
from ..i18n import message_text

#: At most this many progress signals per second reach the GUI.
PROGRESS_HZ = 20.0


class _Cancelled(Exception):
    """Raised inside the download's progress callback to abandon a superseded download."""


class _Relay(QObject):
    """Carries results from the worker threads to the GUI thread (queued: emitted from another thread).

    Parentless and referenced by each thread, so it outlives whoever listens."""
    lookedUp = Signal(int, str, object)     # request, architecture, PretrainedWeights or None
    progress = Signal(int, int, int)        # request, bytes done, bytes in all (0: unknown)
    finished = Signal(int, str, str)        # request, architecture, error sentence ("" when in the cache)


class PretrainedFetcher(QObject):
    """GUI-thread front: ``look_up(name)`` says which file and how big, ``fetch(name)`` brings the
    file into torch hub's cache (at once when it is there), ``cancel()`` abandons the download."""

    lookedUp = Signal(str, object)          # architecture, PretrainedWeights or None (no pretrained weights)
    progress = Signal(int, int)             # bytes done, bytes in all (0: unknown)
    finished = Signal(str, str)             # architecture, error sentence ("" when the file is in the cache)

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._relay = _Relay()
        self._relay.lookedUp.connect(self._on_looked_up)
        self._relay.progress.connect(self._on_progress)
        self._relay.finished.connect(self._on_finished)
        self._lookup = 0
        self._fetch = 0
        self._busy = False

    @property
    def busy(self) -> bool:
        """True while a download (or the check that none is needed) is under way."""
        return self._busy

    def look_up(self, name: str) -> None:
        """Find ``name``'s pretrained weights (file, size, whether cached); ``lookedUp`` answers."""
        self._lookup += 1
        request, relay = self._lookup, self._relay

        def work():
            try:
                from ...core.model.external.pretrained import pretrained_weights
                weights = pretrained_weights(name)
            except Exception:  # noqa: BLE001 - an unknown or odd name simply has none
                weights = None
            relay.lookedUp.emit(request, name, weights)

        _start(work, "pretrained-lookup")

    def fetch(self, name: str) -> None:
        """Bring ``name``'s pretrained weights into torch hub's cache; ``progress`` and ``finished`` report."""
        self._fetch += 1
        self._busy = True
        request, relay = self._fetch, self._relay
        current = lambda: self._fetch      # noqa: E731 - read in the download thread (an int read is atomic)

        def work():
            report = _reporter(request, current, relay)
            try:
                from ...core.model.external.pretrained import fetch_pretrained
                fetch_pretrained(name, progress=report)
                error = ""
            except _Cancelled:
                return
            except Exception as exc:  # noqa: BLE001 - the user sees one sentence, never a traceback
                error = message_text(one_sentence(exc))     # a str signal would drop the Message
            relay.finished.emit(request, name, error)

        _start(work, "pretrained-download")

    def cancel(self) -> None:
        """Abandon the download under way (it stops at its next progress report and leaves no file)."""
        self._fetch += 1
        self._busy = False

    @Slot(int, str, object)
    def _on_looked_up(self, request: int, name: str, weights) -> None:
        if request == self._lookup:
            self.lookedUp.emit(name, weights)

    @Slot(int, int, int)
    def _on_progress(self, request: int, done: int, total: int) -> None:
        if request == self._fetch and self._busy:
            self.progress.emit(done, total)

    @Slot(int, str, str)
    def _on_finished(self, request: int, name: str, error: str) -> None:
        if request == self._fetch and self._busy:
            self._busy = False
            self.finished.emit(name, error)


def _reporter(request: int, current: Callable[[], int], relay: _Relay):
    """The download's progress callback: raises ``_Cancelled`` once superseded, else reports (rate-limited)."""
    last = [0.0]

    def report(done: int, total: int, _message: str = "") -> None:
        if current() != request:
            raise _Cancelled()
        now = time.monotonic()
        if now - last[0] >= 1.0 / PROGRESS_HZ or (total and done >= total):
            last[0] = now
            relay.progress.emit(request, int(done), int(total))

    return report


def _start(work: Callable[[], None], name: str) -> None:
    threading.Thread(target=work, name=name, daemon=True).start()

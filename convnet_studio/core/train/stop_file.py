"""The stop request file of a run folder: ``<run folder>/control/stop``.

Whoever can write into a run folder asks the run training into it to stop by creating
this file: the studio's Stop button of a watched run, a script, ``touch`` over ssh, or a
synced folder. Its content does not matter (the studio writes one JSON line saying who
asked and when). ``StopFileHook`` looks for it between steps at most every ``every_s``
seconds (one ``stat``) and, when it is there, stops the run as Stop or Ctrl-C would: the
step in progress ends, the run is saved and ends "stopped". The hook removes the file
once the run has ended, and removes a stale one when a run starts, so a resumed run
is not stopped again at once.
"""
from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import Callable, Optional

from .. import events as ev
from .hooks import Events, TrainerHooks

STOP_REQUEST = Path("control") / "stop"
CHECK_EVERY_S = 1.0


def stop_request_path(run_dir: os.PathLike | str) -> Path:
    """Where the stop request of the run in ``run_dir`` lives."""
    return Path(run_dir) / STOP_REQUEST


def request_stop(run_dir: os.PathLike | str, who: str = "") -> Path:
    """Ask the run training into ``run_dir`` to stop; returns the request file (``OSError`` if unwritable)."""
    path = stop_request_path(run_dir)
    path.parent.mkdir(exist_ok=True)
    note = {"requested": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "host": socket.gethostname(),
            "pid": os.getpid(), "by": who}
    path.write_text(json.dumps(note) + "\n", encoding="utf-8")
    return path


def stop_requested(run_dir: os.PathLike | str) -> bool:
    """True while a stop request waits in ``run_dir``."""
    return stop_request_path(run_dir).exists()


class StopFileHook(TrainerHooks):
    """Stops the trainer when ``<run_dir>/control/stop`` appears (checked at most every ``every_s``)."""

    def __init__(self, run_dir: os.PathLike | str, every_s: float = CHECK_EVERY_S,
                 clock: Callable[[], float] = time.monotonic):
        self.path = stop_request_path(run_dir)
        self.every_s, self.clock = float(every_s), clock
        self.obeyed = False
        self._next = 0.0

    def _remove(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass

    def _check(self, trainer) -> Events:
        now = self.clock()
        if self.obeyed or now < self._next:
            return None
        self._next = now + self.every_s
        if not self.path.exists():
            return None
        self.obeyed = True
        trainer.stop()
        return [ev.RunNote(f"A stop was requested through {self.path}; the run stops after this step.")]

    def on_run_start(self, trainer) -> Events:
        self._remove()               # a request left from an earlier run of this folder
        self._next = self.clock() + self.every_s
        return None

    def on_step_end(self, trainer) -> Events:
        return self._check(trainer)

    def on_paused(self, trainer) -> Events:
        return self._check(trainer)

    def paused_wait_s(self, trainer) -> Optional[float]:
        return self.every_s

    def on_run_end(self, trainer, ended) -> Events:
        if self.obeyed:
            self._remove()
        return None

"""Ctrl-C (SIGINT) and SIGTERM in the CLI: both mean "stop", and end with status 128 + signal.

Outside a run either one raises ``Interrupted`` (a ``KeyboardInterrupt``) wherever the
program is. During a run, ``StopRequests`` only notes the first one, so that the
command can end the run at the next step and save it; a second one raises at once.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator, Optional

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived; ``signum`` says which."""

    def __init__(self, signum: int):
        super().__init__(signal_name(signum))
        self.signum = signum


def signal_name(signum: int) -> str:
    """``"SIGTERM"`` for 15, and so on."""
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def exit_status(signum: int) -> int:
    """The shell's convention for a program ended by a signal: 130 for SIGINT, 143 for SIGTERM."""
    return 128 + int(signum)


def _raise(signum, _frame) -> None:
    raise Interrupted(signum)


@contextmanager
def _handlers(handler) -> Iterator[None]:
    """Install ``handler`` for both signals while the block runs (main thread only), then restore."""
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in STOP_SIGNALS:
            previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            if old is not None:
                signal.signal(sig, old)


def raising_interrupts():
    """A block in which SIGTERM, like Ctrl-C, raises ``Interrupted``."""
    return _handlers(_raise)


class StopRequests:
    """Notes the first stop signal during a run; a second one raises ``Interrupted``.

    The handler only sets an attribute: the run is stopped from ordinary code (the
    event loop checks ``signum``), never from inside a signal handler.
    """

    def __init__(self):
        self.signum: Optional[int] = None

    def _note(self, signum, _frame) -> None:
        if self.signum is not None:
            raise Interrupted(signum)
        self.signum = signum

    def active(self):
        """The block during which signals are noted instead of raised."""
        return _handlers(self._note)

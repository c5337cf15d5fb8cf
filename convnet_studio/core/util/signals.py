"""Hold back Ctrl-C and SIGTERM while something must not be cut in half.

A ``KeyboardInterrupt`` raised inside ``torch.save`` surfaces as a torch
``RuntimeError`` from its C++ writer, and a file half written is useless. Inside
``deferred_signals()`` the two signals are only recorded; when the block ends the
handlers in place before are restored and each recorded signal is raised again, so
they act (raise ``KeyboardInterrupt``, stop a run, end the process) once the work is done.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

#: The signals a user or a service manager sends to end a program politely.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def deferred_signals(signals=STOP_SIGNALS) -> Iterator[list]:
    """Run the block with ``signals`` held back, then deliver those that came (each once, in order).

    Yields the list of signal numbers received so far. Python runs signal handlers in
    the main thread only, so outside it nothing needs holding back and nothing is changed.
    """
    received: list = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def hold(signum, _frame) -> None:
        received.append(signum)

    previous = {}
    try:
        for sig in signals:
            previous[sig] = signal.signal(sig, hold)
    except (ValueError, OSError):       # an embedded interpreter without signal support
        pass
    try:
        yield received
    finally:
        for sig, handler in previous.items():
            if handler is not None:      # None: installed outside Python, cannot be put back
                signal.signal(sig, handler)
        for signum in dict.fromkeys(received):
            signal.raise_signal(signum)

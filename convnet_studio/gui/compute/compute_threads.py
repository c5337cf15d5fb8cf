"""The compute threads alive in this process, held so that none is destroyed while it runs.

Each ``RunController`` hands its ``QThread`` and worker to ``keep_alive``. A controller deleted
without ``shutdown`` (e.g. garbage-collected with its window) retires them: the run stops and the
thread ends by itself. At interpreter exit every thread still alive is stopped and joined.
"""
from __future__ import annotations

import atexit
import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread

if TYPE_CHECKING:
    from .worker import TrainingWorker

#: Every compute thread not yet known to be finished, with its worker. Holding them here means a
#: window deleted without ``shutdown`` (e.g. garbage-collected) never destroys a running QThread.
_LIVE: list[tuple[QThread, TrainingWorker]] = []


def keep_alive(thread: QThread, worker: TrainingWorker, owner: QObject) -> None:
    """Hold ``thread`` and ``worker`` until the thread has finished; retire them if ``owner`` is destroyed."""
    _LIVE[:] = [(t, w) for t, w in _LIVE if not t.isFinished()]
    _LIVE.append((thread, worker))
    owner.destroyed.connect(functools.partial(_retire, worker, thread))


def _retire(worker: TrainingWorker, thread: QThread, *_args) -> None:
    """The controller is gone without ``shutdown``: stop the run and let the thread end by itself."""
    try:
        worker.close()
        thread.quit()
    except RuntimeError:  # already deleted at interpreter exit
        pass


@atexit.register
def _join_all(timeout_ms: int = 2000) -> None:
    """At interpreter exit, stop and join every compute thread still alive."""
    for thread, worker in list(_LIVE):
        worker.close()
        thread.quit()
        thread.wait(timeout_ms)
    _LIVE.clear()

"""The dataset error and the progress callback type, importable without torch."""
from __future__ import annotations

from typing import Callable

#: progress(done, total, message) -- called by slow loaders; total may be 0 when unknown.
ProgressFn = Callable[[int, int, str], None]


class DatasetError(RuntimeError):
    """A dataset that cannot be loaded; the message is one sentence saying what to do."""

"""``--pretrained``: torchvision's pretrained weights in torch hub's cache before a model opens.

A file already in the cache is used without network; otherwise it is downloaded with a
progress note on stderr (stdout stays for the command's output, JSON included). A download
that fails is one ``error:`` line naming the file and the folder to put it in.
"""
from __future__ import annotations

import sys
import time

from .errors import UsageError

#: Seconds between two progress lines on a terminal.
PROGRESS_EVERY_S = 0.5


def ensure_pretrained(source, flag: str = "--pretrained") -> None:
    """Have ``source``'s pretrained weights in torch hub's cache (for ``weights == "pretrained"``);
    UsageError for a source that is not a torchvision architecture, or a failed download."""
    from ..core.model.external import ModelSourceError
    from ..core.model.external.pretrained import fetch_pretrained, pretrained_weights
    from ..core.model.external.torchvision_models import KIND, PRETRAINED
    if source is None or source.weights != PRETRAINED:
        return
    if source.kind != KIND:
        raise UsageError(f"{flag} goes with a torchvision architecture name, and {source.title} is a "
                         f"{source.kind} file")
    weights = pretrained_weights(source.name)
    if weights is None:
        raise UsageError(f"torchvision has no pretrained weights for {source.name}")
    if weights.cached:
        return
    size = f" ({weights.size_mb:.1f} MB)" if weights.size_mb else ""
    print(f"note: downloading torchvision's pretrained weights for {source.name}{size} into {weights.file.parent}",
          file=sys.stderr, flush=True)
    try:
        fetch_pretrained(source.name, progress=_TerminalProgress() if sys.stderr.isatty() else None)
    except ModelSourceError as exc:
        raise UsageError(str(exc)) from None
    finally:
        if sys.stderr.isatty():
            print(file=sys.stderr, flush=True)


class _TerminalProgress:
    """Rewrites one stderr line with the share downloaded, at most every ``PROGRESS_EVERY_S``."""

    def __init__(self):
        self._next = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now < self._next and not (total and done >= total):
            return
        self._next = now + PROGRESS_EVERY_S
        share = f"{100 * done / total:.0f}% of {total / 2 ** 20:.1f} MB" if total else f"{done / 2 ** 20:.1f} MB"
        print(f"\r{message}: {share}", end="", file=sys.stderr, flush=True)

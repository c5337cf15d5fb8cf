"""The one place an exception becomes text for a person: ``one_sentence(exc)``."""
from __future__ import annotations

import sys

from .messages import Message, as_sentence, reason_of

OUT_OF_MEMORY = Message("error.out_of_memory")

#: torch raises a failed CPU allocation as a plain RuntimeError (no OutOfMemoryError type, up to
#: torch 2.14 at least), so its allocator's own words are the only sign of it.
_CPU_ALLOCATOR_FAILURE = "DefaultCPUAllocator: can't allocate memory"


def is_out_of_memory(exc: BaseException) -> bool:
    """True for host (``MemoryError``, torch's CPU allocator) and accelerator
    (``torch.OutOfMemoryError``) exhaustion."""
    if isinstance(exc, MemoryError):
        return True
    if type(exc) is RuntimeError and _CPU_ALLOCATOR_FAILURE in str(exc):
        return True
    torch = sys.modules.get("torch")          # without torch loaded, no torch error can exist
    if torch is None:
        return False
    oom_types = tuple(t for t in (getattr(torch, "OutOfMemoryError", None),
                                  getattr(getattr(torch, "cuda", None), "OutOfMemoryError", None))
                      if isinstance(t, type))
    return bool(oom_types) and isinstance(exc, oom_types)


def one_sentence(exc: BaseException) -> str:
    """``exc`` as one sentence: its message's first line, capitalised, ending in punctuation.

    Running out of memory gets one advice sentence whatever the message says; an exception
    without a message is named by its type.
    """
    if is_out_of_memory(exc):
        return OUT_OF_MEMORY
    said = reason_of(exc)
    if isinstance(said, Message) and said.strip() and "\n" not in said and said == said.strip():
        return as_sentence(said)          # the same English, and the window can translate it
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."

"""Reading a network spec file without trusting it: bounded size, depth and numbers.

A spec is a few kilobytes of JSON. ``/dev/zero`` given as a spec would be read until
memory runs out, 100,000 nested brackets exhaust Python's recursion limit, and a
5000-digit integer exceeds its int-conversion limit; each becomes one ``SpecError``
sentence here instead of a traceback.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..messages import Message

#: No spec comes near this; anything larger is the wrong file.
MAX_SPEC_BYTES = 1 << 20


def read_spec_json(path: str | Path) -> Any:
    """The parsed JSON of the spec file at ``path``; ``SpecError`` with one sentence otherwise."""
    from .spec import SpecError
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_SPEC_BYTES + 1)
    except OSError as exc:
        raise SpecError(None, Message("spec.cannot_read_file", path=path, reason=str(exc.strerror or exc))) from None
    if len(raw) > MAX_SPEC_BYTES:
        raise SpecError(None, Message("spec.file_too_large", path=path, kb=MAX_SPEC_BYTES // 1024))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SpecError(None, Message("spec.file_not_utf8", path=path)) from None
    return parse_spec_json(text)


def parse_spec_json(text: str) -> Any:
    """``json.loads(text)`` with every failure as a ``SpecError`` sentence."""
    from .spec import SpecError
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError(None, Message("spec.bad_json", what=exc.msg, line=exc.lineno, column=exc.colno)) from None
    except RecursionError:
        raise SpecError(None, Message("spec.json_too_deep")) from None
    except ValueError:                     # an integer longer than Python converts
        raise SpecError(None, Message("spec.huge_number")) from None

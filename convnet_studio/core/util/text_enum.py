"""``TextEnum``: enum members that are their text wherever text is expected."""
from __future__ import annotations

import enum


class TextEnum(str, enum.Enum):
    """A str-valued enum: members compare, hash, print, format and JSON-encode as their value.

    ``enum.StrEnum`` does the same from Python 3.11; this also runs on 3.10.
    """

    __str__ = str.__str__
    __format__ = str.__format__

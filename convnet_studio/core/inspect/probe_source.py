"""Where a probe image came from: image ``index`` of a dataset split, or a file (no torch here)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..util.text_enum import TextEnum


class ProbeKind(TextEnum):
    """Where a probe image was taken from."""
    TRAIN = "train"
    VAL = "val"
    FILE = "file"
    DRAWN = "drawn"


@dataclass(frozen=True)
class ProbeSource:
    """The origin of a probe image: image ``index`` of a dataset split, the file at ``path``, or a drawing.

    ``key`` is a stable text id ("val:3", "file:/x.png") for matching answers to the image;
    read the fields, never the key.
    """
    kind: ProbeKind
    index: Optional[int] = None
    path: str = ""

    @classmethod
    def train(cls, index: int) -> "ProbeSource":
        return cls(ProbeKind.TRAIN, int(index))

    @classmethod
    def val(cls, index: int) -> "ProbeSource":
        return cls(ProbeKind.VAL, int(index))

    @classmethod
    def file(cls, path) -> "ProbeSource":
        return cls(ProbeKind.FILE, None, str(path))

    @classmethod
    def drawn(cls) -> "ProbeSource":
        return cls(ProbeKind.DRAWN)

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.path if self.kind is ProbeKind.FILE else self.index}"

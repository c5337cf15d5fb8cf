"""What a dataset source is: plain facts known without its files, and a lazy loader."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from ..errors import ProgressFn

if TYPE_CHECKING:                       # the loaders import torch; declaring a source must not
    from ..dataset import InMemoryDataset


@dataclass(frozen=True)
class LoadOptions:
    """What ``load_dataset`` hands a source's ``load``.

    ``n_train``/``n_val`` are the sizes asked for (None: the source's own); a source may
    return more, and ``load_dataset`` keeps only the first images.
    """
    data_root: Path
    download: bool = True
    seed: int = 0
    progress: Optional[ProgressFn] = None
    n_train: Optional[int] = None
    n_val: Optional[int] = None


@dataclass(frozen=True)
class DatasetSource:
    """One named dataset: ``load(options)`` imports torch and reads or makes it, whole.

    ``input_shape`` (C, H, W) and ``num_classes`` are known without the files, so shapes
    can be inferred and the CLI's help built without loading anything.
    ``description`` is one line a learner understands, ending with a full stop.
    """
    name: str
    title: str
    description: str
    input_shape: tuple
    num_classes: int
    load: Callable[[LoadOptions], "InMemoryDataset"]
    aliases: tuple = ()

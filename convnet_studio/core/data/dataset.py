"""The in-memory dataset every loader returns: uint8 image tensors plus labels."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # only tensor methods are called here: the window imports this before PyTorch loads
    import torch

from .errors import DatasetError, ProgressFn

#: How many skipped files a dataset names, with the reason; ``skipped`` counts them all.
MAX_SKIPPED_LISTED = 1000

__all__ = ["MAX_SKIPPED_LISTED", "DatasetError", "DatasetInfo", "InMemoryDataset", "ProgressFn", "channel_stats", "normalize_batch"]


@dataclass(frozen=True)
class DatasetInfo:
    """Plain facts about a dataset, safe to hand to any thread."""
    name: str
    class_names: tuple
    input_shape: tuple          # (C, H, W)
    train_size: int
    val_size: int
    skipped: int = 0


@dataclass
class InMemoryDataset:
    """Whole dataset as tensors: ``*_x`` uint8 (N, C, H, W), ``*_y`` int64 (N,).

    ``mean``/``std`` are per-channel statistics of the training images in [0, 1]
    units, used to normalise batches on the training device.
    """
    name: str
    class_names: tuple
    train_x: torch.Tensor
    train_y: torch.Tensor
    val_x: torch.Tensor
    val_y: torch.Tensor
    mean: tuple = field(default=())
    std: tuple = field(default=())
    skipped: int = 0
    notes: tuple = ()           # sentences worth telling the user (e.g. very large images were decoded)
    skipped_files: tuple = ()   # (path, reason) of skipped files, the first MAX_SKIPPED_LISTED of them

    def __post_init__(self):
        if not self.mean or not self.std:
            self.mean, self.std = channel_stats(self.train_x)

    @property
    def input_shape(self) -> tuple:
        return tuple(self.train_x.shape[1:])

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    def info(self) -> DatasetInfo:
        return DatasetInfo(self.name, tuple(self.class_names), self.input_shape,
                           int(self.train_x.shape[0]), int(self.val_x.shape[0]), self.skipped)


def channel_stats(x: torch.Tensor, max_images: int = 2048) -> tuple[tuple, tuple]:
    """Per-channel mean and std in [0, 1] units of a uint8 (N, C, H, W) tensor.

    Estimated on at most ``max_images`` images spread evenly over the set (an image
    folder's images are sorted by class, so its first images would be one class);
    that is within ~0.005 of the full figures, and normalisation needs no more.
    Computed with numpy on purpose: a multi-threaded torch op on a loader thread would
    leave an OpenMP thread pool behind that slows the training thread (see core/threads.py).
    """
    if x.shape[0] == 0:
        c = x.shape[1] if x.dim() == 4 else 1
        return (0.5,) * c, (0.25,) * c
    step = -(-x.shape[0] // max_images)
    sample = x[::step].cpu().numpy()
    mean = sample.mean(axis=(0, 2, 3), dtype=np.float64) / 255.0
    std = np.maximum(sample.std(axis=(0, 2, 3), dtype=np.float64) / 255.0, 1e-3)
    return tuple(float(v) for v in mean), tuple(float(v) for v in std)


def normalize_batch(x: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    """uint8 (B, C, H, W) -> float32 normalised, on x's device. mean/std: (1, C, 1, 1) tensors."""
    return x.float().div_(255.0).sub_(mean).div_(std)

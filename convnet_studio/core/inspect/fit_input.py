"""Showing a dataset's images to an opened model whose input is another shape.

An opened model takes, say, 3×224×224 images normalised with ImageNet's statistics, while
the studio's dataset holds 1×28×28 digits. ``fit_image`` fits one uint8 image;
``FittedDataset`` is a read-only view of a dataset whose image batches are fitted as they
are sliced (nothing is resized ahead, so 224×224 copies of a whole dataset never exist).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F


def fit_batch(x: torch.Tensor, input_shape: Sequence[int]) -> torch.Tensor:
    """A uint8 ``(N, C, H, W)`` batch as ``input_shape``: grey repeated to three channels (or colour
    averaged to one), then bilinearly resized; returned as is when it already fits."""
    c, h, w = (int(v) for v in input_shape)
    if tuple(x.shape[1:]) == (c, h, w):
        return x
    y = x.float()
    if y.shape[1] != c:
        y = y.mean(1, keepdim=True)
        y = y.expand(-1, c, -1, -1) if c != 1 else y
    if tuple(y.shape[2:]) != (h, w):
        y = F.interpolate(y, size=(h, w), mode="bilinear", align_corners=False)
    return y.round().clamp(0, 255).to(torch.uint8)


def fit_image(image: np.ndarray, input_shape: Sequence[int]) -> np.ndarray:
    """A uint8 ``(C, H, W)`` (or ``(H, W)``) image as ``input_shape`` (see ``fit_batch``)."""
    x = torch.as_tensor(np.ascontiguousarray(image))
    if x.dim() == 2:
        x = x.unsqueeze(0)
    return fit_batch(x[None], input_shape)[0].numpy()


class FittedImages:
    """Images of a uint8 ``(N, C, H, W)`` tensor, fitted to ``input_shape`` when sliced."""

    def __init__(self, images: torch.Tensor, input_shape: Sequence[int]):
        self._images = images
        self._input_shape = tuple(int(v) for v in input_shape)

    @property
    def shape(self) -> tuple:
        return (int(self._images.shape[0]),) + self._input_shape

    def __len__(self) -> int:
        return int(self._images.shape[0])

    def __getitem__(self, index) -> torch.Tensor:
        batch = self._images[index]
        if batch.dim() == 3:
            return fit_batch(batch[None], self._input_shape)[0]
        return fit_batch(batch, self._input_shape)


class FittedDataset:
    """``dataset`` as an opened model sees it: images fitted to ``input_shape``, normalised with
    the model's ``mean``/``std``; labels, names and classes are the dataset's."""

    def __init__(self, dataset, input_shape: Sequence[int], mean: Sequence[float], std: Sequence[float]):
        self.source = dataset
        self.name = dataset.name
        self.class_names = tuple(dataset.class_names)
        self.input_shape = tuple(int(v) for v in input_shape)
        self.mean, self.std = tuple(mean), tuple(std)
        self.train_x = FittedImages(dataset.train_x, self.input_shape)
        self.val_x = FittedImages(dataset.val_x, self.input_shape)
        self.train_y, self.val_y = dataset.train_y, dataset.val_y

    @property
    def num_classes(self) -> int:
        return int(self.source.num_classes)

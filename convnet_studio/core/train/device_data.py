"""The dataset resident on the training device, normalised there, and batched evaluation."""
from __future__ import annotations

import contextlib
from typing import Callable, Optional

import torch

from ..data.dataset import InMemoryDataset


class DeviceData:
    """uint8 images and labels moved to ``device`` once, plus the normalisation as one fused op.

    ``normalise(x)`` = ``(x / 255 - mean) / std`` computed as ``x * scale + shift``.
    """

    def __init__(self, dataset: InMemoryDataset, device: torch.device,
                 memory_format: Optional[torch.memory_format] = None):
        self.device, self.memory_format = device, memory_format
        self.train_x, self.train_y = dataset.train_x.to(device), dataset.train_y.to(device)
        self.val_x, self.val_y = dataset.val_x.to(device), dataset.val_y.to(device)
        std = torch.tensor(dataset.std, dtype=torch.float32, device=device).view(1, -1, 1, 1)
        mean = torch.tensor(dataset.mean, dtype=torch.float32, device=device).view(1, -1, 1, 1)
        self.scale, self.shift = 1.0 / (255.0 * std), -mean / std

    @property
    def n_train(self) -> int:
        return int(self.train_x.shape[0])

    def normalise(self, x_uint8: torch.Tensor) -> torch.Tensor:
        """uint8 ``(B, C, H, W)`` on the device -> normalised float32 (standard layout)."""
        return torch.addcmul(self.shift, x_uint8.float(), self.scale)

    def to_format(self, x: torch.Tensor) -> torch.Tensor:
        """``x`` in the model's memory format (see ``device.preferred_memory_format``)."""
        return x if self.memory_format is None else x.contiguous(memory_format=self.memory_format)


def evaluate(model: torch.nn.Module, data: DeviceData, loss_fn: Callable, batch_size: int,
             autocast: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext
             ) -> tuple[float, float]:
    """Mean loss and accuracy on the validation set (no grad, eval mode, one read-back); NaNs if empty."""
    n = int(data.val_x.shape[0])
    if n == 0:
        return float("nan"), float("nan")
    loss_sum = torch.zeros((), device=data.device)
    correct = torch.zeros((), device=data.device, dtype=torch.long)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad(), autocast():
            for lo in range(0, n, batch_size):
                y = data.val_y[lo:lo + batch_size]
                out = model(data.to_format(data.normalise(data.val_x[lo:lo + batch_size])))
                loss_sum += loss_fn(out, y).float() * y.shape[0]
                correct += (out.argmax(1) == y).sum()
    finally:
        model.train(was_training)
    loss, hits = torch.stack([loss_sum, correct.float()]).cpu().tolist()
    return loss / n, hits / n

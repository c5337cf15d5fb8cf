"""TensorBoard logs of a run: scalars, weight histograms and first-layer filter images.

``TensorBoardHooks(log_dir)`` joins ``Trainer(hooks=...)``; a kept run's logs go into its run folder,
``RunFolder.tensorboard_dir`` (``<run>/tensorboard/``, so ``tensorboard --logdir`` on the runs
workspace shows every run). After every epoch it writes the
per-step loss and learning rate read back since the last epoch (``loss/step``, ``lr/step``), the
epoch's figures (``loss/train``, ``loss/val``, ``accuracy/train``, ``accuracy/val``, ``lr``),
a histogram of every weight tensor (``weights/<name>``) and the first convolution's filters as
images (``filters/<name>``), all at the global step. Nothing runs per step. ``tensorboard
--logdir`` then shows studio runs beside any other. It needs the optional ``tensorboard``
package (``pip install convnet-studio[tensorboard]``).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ..messages import Message
from .config import ConfigError
from .hooks import TrainerHooks

if TYPE_CHECKING:                  # the window asks tensorboard_missing() before PyTorch has loaded
    import torch

    from .trainer import Trainer

INSTALL = "pip install convnet-studio[tensorboard]"
#: The sub-folder of a run folder that holds its TensorBoard logs (the runs contract reserves it).
RUN_SUBFOLDER = "tensorboard"
#: Epoch scalars: TensorBoard tag -> ``trainer.history`` key.
EPOCH_SCALARS = {"loss/train": "train_loss", "loss/val": "val_loss", "accuracy/train": "train_acc",
                 "accuracy/val": "val_acc", "lr": "lr"}


class TensorBoardUnavailable(ConfigError):
    """The tensorboard package is not installed; the message says what to install."""


def tensorboard_missing() -> str:
    """'' when the tensorboard package is installed, else the sentence saying what to install.

    Looks without importing it (or torch), so the window may ask on its own thread.
    """
    try:
        found = importlib.util.find_spec("tensorboard") is not None
    except (ImportError, ValueError, AttributeError):     # e.g. a module entry set to None
        found = False
    return "" if found else Message("tensorboard.missing", install=INSTALL)


def first_conv(model: "torch.nn.Module") -> Optional[tuple[str, "torch.nn.Conv2d"]]:
    """(name, module) of the model's first 2-D convolution, or None."""
    from torch import nn
    return next(((name, m) for name, m in model.named_modules() if isinstance(m, nn.Conv2d)), None)


def filter_images(weight: "torch.Tensor") -> "torch.Tensor":
    """Conv weights (out, in, k, k) as images (out, C, k, k) in [0, 1]: RGB for 3 inputs, else the first."""
    w = weight.detach().float().cpu()
    w = w if w.shape[1] == 3 else w[:, :1]
    lo = w.amin(dim=(1, 2, 3), keepdim=True)
    hi = w.amax(dim=(1, 2, 3), keepdim=True)
    return (w - lo) / (hi - lo).clamp_min(1e-12)


class TensorBoardHooks(TrainerHooks):
    """Writes a run's TensorBoard events into ``log_dir`` (created when missing)."""

    def __init__(self, log_dir, histograms: bool = True, filters: bool = True):
        missing = tensorboard_missing()
        if missing:
            raise TensorBoardUnavailable(missing)
        self.log_dir = Path(log_dir)
        self.histograms, self.filters = histograms, filters
        self._writer = None
        self._logged_step = 0          # per-step values up to this step are written

    def on_run_start(self, trainer: "Trainer"):
        from torch.utils.tensorboard import SummaryWriter
        try:
            self._writer = SummaryWriter(log_dir=str(self.log_dir))
        except OSError as exc:
            raise ConfigError(Message("config.tensorboard_unwritable", path=self.log_dir,
                                          reason=str(exc.strerror or exc))) from None
        self._logged_step = trainer.step
        factory = getattr(trainer, "model_factory", None)
        network = trainer.spec.name if trainer.spec is not None else getattr(getattr(factory, "source", None),
                                                                             "title", "an opened model")
        self._writer.add_text("run", f"network: {network}; dataset: {trainer.dataset.name}; "
                                     f"settings: {trainer.config.to_dict()}", trainer.step)

    def on_epoch_end(self, trainer: "Trainer"):
        writer = self._writer
        if writer is None:
            return
        self._write_steps(trainer)
        step = trainer.step
        for tag, key in EPOCH_SCALARS.items():
            values = trainer.history.get(key) or []
            if values and values[-1] is not None:
                writer.add_scalar(tag, float(values[-1]), step)
        model = trainer.model
        if self.histograms:
            for name, param in model.named_parameters():
                writer.add_histogram(f"weights/{name}", param.detach().float().cpu(), step)
        found = first_conv(model) if self.filters else None
        if found is not None:
            name, conv = found
            writer.add_images(f"filters/{name or 'conv'}", filter_images(conv.weight), step)
        writer.flush()

    def on_run_end(self, trainer: "Trainer", ended):
        if self._writer is None:
            return
        self._write_steps(trainer)
        self._writer.close()
        self._writer = None

    def _write_steps(self, trainer: "Trainer") -> None:
        cols = trainer.step_log.arrays()
        new = cols["step"] > self._logged_step
        for step, loss, lr in zip(cols["step"][new].tolist(), cols["loss"][new].tolist(), cols["lr"][new].tolist()):
            self._writer.add_scalar("loss/step", loss, step)
            self._writer.add_scalar("lr/step", lr, step)
        if new.any():
            self._logged_step = int(cols["step"][new][-1])

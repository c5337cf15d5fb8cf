"""Per-sample evaluation of a model on a dataset split: predictions, losses, confusion matrix.

``evaluate`` runs batched under no_grad in eval mode (restored afterwards) and reads the
results back once. The helpers pick gallery images out of an ``EvalResult``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..data.dataset import InMemoryDataset
from .model_utils import eval_mode, model_device, normaliser, to_numpy


@dataclass(frozen=True)
class EvalResult:
    """What a model said about every sample of a split (index i = sample i of the split).

    ``predicted``/``true``: int64 ``(N,)`` classes; ``confidence``: float32 ``(N,)`` softmax
    probability of the predicted class; ``prob_true``: float32 ``(N,)`` probability of the
    true class; ``loss``: float32 ``(N,)`` cross-entropy of each sample; ``confusion``: int64
    ``(K, K)`` counts, rows = true class, columns = predicted class; ``per_class_accuracy``:
    float64 ``(K,)`` (NaN for a class without samples); ``accuracy``: overall (NaN if N = 0).
    """
    predicted: np.ndarray
    true: np.ndarray
    confidence: np.ndarray
    prob_true: np.ndarray
    loss: np.ndarray
    confusion: np.ndarray
    per_class_accuracy: np.ndarray
    accuracy: float

    @property
    def num_samples(self) -> int:
        return int(self.true.shape[0])

    @property
    def num_classes(self) -> int:
        return int(self.confusion.shape[0])

    @property
    def mean_loss(self) -> float:
        return float(self.loss.mean()) if self.loss.size else float("nan")


def evaluate(model: nn.Module, dataset: InMemoryDataset, device: Optional[torch.device | str] = None,
             batch_size: int = 512, split: str = "val") -> EvalResult:
    """Evaluate ``model`` on the ``"val"`` (default) or ``"train"`` split of ``dataset``.

    ``device`` is where the batches are computed; the model must already live there
    (``None``: the model's device). Images are normalised with the dataset's mean/std.
    """
    if split not in ("val", "train"):
        raise ValueError(f"split must be 'val' or 'train', not {split!r}")
    x, y = (dataset.val_x, dataset.val_y) if split == "val" else (dataset.train_x, dataset.train_y)
    return evaluate_tensors(model, x, y, dataset.mean, dataset.std, dataset.num_classes, device, batch_size)


def evaluate_tensors(model: nn.Module, x_uint8: torch.Tensor, y: torch.Tensor, mean, std, num_classes: int,
                     device: Optional[torch.device | str] = None, batch_size: int = 512) -> EvalResult:
    """``evaluate`` for raw tensors: uint8 images ``(N,C,H,W)``, int labels ``(N,)``, per-channel mean/std."""
    dev = model_device(model)
    if device is not None:
        asked = torch.device(device)
        if asked.type != dev.type or asked.index not in (None, dev.index):
            raise ValueError(f"the model lives on {dev} but evaluation was asked to run on {asked}; "
                             f"move the model there first")
    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1, not {batch_size}")
    k = int(num_classes)
    normalise = normaliser(mean, std, dev)
    n = int(x_uint8.shape[0])
    preds, confs, p_true, losses = [], [], [], []
    y_dev = torch.as_tensor(y).to(dev).long()
    with eval_mode(model):
        for lo in range(0, n, batch_size):
            logits = model(normalise(x_uint8[lo:lo + batch_size])).float()
            if logits.dim() != 2 or logits.shape[1] != k:
                raise ValueError(f"the model outputs shape {tuple(logits.shape[1:])} but the dataset has {k} classes")
            yb = y_dev[lo:lo + batch_size]
            logp = logits.log_softmax(dim=1)
            conf, pred = logp.max(dim=1)
            preds.append(pred)
            confs.append(conf.exp())
            p_true.append(logp.gather(1, yb[:, None])[:, 0].exp())
            losses.append(F.nll_loss(logp, yb, reduction="none"))
    if n:
        pred_t, conf_t, ptrue_t, loss_t = (torch.cat(t) for t in (preds, confs, p_true, losses))
    else:
        pred_t = torch.zeros(0, dtype=torch.long, device=dev)
        conf_t = ptrue_t = loss_t = torch.zeros(0, device=dev)
    confusion_t = torch.bincount(y_dev * k + pred_t, minlength=k * k).view(k, k)
    predicted, confusion = to_numpy(pred_t, torch.int64), to_numpy(confusion_t, torch.int64)
    true = to_numpy(y_dev, torch.int64)
    totals = confusion.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_class = np.where(totals > 0, np.diag(confusion) / np.maximum(totals, 1), np.nan)
    accuracy = float((predicted == true).mean()) if n else float("nan")
    return EvalResult(predicted=predicted, true=true, confidence=to_numpy(conf_t), prob_true=to_numpy(ptrue_t),
                      loss=to_numpy(loss_t), confusion=confusion, per_class_accuracy=per_class.astype(np.float64),
                      accuracy=accuracy)


def row_normalised(confusion: np.ndarray) -> np.ndarray:
    """Each row divided by its total (float64): entry (t, p) = fraction of class t predicted as p.

    Rows of classes without samples stay all zero.
    """
    c = np.asarray(confusion, dtype=np.float64)
    totals = c.sum(axis=1, keepdims=True)
    return np.divide(c, totals, out=np.zeros_like(c), where=totals > 0)


def _by_loss_desc(result: EvalResult, indices: np.ndarray) -> np.ndarray:
    order = np.argsort(-result.loss[indices], kind="stable")  # ties keep the sample order
    return indices[order].astype(np.int64)


def cell_indices(result: EvalResult, true_cls: int, pred_cls: int) -> np.ndarray:
    """Sample indices of confusion cell (true_cls, pred_cls), highest loss first.

    The loss is -log(probability of the true class), so this is also the order of that
    probability, lowest first: on the diagonal "least sure first".
    """
    k = result.num_classes
    if not (0 <= true_cls < k and 0 <= pred_cls < k):
        raise ValueError(f"classes must be between 0 and {k - 1}, not ({true_cls}, {pred_cls})")
    hits = np.flatnonzero((result.true == true_cls) & (result.predicted == pred_cls))
    return _by_loss_desc(result, hits)


def hardest(result: EvalResult, k: int = 16) -> np.ndarray:
    """Indices of the ``k`` samples with the highest loss over the whole split, highest first
    (lowest probability of the true class first)."""
    if k < 0:
        raise ValueError(f"k must not be negative, not {k}")
    return _by_loss_desc(result, np.arange(result.num_samples))[:k]

"""Growing numpy buffers for the live plots (numpy only, no Qt).

Appends are amortised O(1) (capacity doubles), and ``view()`` hands out a
read-only slice of the filled part, so a redraw passes arrays to pyqtgraph
without copying them.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np


class GrowingArray:
    """A 1-D numpy array that grows by doubling its capacity."""

    def __init__(self, dtype=np.float64, capacity: int = 1024):
        self._data = np.empty(max(16, capacity), dtype=dtype)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def extend(self, values) -> None:
        """Append a 1-D array (or scalar) of values."""
        values = np.asarray(values, dtype=self._data.dtype).reshape(-1)
        need = self._n + values.size
        if need > self._data.size:
            grown = np.empty(max(need, 2 * self._data.size), dtype=self._data.dtype)
            grown[:self._n] = self._data[:self._n]
            self._data = grown
        self._data[self._n:need] = values
        self._n = need

    def view(self) -> np.ndarray:
        """The filled part (a read-only view, valid until the next extend)."""
        v = self._data[:self._n]
        v.flags.writeable = False
        return v

    def truncate(self, n: int) -> None:
        """Keep the first ``n`` values."""
        self._n = max(0, min(self._n, int(n)))

    def clear(self) -> None:
        self._n = 0


class Ema:
    """Debiased exponential moving average (as TensorBoard smooths), fed chunk by chunk."""

    def __init__(self, weight: float = 0.9):
        self.weight = float(weight)
        self.reset()

    def reset(self) -> None:
        self._last = 0.0
        self._count = 0

    def feed(self, values: np.ndarray) -> np.ndarray:
        """Smoothed values for ``values``, continuing from the previous chunk."""
        w = self.weight
        last, count = self._last, self._count
        out = np.empty(len(values), dtype=np.float64)
        for i, v in enumerate(np.asarray(values, dtype=np.float64).tolist()):
            last = last * w + (1.0 - w) * v
            count += 1
            out[i] = last / (1.0 - w ** count) if w > 0 else v
        self._last, self._count = last, count
        return out


STEP_COLUMNS = ("step", "epoch", "loss", "acc", "lr")
EPOCH_COLUMNS = ("epoch", "step", "train_loss", "train_acc", "val_loss", "val_acc", "lr", "seconds")


@dataclass(frozen=True)
class HParamMark:
    """A live hyperparameter change at ``step`` and the text the plot shows for it."""
    step: int
    text: str


class MetricHistory:
    """Everything the plots show: per-step series, their EMAs, per-epoch rows, hparam marks."""

    def __init__(self, smoothing: float = 0.9):
        self.step = GrowingArray(np.float64)
        self.epoch = GrowingArray(np.int32)
        self.loss = GrowingArray(np.float64)
        self.acc = GrowingArray(np.float64)         # percent
        self.lr = GrowingArray(np.float64)
        self.loss_smooth = GrowingArray(np.float64)
        self.acc_smooth = GrowingArray(np.float64)
        self._loss_ema = Ema(smoothing)
        self._acc_ema = Ema(smoothing)
        self.epochs: list[tuple] = []               # rows of EPOCH_COLUMNS (acc in percent)
        self.marks: list[HParamMark] = []

    @property
    def smoothing(self) -> float:
        return self._loss_ema.weight

    def __len__(self) -> int:
        return len(self.step)

    def clear(self) -> None:
        for buf in self._buffers():
            buf.clear()
        self._loss_ema.reset()
        self._acc_ema.reset()
        self.epochs.clear()
        self.marks.clear()

    def _buffers(self):
        return (self.step, self.epoch, self.loss, self.acc, self.lr, self.loss_smooth, self.acc_smooth)

    def add_steps(self, steps, losses, accs, lr: float, epoch: int) -> int:
        """Append one BatchMetrics' worth of steps; non-finite losses are skipped. Returns the count added."""
        steps = np.asarray(steps, dtype=np.float64).reshape(-1)
        losses = np.asarray(losses, dtype=np.float64).reshape(-1)
        accs = np.asarray(accs, dtype=np.float64).reshape(-1) * 100.0
        n = min(steps.size, losses.size, accs.size)
        steps, losses, accs = steps[:n], losses[:n], accs[:n]
        keep = np.isfinite(losses) & np.isfinite(accs) & np.isfinite(steps)
        if len(self.step):
            keep &= steps > self.step.view()[-1]      # x must stay increasing for clipToView
        if not keep.all():
            steps, losses, accs = steps[keep], losses[keep], accs[keep]
        if steps.size == 0:
            return 0
        self.step.extend(steps)
        self.epoch.extend(np.full(steps.size, epoch))
        self.loss.extend(losses)
        self.acc.extend(accs)
        self.lr.extend(np.full(steps.size, lr if math.isfinite(lr) else 0.0))
        self.loss_smooth.extend(self._loss_ema.feed(losses))
        self.acc_smooth.extend(self._acc_ema.feed(accs))
        return int(steps.size)

    def restore_steps(self, steps, losses, accs, lrs, epoch_end_steps=()) -> int:
        """Replace the per-step series with a saved curve (``accs`` as fractions, one lr per step).

        Each step's epoch is the first whose end step (``epoch_end_steps``, ascending) it does
        not pass. Returns the number of points kept (non-finite ones are dropped).
        """
        for buf in self._buffers():
            buf.clear()
        self._loss_ema.reset()
        self._acc_ema.reset()
        steps = np.asarray(steps, dtype=np.float64).reshape(-1)
        losses = np.asarray(losses, dtype=np.float64).reshape(-1)
        accs = np.asarray(accs, dtype=np.float64).reshape(-1) * 100.0
        lrs = np.asarray(lrs, dtype=np.float64).reshape(-1)
        keep = np.isfinite(steps) & np.isfinite(losses) & np.isfinite(accs)
        steps, losses, accs, lrs = steps[keep], losses[keep], accs[keep], np.nan_to_num(lrs[keep])
        ends = np.asarray(epoch_end_steps, dtype=np.float64).reshape(-1)
        self.step.extend(steps)
        self.epoch.extend(np.searchsorted(ends, steps, side="left") + 1)
        self.loss.extend(losses)
        self.acc.extend(accs)
        self.lr.extend(lrs)
        self.loss_smooth.extend(self._loss_ema.feed(losses))
        self.acc_smooth.extend(self._acc_ema.feed(accs))
        return int(steps.size)

    def add_epoch(self, epoch: int, step: int, train_loss: float, train_acc: float,
                  val_loss: float, val_acc: float, lr: float, seconds: float) -> None:
        """Append one epoch row (accuracies given as fractions, stored as percent)."""
        self.epochs = [row for row in self.epochs if row[0] != epoch]
        self.epochs.append((int(epoch), int(step), float(train_loss), 100.0 * float(train_acc),
                            float(val_loss), 100.0 * float(val_acc), float(lr), float(seconds)))

    def epoch_column(self, name: str) -> np.ndarray:
        i = EPOCH_COLUMNS.index(name)
        return np.array([row[i] for row in self.epochs], dtype=np.float64)

    def finite_epochs(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(steps, values) of an epoch column, without non-finite values."""
        x, y = self.epoch_column("step"), self.epoch_column(name)
        keep = np.isfinite(y)
        return x[keep], y[keep]

    def truncate_after(self, step: int) -> None:
        """Forget everything after ``step`` (a run resumed from an earlier checkpoint)."""
        n = int(np.searchsorted(self.step.view(), step, side="right"))
        for buf in self._buffers():
            buf.truncate(n)
        self.epochs = [row for row in self.epochs if row[1] <= step]
        self.marks = [m for m in self.marks if m.step <= step]
        self.set_smoothing(self.smoothing)

    def set_smoothing(self, weight: float) -> None:
        """Change the EMA weight and recompute both smoothed series."""
        for ema, src, dst in ((self._loss_ema, self.loss, self.loss_smooth),
                              (self._acc_ema, self.acc, self.acc_smooth)):
            ema.weight = float(weight)
            ema.reset()
            values = np.array(src.view())
            dst.clear()
            dst.extend(ema.feed(values))

    def write_csv(self, path) -> list[Path]:
        """Write per-step rows to ``path`` and per-epoch rows to ``<stem>_epochs.csv`` next to it.

        Accuracies are fractions in [0, 1] (as the CLI's JSON). Returns both paths.
        """
        from ...core.util.atomic import atomic_write_text

        path = Path(path)
        epochs_path = path.with_name(path.stem + "_epochs" + (path.suffix or ".csv"))
        cols = (self.step.view(), self.epoch.view(), self.loss.view(), self.acc.view() / 100.0,
                self.lr.view())
        rows = zip(*(c.tolist() for c in cols))
        atomic_write_text(path, _csv_text(STEP_COLUMNS, ((int(s), int(e), l, a, r) for s, e, l, a, r in rows)))
        epoch_rows = ((e, s, tl, ta / 100.0, vl, va / 100.0, lr, sec)
                      for e, s, tl, ta, vl, va, lr, sec in self.epochs)
        atomic_write_text(epochs_path, _csv_text(EPOCH_COLUMNS, epoch_rows))
        return [path, epochs_path]


def _csv_text(header, rows) -> str:
    import io
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([repr(v) if isinstance(v, float) else v for v in row])
    return out.getvalue()

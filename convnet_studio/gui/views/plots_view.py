"""PlotsView: live loss, accuracy and learning-rate curves of the current run.

Metrics arrive as BatchMetrics / EpochEnd / HParamsChanged signals of StudioState;
they are appended to growing numpy buffers (metric_buffers) and the curves are
redrawn only when something changed, on a throttle (``DeferredRedraw``: changes are
coalesced for REDRAW_MS, redraws are at least MIN_REDRAW_INTERVAL_S apart), with one
``setData`` per curve. Curves use clip-to-view and automatic peak downsampling, so
a 100k-step run redraws in milliseconds.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (QCheckBox, QDoubleSpinBox, QFileDialog, QGraphicsItem, QHBoxLayout,
                               QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from ..support.deferred_redraw import DeferredRedraw
from ..support.redraw_budget import MeteredPaint, training_budget
from ..widgets.buttons import shrinkable
from ..widgets.hparam_marks import HParamMarks
from ..support.metric_buffers import HParamMark, MetricHistory
from ..support.style import is_dark, series_colors, style_graphics_view, style_plot_item

REDRAW_MS = 33
DEFAULT_SMOOTHING = 0.95
EMPTY_STEPS = 100          # the step axis of a run without steps yet: whole steps, not 0.1-0.9


class _PlotsCanvas(MeteredPaint, pg.GraphicsLayoutWidget):
    """The three stacked plots; their paints count against the view's redraw budget."""


class PlotsView(QWidget):
    """Loss (raw + smoothed, validation per epoch), accuracy in %, learning rate, per step.

    Vertical dashed lines mark live hyperparameter changes. ``export_png`` /
    ``export_csv`` save what is shown; ``plot_points()`` is the number of loss points plotted.
    """

    MIN_REDRAW_INTERVAL_S = 0.2

    def __init__(self, state, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._state = state
        self._history = MetricHistory(DEFAULT_SMOOTHING)
        self._dirty_steps = self._dirty_epochs = self._dirty_marks = False
        self._last_hparams: Optional[tuple] = None

        # Painting three plots is the GUI thread's biggest cost while training, taken from the training
        # thread (see redraw_budget.py): redraw at most every MIN_REDRAW_INTERVAL_S, new metrics less
        # often where the budget says so (a change after a quiet spell still shows within REDRAW_MS).
        self._redraws = DeferredRedraw(self, self._redraw, REDRAW_MS, budget=training_budget(state),
                                       min_gap_ms=round(self.MIN_REDRAW_INTERVAL_S * 1000))

        self._build_ui()
        self._apply_palette()

        state.runStarted.connect(self._on_run_started)
        state.batchMetrics.connect(self._on_batch_metrics)
        state.epochEnded.connect(self._on_epoch_end)
        state.hparamsChanged.connect(self._on_hparams_changed)
        state.runRestored.connect(self._on_run_restored)

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.smoothing_spin = QDoubleSpinBox()
        self.smoothing_spin.setRange(0.0, 0.999)
        self.smoothing_spin.setDecimals(3)
        self.smoothing_spin.setSingleStep(0.05)
        self.smoothing_spin.setValue(DEFAULT_SMOOTHING)
        self.smoothing_spin.setToolTip(
            self.tr("How strongly the bold loss and accuracy lines are smoothed (exponential moving "
            "average). 0 shows the raw values; 0.9-0.99 shows the trend of a noisy run."))
        self.smoothing_spin.valueChanged.connect(self._on_smoothing_changed)
        self.raw_check = QCheckBox(self.tr("Raw loss"))
        self.raw_check.setChecked(True)
        self.raw_check.setToolTip(self.tr("Show every step's loss as a faint line behind the smoothed one."))
        self.raw_check.toggled.connect(lambda on: self.raw_curve.setVisible(on))
        fit = QPushButton(self.tr("Fit"))
        fit.setToolTip(self.tr("Zoom all plots out to show the whole run again."))
        fit.clicked.connect(self.fit_all)
        png = QPushButton(self.tr("Export PNG…"))
        png.setToolTip(self.tr("Save the three plots as one PNG image."))
        png.clicked.connect(self._ask_export_png)
        csv_button = QPushButton(self.tr("Export CSV…"))
        csv_button.setToolTip(self.tr("Save the metrics as CSV: one row per step, plus a second file "
                              "ending in _epochs.csv with one row per epoch."))
        csv_button.clicked.connect(self._ask_export_csv)
        self.message = QLabel()
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # a long message is cut rather than widening the window (the tooltip holds all of it)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        shrinkable(fit, png, csv_button)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Smoothing")))
        bar.addWidget(self.smoothing_spin)
        bar.addWidget(self.raw_check)
        bar.addWidget(self.message, 1)
        for button in (fit, png, csv_button):
            bar.addWidget(button)

        self.graphics = _PlotsCanvas()
        self.graphics.paint_meter = self._redraws.paint_meter
        # Stacked, x-linked plots: pyqtgraph aligns linked views on screen, so the same
        # step is at the same horizontal position in all three.
        self.loss_plot = self.graphics.addPlot(row=0, col=0, title=self.tr("Loss"))
        self.acc_plot = self.graphics.addPlot(row=1, col=0, title=self.tr("Accuracy"))
        self.lr_plot = self.graphics.addPlot(row=2, col=0, title=self.tr("Learning rate"))
        for row, stretch in enumerate((5, 3, 2)):
            self.graphics.ci.layout.setRowStretchFactor(row, stretch)
        for plot, ylabel, units, corner in ((self.loss_plot, self.tr("loss"), None, (-10, 10)),
                                            (self.acc_plot, self.tr("accuracy"), "%", (10, 10)),
                                            (self.lr_plot, self.tr("learning rate"), None, (-10, 10))):
            plot.setLabel("left", ylabel, units=units)
            for axis in ("left", "bottom"):
                plot.getAxis(axis).enableAutoSIPrefix(False)
                # A redraw that keeps the ranges repaints the axes from this cache, not tick by tick.
                plot.getAxis(axis).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            plot.getAxis("left").setWidth(64)
            plot.setClipToView(True)
            plot.setDownsampling(auto=True, mode="peak")
            plot.addLegend(offset=corner)
        self.lr_plot.setLabel("bottom", self.tr("step"))
        self.acc_plot.setXLink(self.loss_plot)
        self.lr_plot.setXLink(self.loss_plot)
        # One step axis, the bottom plot's: growing the step range draws every visible one again, tick by tick.
        for plot in (self.loss_plot, self.acc_plot):
            plot.hideAxis("bottom")
        # Ranges follow the run in steps with headroom instead of auto-ranging on every redraw:
        # an unchanged range lets the axes reuse their cached drawing and saves a second paint.
        self.loss_plot.disableAutoRange()
        self._follow = True
        self._x_top = self._loss_top = 0.0
        for plot in (self.loss_plot, self.acc_plot, self.lr_plot):
            plot.getViewBox().sigRangeChangedManually.connect(self._stop_following)
        # Fixed, meaningful y ranges: accuracy 0-100 %, learning rate from 0 to its maximum.
        self.acc_plot.setYRange(0, 100, padding=0.02)
        self.acc_plot.enableAutoRange(y=False)
        self.lr_plot.enableAutoRange(y=False)
        self._lr_top = 0.0
        self._follow_ranges()

        def curve(plot, name, per_pixel=2.0, smooth=False, **kw):
            item = plot.plot([], [], name=name, skipFiniteCheck=True, **kw)
            # pyqtgraph keeps ``autoDownsampleFactor`` buckets per pixel of plot width; peak mode
            # draws two points per bucket (its lowest and highest), mean mode one.
            item.opts["autoDownsampleFactor"] = per_pixel / (1.0 if smooth else 2.0)
            if smooth:
                # A smoothed line has no spikes worth keeping; peak mode would draw it as a band.
                item.setDownsampling(auto=True, method="mean")
            return item

        # Drawn points per pixel: every spike of the raw loss; the smooth lines, whose 2 px pens are
        # stroked point by point (the costliest part of a paint), only what their shape needs.
        self.raw_curve = curve(self.loss_plot, self.tr("train loss (per step)"))
        self.smooth_curve = curve(self.loss_plot, self.tr("train loss (smoothed)"), per_pixel=0.25,
                                  smooth=True)
        self.val_loss_curve = curve(self.loss_plot, self.tr("validation loss (per epoch)"), symbol="o",
                                    symbolSize=7)
        self.acc_curve = curve(self.acc_plot, self.tr("train (smoothed)"), per_pixel=0.25, smooth=True)
        self.val_acc_curve = curve(self.acc_plot, self.tr("validation (per epoch)"), symbol="o", symbolSize=7)
        self.lr_curve = curve(self.lr_plot, self.tr("learning rate"), per_pixel=0.5)
        self.lr_plot.legend.setVisible(False)
        self._marks = HParamMarks((self.loss_plot, self.acc_plot, self.lr_plot), self.loss_plot)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.graphics, 1)

    def _apply_palette(self) -> None:
        pal = self.palette()
        colors = series_colors(pal)
        style_graphics_view(self.graphics, pal)
        for plot in (self.loss_plot, self.acc_plot, self.lr_plot):
            style_plot_item(plot, pal)
        self.raw_curve.setPen(pg.mkPen((*colors["train"], 110 if is_dark(pal) else 80), width=1))
        self.smooth_curve.setPen(pg.mkPen(colors["train"], width=2))
        self.acc_curve.setPen(pg.mkPen(colors["train"], width=2))
        for item in (self.val_loss_curve, self.val_acc_curve):
            item.setPen(pg.mkPen(colors["val"], width=2))
            item.setSymbolBrush(colors["val"])
            item.setSymbolPen(pg.mkPen(colors["val"]))
        self.lr_curve.setPen(pg.mkPen(colors["lr"], width=2))
        self._dirty_marks = True
        self._schedule()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        super().changeEvent(event)

    # ------------------------------------------------------------------ public API
    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def plot_points(self) -> int:
        """Number of training-loss points on the plot (pending data is drawn first)."""
        self.flush()
        data = self.raw_curve.getOriginalDataset()[0]
        return 0 if data is None else int(len(data))

    def history(self) -> MetricHistory:
        """The buffered metrics (read-only use)."""
        return self._history

    def clear(self) -> None:
        """Forget all metrics and markers."""
        self._history.clear()
        self._last_hparams = None
        self._mark_all_dirty()

    def flush(self) -> None:
        """Redraw now if anything changed (even while hidden)."""
        self._redraws.flush()

    def fit_all(self) -> None:
        """Zoom every plot out to the whole run (accuracy 0-100 %, learning rate from 0) and follow it."""
        self._follow = True
        self._x_top = self._loss_top = 0.0
        self._follow_ranges()
        self.acc_plot.setYRange(0, 100, padding=0.02)
        self._lr_top = 0.0
        self._fit_lr_axis()

    def _stop_following(self, *_args) -> None:
        """The user zoomed or panned: leave the ranges alone until Fit."""
        self._follow = False

    def _follow_ranges(self) -> None:
        """Grow the step range (and the loss range) with headroom, so most redraws keep them."""
        if not self._follow:
            return
        h = self._history
        steps, losses = h.step.view(), h.loss.view()
        if not steps.size:
            if self._x_top != EMPTY_STEPS:
                self._x_top = float(EMPTY_STEPS)
                self.loss_plot.setXRange(0, EMPTY_STEPS, padding=0)
            return
        last = float(steps[-1])
        if last > self._x_top or self._x_top > 4 * max(last, 25.0):
            self._x_top = max(50.0, last * 1.3)
            self.loss_plot.setXRange(0, self._x_top, padding=0)
        finite = losses[np.isfinite(losses)] if losses.size else losses
        top = float(finite.max()) if finite.size else 0.0
        if top > 0 and (top > self._loss_top or top < self._loss_top / 2):
            self._loss_top = top * 1.15
            self.loss_plot.setYRange(0, self._loss_top, padding=0)

    def _fit_lr_axis(self) -> None:
        lr = self._history.lr.view()
        top = float(lr.max()) if lr.size else 0.0
        if top > 0 and top != self._lr_top:
            self._lr_top = top
            self.lr_plot.setYRange(0, top * 1.1, padding=0)

    def export_png(self, path) -> Path:
        """Save the plots as they look now to ``path`` (PNG). Raises OSError if it cannot be written."""
        self.flush()
        path = Path(path)
        if not self.graphics.grab().save(str(path), "PNG"):
            raise OSError(self.tr("Could not write the image {path}.").format(path=path))
        return path

    def export_csv(self, path) -> list[Path]:
        """Write per-step metrics to ``path`` and per-epoch metrics to ``<stem>_epochs.csv``.

        Per-step columns: step, epoch, loss, acc, lr. Per-epoch columns: epoch, step,
        train_loss, train_acc, val_loss, val_acc, lr, seconds. Accuracies are fractions.
        Returns both paths.
        """
        return self._history.write_csv(path)

    # ------------------------------------------------------------------ slots
    def _on_run_started(self, event) -> None:
        start = int(getattr(event, "start_step", 0) or 0)
        if start > 0:
            self._history.truncate_after(start)
        else:
            self._history.clear()
        config = getattr(self._state, "config", None)
        self._last_hparams = None if config is None else (
            float(config.lr), float(config.momentum), float(config.weight_decay))
        self._mark_all_dirty()

    def _on_run_restored(self, opened) -> None:
        """A run file was opened: show its saved per-step curve (its epochs arrive as EpochEnd events)."""
        self._history.clear()
        log = opened.step_log
        if log:
            self._history.restore_steps(log["step"], log["loss"], log["acc"], log["lr"],
                                        opened.history.get("step", ()))
        self._mark_all_dirty()

    def _on_batch_metrics(self, event) -> None:
        if self._history.add_steps(event.steps, event.losses, event.accs, event.lr, event.epoch):
            self._dirty_steps = True
            self._redraws.mark_live()

    def _on_epoch_end(self, event) -> None:
        self._history.add_epoch(event.epoch, event.step, event.train_loss, event.train_acc,
                                event.val_loss, event.val_acc, event.lr, event.seconds)
        self._dirty_epochs = True
        self._redraws.mark_live()

    def _on_hparams_changed(self, event) -> None:
        new = (float(event.lr), float(event.momentum), float(event.weight_decay))
        old = self._last_hparams
        parts = []
        for name, was, now in zip(("lr", "momentum", "wd"), old or (None,) * 3, new):
            if old is None and name != "lr":
                continue
            if was is None or not math.isclose(was, now, rel_tol=1e-9, abs_tol=0.0):
                parts.append(f"{name} {now:g}")
        self._last_hparams = new
        self._history.marks.append(HParamMark(int(event.step), ", ".join(parts) or f"lr {new[0]:g}"))
        self._dirty_marks = True
        self._schedule()

    def _on_smoothing_changed(self, value: float) -> None:
        self._history.set_smoothing(value)
        self._dirty_steps = True
        self._schedule()

    # ------------------------------------------------------------------ drawing
    def _mark_all_dirty(self) -> None:
        self._dirty_steps = self._dirty_epochs = self._dirty_marks = True
        self._schedule()

    def _schedule(self) -> None:
        self._redraws.mark()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._redraws.shown()

    def _redraw(self) -> None:
        h = self._history
        if self._dirty_steps:
            self._dirty_steps = False
            x = h.step.view()
            self.raw_curve.setData(x, h.loss.view())
            self.smooth_curve.setData(x, h.loss_smooth.view())
            self.acc_curve.setData(x, h.acc_smooth.view())
            self.lr_curve.setData(x, h.lr.view())
            self._fit_lr_axis()
            self._follow_ranges()
        if self._dirty_epochs:
            self._dirty_epochs = False
            self.val_loss_curve.setData(*h.finite_epochs("val_loss"))
            self.val_acc_curve.setData(*h.finite_epochs("val_acc"))
        if self._dirty_marks:
            self._dirty_marks = False
            self._draw_marks()

    def _draw_marks(self) -> None:
        self._marks.draw(self._history.marks, series_colors(self.palette())["marker"])

    @property
    def _mark_lines(self) -> list[tuple[pg.PlotItem, pg.InfiniteLine]]:
        return self._marks.lines

    def mark_texts(self) -> list[str]:
        """Texts of the hyperparameter-change markers on the loss plot."""
        return [m.text for m in self._history.marks]

    # ------------------------------------------------------------------ dialogs
    def _ask_export_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export plots as PNG"), "plots.png",
                                              self.tr("PNG images (*.png)"))
        if path:
            try:
                self.export_png(path)
                self._say(self.tr("Saved {names}.").format(names=Path(path).name))
            except OSError as exc:
                self._say(str(exc), error=True)

    def _ask_export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export metrics as CSV"), "metrics.csv",
                                              self.tr("CSV files (*.csv)"))
        if path:
            try:
                written = self.export_csv(path)
                self._say(self.tr("Saved {names}.").format(names=self.tr(" and ").join(p.name for p in written)))
            except OSError as exc:
                self._say(self.tr("Could not save the metrics: {reason}.").format(reason=exc.strerror or exc),
                          error=True)

    def _say(self, text: str, error: bool = False) -> None:
        color = series_colors(self.palette())["wrong"] if error else None
        self.message.setStyleSheet(f"color: rgb{color};" if color else "")
        self.message.setText(text)
        self.message.setToolTip(text)

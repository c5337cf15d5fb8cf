"""RunCurves: the loss and accuracy curves of several runs overlaid, one colour per run, with a legend.

Both plots are against the training step. Each run draws its per-step training curve
(steps.csv) as a thin, faint line and its validation figures at the end of each epoch
(metrics.csv) as a thick line with dots, in the run's colour.
"""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from ..support.redraw_budget import MeteredPaint
from ..support.style import style_graphics_view, style_plot_item

#: Distinct colours for up to ten runs (they repeat after that).
PALETTE = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
           (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207))
#: Opacity of the per-step training curves.
STEP_ALPHA = 70


def _column(rows: Sequence[dict], key: str) -> np.ndarray:
    return np.array([float(r[key]) if isinstance(r.get(key), (int, float)) else np.nan for r in rows])


class _PlotWidget(MeteredPaint, pg.PlotWidget):
    """A plot whose paints count against its owner's redraw budget (``set_paint_meter``)."""


class RunCurves(QWidget):
    """Two plots (loss, accuracy) against the step; ``set_runs([(label, epoch_rows, step_rows), ...])``."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.loss_plot = _PlotWidget()
        self.acc_plot = _PlotWidget()
        for widget, title in ((self.loss_plot, self.tr("Loss")), (self.acc_plot, self.tr("Accuracy"))):
            item = widget.getPlotItem()
            item.setTitle(title)
            item.setLabel("bottom", self.tr("step"))
            item.setClipToView(True)
            item.setDownsampling(auto=True, mode="peak")
            item.showGrid(x=True, y=True, alpha=0.2)
            item.addLegend(offset=(-10, 10))
            style_graphics_view(widget, self.palette())
            style_plot_item(item, self.palette())
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.loss_plot)
        box.addWidget(self.acc_plot)
        self.labels: list[str] = []
        self._val_curves: list = []

    def set_paint_meter(self, meter) -> None:
        """Add the CPU time of the plots' paints to ``meter`` (a ``PaintMeter``, see redraw_budget.py)."""
        self.loss_plot.paint_meter = self.acc_plot.paint_meter = meter

    def set_runs(self, runs: Sequence[tuple[str, Sequence[dict], Sequence[dict]]]) -> None:
        """Draw each (label, epoch rows, step rows) in its own colour (see the module doc)."""
        self.labels = []
        self._val_curves = []
        for widget in (self.loss_plot, self.acc_plot):
            item = widget.getPlotItem()
            item.clear()
            if item.legend is not None:
                item.legend.clear()
                item.legend.setVisible(bool(runs))     # an empty legend still draws its box
        for n, (label, epochs, steps) in enumerate(runs):
            colour = PALETTE[n % len(PALETTE)]
            thick, faint = pg.mkPen(colour, width=2), pg.mkPen((*colour, STEP_ALPHA), width=1)
            epoch_x, step_x = _column(epochs, "step"), _column(steps, "step")
            for widget, step_key, val_key in ((self.loss_plot, "loss", "val_loss"), (self.acc_plot, "acc", "val_acc")):
                item = widget.getPlotItem()
                if len(step_x):
                    item.plot(step_x, _column(steps, step_key), pen=faint, connect="finite")
                curve = item.plot(epoch_x, _column(epochs, val_key), pen=thick, symbol="o", symbolSize=5,
                                  symbolBrush=colour, symbolPen=None, name=label, connect="finite")
                if widget is self.loss_plot:
                    self._val_curves.append(curve)
            self.labels.append(label)
        style_plot_item(self.loss_plot.getPlotItem(), self.palette())
        style_plot_item(self.acc_plot.getPlotItem(), self.palette())

    def curve_count(self) -> int:
        """How many runs are drawn (each has a validation and a training curve per plot)."""
        return len(self.labels)

    def legend_labels(self) -> list[str]:
        """The legend entries of the loss plot, in order."""
        legend = self.loss_plot.getPlotItem().legend
        return [label.text for _sample, label in legend.items] if legend is not None else []

    def pen_colours(self) -> list[tuple]:
        """The RGB colour of each run's validation-loss curve, in order."""
        out = []
        for curve in self._val_curves:
            colour = curve.opts["pen"].color()
            out.append((colour.red(), colour.green(), colour.blue()))
        return out

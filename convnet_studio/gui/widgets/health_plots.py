"""HealthPlots: weight norm, gradient norm and update/weight ratio per layer, on log axes.

Two ways to look: each layer over the training steps (one coloured line per layer), or
all layers of the latest report side by side (vanishing gradients show as a slope from
the last layer down to the first). Values are plotted as log10 on linear axes labelled
in decades: cheaper to draw than pyqtgraph's log mode, which matters because the GUI
thread shares the GIL with a busy training thread.
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..i18n import QT_TRANSLATE_NOOP
from ..support.style import canvas_colors, series_colors, style_graphics_view, style_plot_item

MAX_POINTS = 2000
EMPTY_STEPS = 100          # the step axis before any report: whole steps, not 0.1-0.9
FIGURES = (("weight_norm", QT_TRANSLATE_NOOP("HealthPlots", "weight norm")),
           ("grad_norm", QT_TRANSLATE_NOOP("HealthPlots", "gradient norm")),
           ("update_ratio", QT_TRANSLATE_NOOP("HealthPlots", "update / weight")))
STEPS, LAYERS = "steps", "layers"


class DecadeAxis(pg.AxisItem):
    """An axis for log10 data: ticks at whole (or half) decades, labelled with the values."""

    def tickValues(self, minVal, maxVal, size):
        lo, hi = math.floor(minVal), math.ceil(maxVal)
        step = max(1, int(math.ceil((hi - lo) / 6)))
        major = [float(v) for v in range(lo, hi + 1, step) if minVal <= v <= maxVal]
        if len(major) >= 2:
            return [(float(step), major)]
        halves = [v / 2 for v in range(2 * lo, 2 * hi + 1) if minVal <= v / 2 <= maxVal]
        return [(0.5, halves or [round((minVal + maxVal) / 2, 2)])]

    def tickStrings(self, values, scale, spacing):
        return [f"{10.0 ** v:.2g}" for v in values]


class StepAxis(pg.AxisItem):
    """An axis of training steps: whole numbers only (no 4.5 between steps 4 and 5)."""

    def tickValues(self, minVal, maxVal, size):
        levels = [(spacing, values) for spacing, values in super().tickValues(minVal, maxVal, size)
                  if spacing >= 1]          # pyqtgraph's spacings are 1, 2 or 5 times a power of ten
        if not levels:
            levels = [(1.0, [float(v) for v in range(math.ceil(minVal), math.floor(maxVal) + 1)])]
        return levels


def _log10(values) -> np.ndarray:
    v = np.array([np.nan if x is None else x for x in values], dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(v > 0, np.log10(v), np.nan)        # log axes: positive, finite values only


class HealthPlots(QWidget):
    """The three plots and the "over the steps / across the layers" switch."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._history: dict[int, list] = {}      # layer -> [(step, weight, grad, ratio)]
        self._live_steps: set = set()
        self._curves: dict[tuple, pg.PlotCurveItem] = {}
        self._latest = None
        self._chosen = False
        self._drawn_by_layer: Optional[bool] = None
        self._depth_ticks: list = []
        self.x_combo = QComboBox()
        self.x_combo.addItem(self.tr("over the training steps"), STEPS)
        self.x_combo.addItem(self.tr("across the layers (latest)"), LAYERS)
        self.x_combo.setToolTip(self.tr("Follow each layer over time, or compare the layers of the latest measurement "
                                "(vanishing gradients show as a slope from the last layer to the first)."))
        self.x_combo.activated.connect(self._on_chosen)
        self.x_combo.currentIndexChanged.connect(self.draw)
        self.canvas = pg.GraphicsLayoutWidget()
        self.plots = {}
        for col, (key, title) in enumerate(FIGURES):
            plot = self.canvas.addPlot(row=0, col=col, title=self.tr(title),
                                       axisItems={"left": DecadeAxis(orientation="left"),
                                                  "bottom": StepAxis(orientation="bottom")})
            plot.getAxis("bottom").enableAutoSIPrefix(False)
            plot.setMenuEnabled(False)
            self.plots[key] = plot
        self.depth_curves = {key: plot.plot(symbol="o", symbolSize=7, connect="finite")
                             for key, plot in self.plots.items()}
        # Said inside the plot, not in its title: a longer title is cut at 1024 px wide windows.
        self.update_note = pg.TextItem(self.tr("measured while training"), anchor=(0.5, 0.5))
        self.update_note.setParentItem(self.plots["update_ratio"].vb)
        self.plots["update_ratio"].vb.sigResized.connect(self._place_update_note)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Per layer,")))
        row.addWidget(self.x_combo)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.canvas, 1)
        self.apply_palette()

    def apply_palette(self) -> None:
        style_graphics_view(self.canvas, self.palette())
        for plot in self.plots.values():
            style_plot_item(plot, self.palette())
        _, fg = canvas_colors(self.palette())
        self.update_note.setColor(fg)
        for curve in self.depth_curves.values():
            curve.setPen(pg.mkPen(fg, width=1))
            curve.setSymbolBrush(series_colors(self.palette())["val"])

    # ------------------------------------------------------------------ data
    def mode(self) -> str:
        return self.x_combo.currentData()

    def suggest_mode(self, mode: str) -> None:
        """Switch to ``mode`` unless the user picked one."""
        if not self._chosen:
            self.x_combo.setCurrentIndex(self.x_combo.findData(mode))

    def add_report(self, report) -> None:
        """Remember a ``HealthReport`` (drawn by ``draw``). After live reports, idle ones are not added
        to the lines: they measure other gradients (one validation batch) and no update."""
        self._latest = report
        if not report.live and len({p[0] for pts in self._history.values() for p in pts} | {report.step}) < 2:
            self.suggest_mode(LAYERS)
        if self._live_steps and not report.live:
            return
        for s in report.layers:
            if s.weight_norm is None:
                continue
            points = self._history.setdefault(s.index, [])
            entry = (report.step, s.weight_norm, s.grad_norm, s.update_ratio)
            if points and points[-1][0] == report.step:
                points[-1] = entry
            else:
                points.append(entry)
            del points[:-MAX_POINTS]
        if report.live:
            self._live_steps.add(report.step)

    def set_history(self, points: dict) -> None:
        """Draw these lines "over the training steps": layer -> [(step, weight, grad, ratio)] of a run."""
        self._history = {layer: list(p[-MAX_POINTS:]) for layer, p in points.items()}
        self._live_steps = {p[0] for pts in self._history.values() for p in pts}

    def steps(self) -> list[int]:
        """The steps the "over the training steps" lines have points at."""
        return sorted({int(p[0]) for pts in self._history.values() for p in pts})

    def clear(self) -> None:
        self._history, self._live_steps, self._latest = {}, set(), None
        for (key, _layer), curve in self._curves.items():
            self.plots[key].removeItem(curve)
        self._curves = {}
        for curve in self.depth_curves.values():
            curve.setData([], [])

    def colors(self) -> dict[int, QColor]:
        """The line colour of each layer with parameters (shallow to deep)."""
        layers = sorted(self._history) or ([] if self._latest is None else
                                           [s.index for s in self._latest.layers if s.weight_norm is not None])
        cmap = pg.colormap.get("CET-R4")
        return {layer: cmap.map(0.1 + 0.8 * i / max(1, len(layers) - 1), mode="qcolor")
                for i, layer in enumerate(layers)}

    # ------------------------------------------------------------------ drawing
    def _on_chosen(self, _index: int) -> None:
        self._chosen = True

    def draw(self, *_args) -> None:
        """Every curve with auto-range paused: each plot re-ranges (and repaints) once, not once per curve."""
        by_layer = self.mode() == LAYERS
        if by_layer != self._drawn_by_layer:
            self._drawn_by_layer = by_layer
            for (key, title), plot in zip(FIGURES, self.plots.values()):
                plot.setTitle(self.tr(title))
                plot.setLabel("bottom", self.tr("layer") if by_layer else self.tr("step"))
                self.depth_curves[key].setVisible(by_layer)
                if not by_layer:
                    plot.getAxis("bottom").setTicks(None)
            for curve in self._curves.values():
                curve.setVisible(not by_layer)
        for plot in self.plots.values():
            plot.vb.disableAutoRange()
        try:
            self._draw_depth() if by_layer else self._draw_steps()
        finally:
            for plot in self.plots.values():
                plot.vb.enableAutoRange()
        if not by_layer and not self._history:
            for plot in self.plots.values():
                plot.setXRange(0, EMPTY_STEPS, padding=0)
        self._show_update_note()

    def _place_update_note(self, *_args) -> None:
        self.update_note.setPos(self.plots["update_ratio"].vb.rect().center())

    def _show_update_note(self) -> None:
        """The update-ratio plot says why it is empty (no update is measured outside training)."""
        curves = [self.depth_curves["update_ratio"]] if self.mode() == LAYERS else \
            [c for (key, _layer), c in self._curves.items() if key == "update_ratio"]
        ys = [c.getData()[1] for c in curves]
        empty = not any(y is not None and len(y) and np.isfinite(y).any() for y in ys)
        self.update_note.setVisible(empty)

    def _draw_steps(self) -> None:
        colors = self.colors()
        for layer, points in self._history.items():
            steps = np.array([p[0] for p in points], dtype=np.float64)
            for col, (key, _title) in enumerate(FIGURES, start=1):
                curve = self._curves.get((key, layer))
                if curve is None:     # a bare PlotCurveItem: a PlotDataItem re-processes data on range changes
                    curve = pg.PlotCurveItem(pen=pg.mkPen(colors[layer], width=2), connect="finite")
                    self.plots[key].addItem(curve)
                    self._curves[(key, layer)] = curve
                ys = _log10([p[col] for p in points])
                curve.setData(steps, ys) if np.isfinite(ys).any() else curve.setData([], [])

    def _draw_depth(self) -> None:
        layers = [] if self._latest is None else [s for s in self._latest.layers if s.weight_norm is not None]
        xs = np.array([s.index for s in layers], dtype=np.float64)
        ticks = [[(int(x), str(int(x))) for x in xs], []]
        for key, _title in FIGURES:
            ys = _log10([getattr(s, key) for s in layers])
            curve = self.depth_curves[key]
            curve.setData(xs, ys) if xs.size and np.isfinite(ys).any() else curve.setData([], [])
            if ticks != self._depth_ticks:
                self.plots[key].getAxis("bottom").setTicks(ticks)
        self._depth_ticks = ticks

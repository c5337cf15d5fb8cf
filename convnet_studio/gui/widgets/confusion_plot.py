"""ConfusionPlot (a clickable K×K matrix with a colour bar) and ClassBars (per-class accuracy)."""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF

from .heatmap import colorize, colormap_lut
from ..support.style import canvas_colors, series_colors, style_graphics_view, style_plot_item

COLORMAP = "viridis"
MAX_CELL_TEXT = 15          # classes up to which every cell shows its number
MIN_POINT_SIZE = 6.0
CELL_TEXT_GAP = 4           # pixels kept free between the numbers of neighbouring cells
DARK_TEXT, LIGHT_TEXT = QColor(20, 20, 20), QColor(235, 235, 235)


def _plain_axes(plot: pg.PlotItem) -> None:
    """Class axes count classes: never scaled by an SI prefix (an empty one would read "(x0.001)")."""
    for side in ("left", "bottom"):
        plot.getAxis(side).enableAutoSIPrefix(False)


def _short(name: str, limit: int = 14) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "…"


class TextLayer(pg.GraphicsObject):
    """Many short texts at data positions, drawn by one item in one paint call (a TextItem each would
    cost a Python paint callback each, slow while the training thread shares the GIL).
    ``centred``: texts centred on their position, else starting there (vertically centred)."""

    def __init__(self, centred: bool = True):
        super().__init__()
        self._entries: list[tuple] = []      # (x, y, text, QColor)
        self._rect = QRectF()
        self._centred = centred
        self.font = QFont()
        self.hidden = False

    def set_entries(self, entries: list, rect: QRectF, point_delta: float = 0.0,
                    font: Optional[QFont] = None) -> None:
        """``entries``: (x, y, text, QColor) in data coordinates within ``rect``. The font is the
        default one changed by ``point_delta`` points, or ``font``."""
        if font is None:
            font = QFont()
            font.setPointSizeF(max(MIN_POINT_SIZE, font.pointSizeF() + point_delta))
        if entries == self._entries and rect == self._rect and font == self.font:
            return
        self.prepareGeometryChange()
        self._entries, self._rect, self.font = entries, QRectF(rect), QFont(font)
        self.update()

    def set_hidden(self, hidden: bool) -> None:
        """Keep the texts but do not draw them (when they cannot be read at any size)."""
        if hidden != self.hidden:
            self.hidden = hidden
            self.update()

    def texts(self) -> list[str]:
        return [e[2] for e in self._entries]

    def entries(self) -> list:
        return list(self._entries)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, *_args) -> None:
        if not self._entries or self.hidden:
            return
        transform = painter.transform()
        painter.resetTransform()
        painter.setFont(self.font)
        align = Qt.AlignmentFlag.AlignCenter if self._centred else \
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for x, y, text, color in self._entries:
            at = transform.map(QPointF(x, y))
            painter.setPen(color)
            box = QRectF(at.x() - 40, at.y() - 12, 80, 24) if self._centred else QRectF(at.x(), at.y() - 12, 80, 24)
            painter.drawText(box, align, text)
        painter.setTransform(transform)


class ConfusionPlot(pg.GraphicsLayoutWidget):
    """Rows = true class, columns = predicted class; ``cellClicked(true, predicted)``."""

    cellClicked = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ci.setContentsMargins(4, 4, 4, 4)
        self.plot = self.addPlot(row=0, col=0)
        self.plot.setMouseEnabled(False, False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.invertY(True)
        self.plot.setLabel("left", self.tr("true class"))
        self.plot.setLabel("bottom", self.tr("predicted class"))
        _plain_axes(self.plot)
        self.image_item = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image_item)
        self.outline = pg.PlotDataItem(pen=pg.mkPen((255, 64, 64), width=3))
        self.plot.addItem(self.outline)
        self.color_bar = pg.ColorBarItem(values=(0, 1), colorMap=pg.colormap.get(COLORMAP), interactive=False,
                                         width=14, label=self.tr("images"))
        for axis in (self.color_bar.axis, self.color_bar.getAxis("left")):
            axis.enableAutoSIPrefix(False)
        self.addItem(self.color_bar, row=0, col=1)
        self.labels = TextLayer()
        self.plot.addItem(self.labels)
        self._names: tuple = ()
        self._k = 0
        self._selected: Optional[tuple] = None
        self.scene().sigMouseClicked.connect(self._on_click)
        self.plot.vb.sigResized.connect(self._update_ticks)
        self.plot.vb.sigResized.connect(self._fit_cell_font)
        self._apply_palette()

    # ------------------------------------------------------------------ data
    def set_matrix(self, values: np.ndarray, names: Sequence[str], counts: np.ndarray, normalised: bool) -> None:
        """Colour ``values`` (K, K) (fractions when ``normalised``, else counts) and write each cell's
        number on it; ``names`` label the axes."""
        values = np.asarray(values, dtype=np.float64)
        k = values.shape[0] if values.ndim == 2 else 0
        if k == 0:
            self.image_item.clear()
            self._k, self._names = 0, ()
            self.select_cell(None)
            self._write_cells(np.zeros((0, 0)), np.zeros((0, 0)), normalised, 1.0)
            self._update_ticks()
            return
        hi = 1.0 if normalised else max(1.0, float(values.max()) if values.size else 1.0)
        self.image_item.setImage(colorize(values, 0.0, hi, colormap_lut(COLORMAP)), autoLevels=False,
                                 levels=(0, 255))
        self.image_item.setRect(0, 0, k, k)
        self.color_bar.setLevels((0.0, hi))
        self.color_bar.getAxis("left").setLabel(self.tr("fraction of the true class") if normalised
                                                else self.tr("images"),
                                                color=canvas_colors(self.palette())[1])
        if k != self._k or tuple(names) != self._names:
            self._k, self._names = k, tuple(names)
            self.plot.setRange(xRange=(0, k), yRange=(0, k), padding=0)
            self._selected = None
            self.outline.setData([], [])
            self._update_ticks()
        self._write_cells(values, counts, normalised, hi)

    def _write_cells(self, values, counts, normalised: bool, hi: float) -> None:
        k = values.shape[0]
        cells = []
        if 0 < k <= MAX_CELL_TEXT:
            for t in range(k):
                for p in range(k):
                    if normalised:
                        label = "" if counts[t].sum() == 0 else f"{values[t, p] * 100:.0f}%"
                    else:
                        label = str(int(counts[t, p]))
                    light = hi > 0 and values[t, p] / hi > 0.6
                    cells.append((p + 0.5, t + 0.5, label, DARK_TEXT if light else LIGHT_TEXT))
        self.labels.set_entries(cells, QRectF(0, 0, k, k), font=self.labels.font)
        self._fit_cell_font()

    def cell_pixels(self) -> tuple[float, float]:
        """(width, height) of one cell on screen, in pixels (0 without classes)."""
        k = self._k
        return (self.plot.vb.width() / k, self.plot.vb.height() / k) if k else (0.0, 0.0)

    def _fit_cell_font(self) -> None:
        """The largest font, up to the default size, in which every number fits its cell with a gap
        to the next; no numbers at all when even MIN_POINT_SIZE would not fit."""
        texts = set(self.labels.texts()) - {""}
        width, height = self.cell_pixels()
        if not texts or width <= 0:
            return
        font = QFont()
        size = font.pointSizeF()
        while True:
            font.setPointSizeF(size)
            metrics = QFontMetricsF(font)
            if (max(metrics.horizontalAdvance(t) for t in texts) + CELL_TEXT_GAP <= width
                    and metrics.height() <= height) or size <= MIN_POINT_SIZE:
                break
            size = max(MIN_POINT_SIZE, size - 0.5)
        fits = max(metrics.horizontalAdvance(t) for t in texts) + CELL_TEXT_GAP <= width
        if font != self.labels.font:
            self.labels.set_entries(self.labels.entries(), self.labels.boundingRect(), font=font)
        self.labels.set_hidden(not fits)

    def select_cell(self, true_cls: Optional[int], pred_cls: Optional[int] = None) -> None:
        """Outline cell (true, predicted); None clears the outline."""
        if true_cls is None or pred_cls is None or not (0 <= true_cls < self._k and 0 <= pred_cls < self._k):
            self._selected = None
            self.outline.setData([], [])
            return
        self._selected = (true_cls, pred_cls)
        x0, y0 = pred_cls + 0.04, true_cls + 0.04
        self.outline.setData([x0, x0 + 0.92, x0 + 0.92, x0, x0], [y0, y0, y0 + 0.92, y0 + 0.92, y0])

    def cell_count(self) -> int:
        return self._k

    def cell_center_scene(self, true_cls: int, pred_cls: int):
        """Scene position of the middle of a cell (for clicks in tests)."""
        return self.plot.vb.mapViewToScene(pg.Point(pred_cls + 0.5, true_cls + 0.5))

    # ------------------------------------------------------------------ axes
    def _update_ticks(self, *_args) -> None:
        k, names = self._k, self._names
        if not k:
            for side in ("left", "bottom"):
                self.plot.getAxis(side).setTicks([])
            return
        metrics = QFontMetrics(self.plot.getAxis("bottom").style.get("tickFont") or QFont())
        room = self.plot.vb.width() / k
        widest = max(metrics.horizontalAdvance(_short(n)) for n in names)
        bottom = [(i + 0.5, _short(n)) for i, n in enumerate(names)] if widest + 6 <= room else \
            [(i + 0.5, str(i)) for i in range(k)]
        left = [(i + 0.5, _short(n) if widest + 6 <= room else f"{_short(n)} ({i})") for i, n in enumerate(names)]
        if self.plot.vb.height() / k < metrics.height() * 0.9:      # too many rows: every few
            step = int(np.ceil(metrics.height() / max(1.0, self.plot.vb.height() / k)))
            left = left[::step]
            bottom = bottom[::step]
        self.plot.getAxis("bottom").setTicks([bottom, []])
        self.plot.getAxis("left").setTicks([left, []])

    # ------------------------------------------------------------------ events
    def _on_click(self, event) -> None:
        if not self._k or event.button() != Qt.MouseButton.LeftButton:
            return
        if not self.plot.vb.sceneBoundingRect().contains(event.scenePos()):
            return
        point = self.plot.vb.mapSceneToView(event.scenePos())
        p, t = int(np.floor(point.x())), int(np.floor(point.y()))
        if 0 <= t < self._k and 0 <= p < self._k:
            self.select_cell(t, p)
            self.cellClicked.emit(t, p)

    def _apply_palette(self) -> None:
        self._styled = True
        style_graphics_view(self, self.palette())
        style_plot_item(self.plot, self.palette())
        _, fg = canvas_colors(self.palette())
        self.color_bar.axis.setPen(fg)
        self.color_bar.axis.setTextPen(fg)
        label_axis = self.color_bar.getAxis("left")
        label_axis.setLabel(label_axis.labelText, color=fg)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "_styled", False):
            self._apply_palette()
        super().changeEvent(event)


class ClassBars(pg.PlotWidget):
    """Per-class accuracy as horizontal bars with their value, rows in class order like the matrix rows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plot = self.getPlotItem()
        self.plot.setMouseEnabled(False, False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.invertY(True)
        self.plot.setLabel("bottom", self.tr("accuracy"))
        _plain_axes(self.plot)
        self.plot.setXRange(0, 1.34, padding=0)      # room for "100%" after a full bar
        self.plot.getAxis("bottom").setTicks([[(v, f"{v:.0%}") for v in (0, 0.5, 1.0)], []])
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.7, width=[])
        self.plot.addItem(self.bars)
        self.overall = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen((150, 150, 150), style=Qt.PenStyle.DashLine))
        self.plot.addItem(self.overall)
        self.values = TextLayer(centred=False)
        self.plot.addItem(self.values)
        self._count = 0
        self._apply_palette()

    def set_accuracies(self, acc: Optional[np.ndarray], overall: float = float("nan"),
                       names: Sequence[str] = ()) -> None:
        """``acc`` (K,) in [0, 1] (NaN: no samples) with class ``names``; a dashed line marks ``overall``."""
        k = 0 if acc is None else len(acc)
        self._count = k
        if not k:
            self.bars.setOpts(x0=[], y=[], width=[])
            self.values.set_entries([], QRectF())
            self.plot.getAxis("left").setTicks([[], []])
            return
        raw = np.asarray(acc, dtype=np.float64)
        acc = np.nan_to_num(raw, nan=0.0)
        colors = series_colors(self.palette())
        brushes = [pg.mkBrush(colors["true"] if a >= overall else colors["wrong"]) for a in acc]
        self.bars.setOpts(x0=np.zeros(k), y=np.arange(k) + 0.5, width=acc, height=0.7, brushes=brushes,
                          pens=[None] * k)
        self.plot.setYRange(0, k, padding=0)
        self.overall.setValue(overall if np.isfinite(overall) else -1)
        step = max(1, int(np.ceil(k / 20)))
        self.plot.getAxis("left").setTicks([[(i + 0.5, _short(str(n), 12)) for i, n in enumerate(names)][::step], []])
        _, fg = canvas_colors(self.palette())
        entries = [(acc[i] + 0.01, i + 0.5, "—" if np.isnan(raw[i]) else f"{raw[i]:.0%}", fg)
                   for i in range(k)] if k <= 40 else []
        self.values.set_entries(entries, QRectF(0, 0, 1.2, k))

    def bar_count(self) -> int:
        return self._count

    def _apply_palette(self) -> None:
        self._styled = True
        style_graphics_view(self, self.palette())
        style_plot_item(self.plot, self.palette())

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "_styled", False):
            self._apply_palette()
        super().changeEvent(event)

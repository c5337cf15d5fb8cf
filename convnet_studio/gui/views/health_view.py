"""HealthView: is training healthy, layer by layer — norms, update ratios, dead units, warnings.

Reports come from ``analysis_jobs.health_job`` (off the GUI thread): in a live run about
every 1.5 s while the view is shown (weights across one real step, that step's
gradients), otherwise once for the idle model (gradients of one validation batch).
Weight norm, gradient norm and update/weight ratio are plotted per layer over the
steps on log axes, from ``StudioState.health_history`` (measured by the run itself
whatever view is shown); the table lists the latest figures of every layer; the histogram
shows a chosen layer's weights or activations; ``health.diagnose`` speaks up in plain
words above it all.
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHeaderView, QLabel, QListWidget,
                               QListWidgetItem, QSplitter, QStyle, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from ...core.jobs.kinds import HEALTH
from ..widgets.health_plots import STEPS, HealthPlots
from ..support.job_requester import JobRequester
from ..i18n import QT_TRANSLATE_NOOP, message_text
from ..support.staged_redraw import StagedRedraw
from ..support.style import series_colors, style_graphics_view, style_plot_item

LIVE_INTERVAL_MS = 1500
COLUMNS = (QT_TRANSLATE_NOOP("HealthView", "Layer"), QT_TRANSLATE_NOOP("HealthView", "Weight\nnorm"),
           QT_TRANSLATE_NOOP("HealthView", "Grad\nnorm"), QT_TRANSLATE_NOOP("HealthView", "Update\nratio"),
           QT_TRANSLATE_NOOP("HealthView", "Dead\nunits"))
STAGE_MS = 40


def _fmt(value: Optional[float], percent: bool = False) -> str:
    if value is None:
        return "—"
    if not math.isfinite(value):
        return str(value)
    return f"{value:.0%}" if percent else f"{value:.3g}"


class HealthView(QWidget):
    """Per-layer health plots, a table, a histogram and plain-language warnings."""

    def __init__(self, state, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._state = state
        self._report = None
        self._stale = True
        self._history_dirty = False
        self.requester = JobRequester(state, HEALTH, self._make_job, LIVE_INTERVAL_MS, self)
        self.requester.result.connect(self._on_result)
        self._timer = QTimer(self)
        self._timer.setInterval(LIVE_INTERVAL_MS)
        self._timer.timeout.connect(self._on_tick)
        self._stages = StagedRedraw(self, STAGE_MS)
        self._build_ui()
        state.runStatusChanged.connect(self._on_status)
        state.runStarted.connect(self._on_run_started)
        state.healthPoints.connect(self._on_health_points)
        state.runEnded.connect(self._on_model_moved)
        state.specChanged.connect(self._on_model_replaced)
        state.openedModelChanged.connect(self._on_model_replaced)
        state.datasetChanged.connect(self._on_model_replaced)

    def _build_ui(self) -> None:
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        self.warnings.setToolTip(self.tr("What the figures below suggest, in plain words."))
        self.plots = HealthPlots()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()      # fixed widths: no re-layout per report
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, title in enumerate([self.tr(c) for c in COLUMNS[1:]], start=1):
            self.table.setColumnWidth(col, max(self.fontMetrics().horizontalAdvance(t) for t in title.split("\n")) + 22)
        self._fit_table_width(())
        self.table.itemSelectionChanged.connect(self._on_table_selection)
        self.hist_layer = QComboBox()
        self.hist_layer.currentIndexChanged.connect(self._draw_histogram)
        self.hist_kind = QComboBox()
        self.hist_kind.addItem(self.tr("Weight histogram"), "weight_hist")
        self.hist_kind.addItem(self.tr("Activation histogram"), "activation_hist")
        self.hist_kind.setToolTip(self.tr("Histogram of the chosen layer's weights, or of its outputs for a batch "
                                  "of validation images."))
        for combo in (self.hist_kind, self.hist_layer):      # narrow columns elide rather than widen the view
            combo.setMinimumContentsLength(8)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.hist_kind.currentIndexChanged.connect(self._draw_histogram)
        self.hist_plot = pg.PlotWidget()
        self.hist_plot.setMenuEnabled(False)
        self.hist_plot.setLabel("left", self.tr("count"))
        self.hist_plot.getAxis("left").enableAutoSIPrefix(False)      # an empty one would read "(x0.001)"
        self.hist_bars = pg.BarGraphItem(x0=[], x1=[], height=[], y0=0)
        self.hist_plot.addItem(self.hist_bars)
        self.status = QLabel()
        self.status.setWordWrap(True)

        hist_box = QWidget()
        hist_layout = QVBoxLayout(hist_box)
        hist_layout.setContentsMargins(0, 0, 0, 0)
        hist_layout.addWidget(self.hist_kind)
        hist_layout.addWidget(self.hist_layer)
        hist_layout.addWidget(self.hist_plot, 1)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.setChildrenCollapsible(False)
        lower.addWidget(self.table)
        lower.addWidget(hist_box)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        lower.setSizes([560, 280])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.plots)
        splitter.addWidget(lower)
        splitter.setSizes([330, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.warnings)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self._apply_palette()
        self._show_warnings(None)

    def _apply_palette(self) -> None:
        style_graphics_view(self.hist_plot, self.palette())
        style_plot_item(self.hist_plot.getPlotItem(), self.palette())
        self.hist_bars.setOpts(brush=pg.mkBrush(series_colors(self.palette())["bar"]))

    # ------------------------------------------------------------------ public API
    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def refresh(self) -> bool:
        return self.requester.request(now=True)

    def is_settled(self) -> bool:
        return self.requester.settled

    def report(self):
        """The ``analysis_jobs.HealthReport`` shown now, or None."""
        return self._report

    def warning_texts(self) -> list[str]:
        return [] if self._report is None else list(self._report.warnings)

    def stop(self) -> None:
        self._timer.stop()

    # ------------------------------------------------------------------ requests
    def _make_job(self):
        if self._state.dataset is None or self._state.spec_error is not None:
            return None
        from ...core.jobs.analysis import health_job   # imports torch: only once a job is asked for
        return health_job()

    def _on_status(self, status: str) -> None:
        if status == "running":
            self.plots.suggest_mode(STEPS)
        if status in ("running", "paused"):
            self._timer.start()
        else:
            self._timer.stop()

    def _on_tick(self) -> None:
        if self.isVisible() and self._state.run_status == "running":
            self.requester.request()
            if self._history_dirty:
                self._show_history()

    def _on_run_started(self, _event) -> None:
        self.plots.clear()
        self._show_history()

    def _on_health_points(self, _event) -> None:
        self._history_dirty = True

    def _show_history(self) -> None:
        """Put the run's health history (kept by the state) into the step plots and draw them."""
        self._history_dirty = False
        history = self._state.health_history
        if len(history):
            self.plots.set_history(history.copy())
        if self.isVisible():
            self._stages.start([self.plots.draw])

    def _on_model_moved(self, _event=None) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def _on_model_replaced(self, _value=None) -> None:
        self.requester.forget()
        self._report = None
        self.plots.clear()
        self.table.setRowCount(0)
        self._table_names = None
        self.hist_layer.clear()
        self._show_warnings(None)
        self._on_model_moved()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._show_history()
        if self._stale or self._report is None:
            self._stale = False
            self.refresh()

    # ------------------------------------------------------------------ answers
    def _on_result(self, event) -> None:
        if event.error:
            self.status.setText(self.tr("Could not measure the layers: {reason}").format(
                reason=message_text(event.error)))
            return
        report = event.payload
        self._report = report
        self.plots.add_report(report)
        history = self._state.health_history
        if len(history):
            self.plots.set_history(history.copy())
        self._show_warnings(report)
        self._fill_table()
        how = (self.tr("live: gradients of the last step, update ratios of one real step") if report.live else
               self.tr("not training: gradients of one validation batch, no update ratios"))
        self.status.setText(self.tr("Step {step} · {how}.").format(step=report.step, how=how))
        # The plots and the histogram repaint in later turns of the event loop: one long repaint of
        # everything would hold the GUI thread (which shares the GIL with training) too long.
        self._stages.start([self.plots.draw, self._draw_hist_stage])

    def _draw_hist_stage(self) -> None:
        self._sync_hist_layers()
        self._draw_histogram()

    def flush(self) -> None:
        """Draw any pending stage of the last report now."""
        self._stages.flush()

    def _fill_table(self) -> None:
        """One row per layer; rows are rebuilt only when the layers change, else only changed numbers."""
        layers = self._report.layers
        names = tuple(f"#{s.index} {s.label}" for s in layers)
        if names != getattr(self, "_table_names", None):
            self._table_names = names
            self._fit_table_width(names)
            colors = self.plots.colors()
            self.table.setRowCount(len(layers))
            for row, s in enumerate(layers):
                for col in range(len(COLUMNS)):
                    item = QTableWidgetItem(names[row] if col == 0 else "")
                    if col:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(row, col, item)
                swatch = QPixmap(10, 10)
                swatch.fill(colors.get(s.index, QColor(0, 0, 0, 0)))
                self.table.item(row, 0).setIcon(QIcon(swatch))
        for row, s in enumerate(layers):
            values = (_fmt(s.weight_norm), _fmt(s.grad_norm), _fmt(s.update_ratio), _fmt(s.dead_fraction, True))
            for col, text in enumerate(values, start=1):
                item = self.table.item(row, col)
                if item.text() != text:
                    item.setText(text)

    def _fit_table_width(self, names) -> None:
        """The table is never narrower than its columns with the longest layer name in full."""
        metrics = self.table.fontMetrics()
        name_width = max([metrics.horizontalAdvance(n) for n in names] + [metrics.horizontalAdvance("#00 Linear")])
        first = name_width + self.table.iconSize().width() + 2 * metrics.averageCharWidth()
        rest = sum(self.table.columnWidth(c) for c in range(1, len(COLUMNS)))
        scroll = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.table.setMinimumWidth(first + rest + scroll + 2 * self.table.frameWidth())

    def _sync_hist_layers(self) -> None:
        wanted = [(s.index, f"#{s.index} {s.label}") for s in self._report.layers]
        have = [(self.hist_layer.itemData(k), self.hist_layer.itemText(k)) for k in range(self.hist_layer.count())]
        if wanted != have:
            keep = self.hist_layer.currentData()
            blocked = self.hist_layer.blockSignals(True)
            self.hist_layer.clear()
            for data, text in wanted:
                self.hist_layer.addItem(text, data)
            first_param = next((s.index for s in self._report.layers if s.weight_hist is not None), 0)
            pos = self.hist_layer.findData(keep if keep is not None else first_param)
            self.hist_layer.setCurrentIndex(max(0, pos))
            self.hist_layer.blockSignals(blocked)

    def _on_table_selection(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        if rows and self._report is not None:
            self.hist_layer.setCurrentIndex(self.hist_layer.findData(self._report.layers[min(rows)].index))

    def _draw_histogram(self, *_args) -> None:
        layer = self.hist_layer.currentData()
        hist = None
        rows = self._report.layers if self._report is not None else ()
        row = next((s for s in rows if s.index == layer), None) if layer is not None else None
        if row is not None:                # a spec index or an opened model's module path
            hist = getattr(row, self.hist_kind.currentData())
        if hist is None:
            self.hist_bars.setOpts(x0=[], x1=[], height=[])
            self.hist_plot.setTitle(self.tr("no parameters") if self.hist_kind.currentIndex() == 0 and layer is not None
                                    else "")
            return
        edges = np.asarray(hist.edges, dtype=np.float64)
        self.hist_bars.setOpts(x0=edges[:-1], x1=edges[1:], height=hist.counts.astype(np.float64))
        self.hist_plot.setTitle(self.tr("{0} values").format(f"{hist.counts.sum():,}"))
        self.hist_plot.getPlotItem().enableAutoRange()

    def _show_warnings(self, report) -> None:
        texts = None if report is None else tuple(report.warnings)
        if getattr(self, "_shown_warnings", False) == texts and report is not None:
            return
        self._shown_warnings = texts
        self._fill_warnings(report)
        chars = max(40, self.warnings.viewport().width() // max(1, self.fontMetrics().averageCharWidth()) - 6)
        lines = sum(1 + len(self.warnings.item(i).text()) // chars for i in range(self.warnings.count()))
        height = min(lines, 6) * (self.fontMetrics().height() + 2) + 12
        if height != self.warnings.height():
            self.warnings.setFixedHeight(height)

    def _fill_warnings(self, report) -> None:
        self.warnings.clear()
        if report is None:
            item = QListWidgetItem(self.tr("Measuring the layers…") if self._state.dataset is not None else
                                   self.tr("Load a dataset to measure the layers."))
            self.warnings.addItem(item)
            return
        if not report.warnings:
            item = QListWidgetItem(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
                                   self.tr("No warnings: gradients, dead units and update sizes look healthy."))
            self.warnings.addItem(item)
            return
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for text in report.warnings:
            self.warnings.addItem(QListWidgetItem(icon, message_text(text)))

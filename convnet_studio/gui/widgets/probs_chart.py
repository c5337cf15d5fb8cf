"""ProbsChart: predicted class probabilities as horizontal bars, the true class marked.

Without a prediction the chart shows a sentence in place of the bars (say what is awaited
with ``set_empty_text``), never a bare axis."""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ..i18n import QT_TRANSLATE_NOOP
from ..support.style import series_colors, style_graphics_view, style_plot_item

MAX_BARS = 20
PROBABILITY_TICKS = (0.0, 0.5, 1.0)
TOP_WHEN_MANY = 10
EMPTY_TEXT = QT_TRANSLATE_NOOP("ProbsChart", "The network's guess for the image appears here.")


#: Class names longer than this are shortened on the axis (ImageNet has "Greater Swiss Mountain dog"),
#: so the bars keep their width in a narrow chart; the caption keeps the full name.
MAX_LABEL_CHARS = 14


def _short(name: str) -> str:
    return name if len(name) <= MAX_LABEL_CHARS else name[:MAX_LABEL_CHARS - 1].rstrip() + "…"


class ProbsChart(QWidget):
    """One BarGraphItem (one bar per class) updated with a single setOpts call."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plot_widget = pg.PlotWidget()
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.setLabel("bottom", self.tr("probability"))
        self.plot.getAxis("bottom").enableAutoSIPrefix(False)
        # three fixed ticks: the chart is often narrow, where automatic ones run into each other
        self.plot.getAxis("bottom").setTicks([[(v, f"{v:g}") for v in PROBABILITY_TICKS], []])
        self.plot.invertY(True)
        self.plot.setXRange(0, 1, padding=0.06)       # room for the labels of the end ticks
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.7, width=[])
        self.plot.addItem(self.bars)
        self.caption = QLabel(self.tr("No prediction yet."))
        self.caption.setWordWrap(True)
        self.empty_label = QLabel(self.tr(EMPTY_TEXT))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.plot_widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Predicted class probabilities"))
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.caption)
        self._names: tuple = ()
        self._count = 0
        self._last: tuple = (None, (), None)
        self._apply_palette()

    def bar_count(self) -> int:
        """Number of bars shown (one per class, up to MAX_BARS classes)."""
        return self._count

    def class_names(self) -> tuple:
        """The class names of the probabilities shown last (every class, not only those with a bar)."""
        return self._last[1]

    def showing_bars(self) -> bool:
        """True when the bars are shown, False when the sentence of ``set_empty_text`` stands in for them."""
        return self.stack.currentWidget() is self.plot_widget

    def set_empty_text(self, text: str) -> None:
        """What the chart says while it has no prediction to show (e.g. "Loading PyTorch…")."""
        if self.empty_label.text() != text:
            self.empty_label.setText(text)

    def set_probs(self, probs: Optional[np.ndarray], names: Sequence[str], true_label: Optional[int]) -> None:
        """Show ``probs`` (K,) with class ``names``; the bar of ``true_label`` is highlighted.

        Up to MAX_BARS classes get one bar each, in class order; with more classes the
        chart shows the most probable ones (and the true class), most probable first.
        """
        self._last = (probs, tuple(names), true_label)
        if probs is None or len(probs) == 0:
            self._count = 0
            self.bars.setOpts(x0=[], y=[], width=[], brushes=None)
            self.caption.setText(self.tr("No prediction yet."))
            self.stack.setCurrentWidget(self.empty_label)
            return
        self.stack.setCurrentWidget(self.plot_widget)
        probs = np.asarray(probs, dtype=np.float64).reshape(-1)
        k = probs.size
        names = [str(names[i]) if i < len(names) else str(i) for i in range(k)]
        truth = true_label if true_label is not None and 0 <= true_label < k else None
        if k <= MAX_BARS:
            shown = list(range(k))
        else:
            shown = np.argsort(-probs, kind="stable")[:TOP_WHEN_MANY].tolist()
            if truth is not None and truth not in shown:
                shown.append(truth)
        colors = series_colors(self.palette())
        predicted = int(np.argmax(probs))
        brushes = []
        for i in shown:
            key = "true" if i == truth else ("wrong" if i == predicted and truth is not None else "bar")
            brushes.append(pg.mkBrush(colors[key]))
        m = len(shown)
        self.bars.setOpts(x0=np.zeros(m), y=np.arange(m), width=probs[shown], height=0.7,
                          brushes=brushes, pen=pg.mkPen(None))
        self._count = m
        labels = tuple(_short(names[i]) for i in shown)
        if labels != self._names:
            self._names = labels
            self.plot.getAxis("left").setTicks([list(enumerate(labels)), []])
        self.plot.setYRange(-0.6, m - 0.4, padding=0)
        guess = self.tr("Predicted: {name} ({percent:.0f}%)").format(name=names[predicted],
                                                                     percent=100 * probs[predicted])
        if m < k:
            guess += self.tr(" · top {top} of {count} classes").format(top=TOP_WHEN_MANY, count=k)
        if truth is None:
            self.caption.setText(guess)
        else:
            verdict = self.tr("right") if predicted == truth else self.tr("wrong")
            self.caption.setText(self.tr("{guess} · true: {name} · {verdict}").format(guess=guess, name=names[truth],
                                                                                      verdict=verdict))

    def _apply_palette(self) -> None:
        style_graphics_view(self.plot_widget, self.palette())
        style_plot_item(self.plot, self.palette())

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
            self.set_probs(*self._last)
        super().changeEvent(event)

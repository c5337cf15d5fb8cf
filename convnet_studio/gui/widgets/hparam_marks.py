"""HParamMarks: dashed lines at live hyperparameter changes across x-linked, stacked plots."""
from __future__ import annotations

from typing import Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt

LABEL_TOP, LABEL_LOWEST = 0.92, 0.1     # label positions along a line (0 = bottom, 1 = top)


class HParamMarks:
    """One vertical line per mark in every plot; those of ``labelled`` carry the mark's text.

    The labels sit just under ``labelled``'s legend (which holds its top-right corner), so
    a change made near the newest steps is never hidden beneath it, and follow it on resize.
    """

    def __init__(self, plots: Sequence[pg.PlotItem], labelled: pg.PlotItem):
        self._plots = tuple(plots)
        self._labelled = labelled
        self.lines: list[tuple[pg.PlotItem, pg.InfiniteLine]] = []
        labelled.vb.sigResized.connect(self.place_labels)

    def draw(self, marks, color) -> None:
        """Replace the lines with one per ``HParamMark`` (step, text) in ``color``."""
        for plot, line in self.lines:
            plot.removeItem(line)
        self.lines.clear()
        pen = pg.mkPen(color, width=1, style=Qt.PenStyle.DashLine)
        position = self.label_position()
        for mark in marks:
            for plot in self._plots:
                labelled = plot is self._labelled
                line = pg.InfiniteLine(
                    pos=mark.step, angle=90, pen=pen, movable=False,
                    label=mark.text if labelled else None,
                    labelOpts={"position": position, "color": color, "anchors": [(0, 0), (0, 0)]}
                    if labelled else None)
                plot.addItem(line, ignoreBounds=True)
                self.lines.append((plot, line))

    def label_position(self) -> float:
        """Where along the lines the labels go: just under the legend, as high as that allows."""
        legend, area = self._labelled.legend, self._labelled.vb.sceneBoundingRect()
        if legend is None or not legend.isVisible() or area.height() <= 0:
            return LABEL_TOP
        below = (legend.sceneBoundingRect().bottom() - area.top() + 4) / area.height()
        return float(min(LABEL_TOP, max(LABEL_LOWEST, 1.0 - below)))

    def place_labels(self, *_args) -> None:
        position = self.label_position()
        for _plot, line in self.lines:
            if line.label is not None and line.label.orthoPos != position:
                line.label.setPosition(position)

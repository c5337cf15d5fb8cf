"""ConfusionPlot: the numbers in the cells never touch, whatever the window size."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QFont, QFontMetricsF

from convnet_studio.gui.widgets.confusion_plot import CELL_TEXT_GAP, ConfusionPlot


@pytest.mark.parametrize("size", [(400, 300), (480, 380), (700, 600)])   # 1024×640 … 1280×720 and up
def test_cell_numbers_fit_their_cells(qtbot, size):
    plot = ConfusionPlot()
    qtbot.addWidget(plot)
    plot.resize(*size)
    plot.show()
    qtbot.waitExposed(plot)
    counts = np.random.default_rng(0).integers(100, 1000, size=(10, 10))
    plot.set_matrix(counts, [f"class {i}" for i in range(10)], counts, False)
    qtbot.wait(50)
    width, height = plot.cell_pixels()
    assert width > 0
    assert not plot.labels.hidden                       # 3-digit numbers are readable at these sizes
    metrics = QFontMetricsF(plot.labels.font)
    widest = max(metrics.horizontalAdvance(t) for t in plot.labels.texts())
    assert widest + CELL_TEXT_GAP <= width, (widest, width)
    assert metrics.height() <= height
    plot.resize(250, 220)                               # too small to read: no numbers rather than a smudge
    qtbot.wait(50)
    assert plot.labels.hidden
    plot.resize(1000, 900)                              # room again: the numbers at the normal size
    qtbot.wait(50)
    assert not plot.labels.hidden and plot.labels.font.pointSizeF() == QFont().pointSizeF()

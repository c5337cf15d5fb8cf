"""Guards against the PySide6 6.12.0 bug that the ``PySide6-Essentials<6.12`` pin in pyproject.toml avoids.

PySide6 6.12.0 on Python 3.11 decremented the reference count of ``None`` on every
call of a void method, so a pyqtgraph plot redrawn ~100 times killed the process
with "Fatal Python error: none_dealloc". Redrawing a PlotWidget a few hundred times
must not make ``sys.getrefcount(None)`` fall (it may rise: other code keeps
references to None; a broken binding loses one per void call, hundreds per redraw).
"""
import gc
import sys

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 12),
                                reason="None is immortal from Python 3.12 on")


@pytest.fixture
def plot(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def none_refs() -> int:
    gc.collect()
    return sys.getrefcount(None)


def test_void_calls_keep_none_alive(plot):
    view_box = plot.getPlotItem().getViewBox()
    for _ in range(10):
        view_box.update()
        plot.update()
    before = none_refs()
    for _ in range(500):
        view_box.update()          # QGraphicsItem::update(): void
        plot.update()              # QWidget::update(): void
    assert none_refs() >= before - 10, "void calls lose references to None (PySide6 6.12.0 bug)"


def test_redrawing_a_plot_does_not_leak_references_to_none(plot):
    curve = plot.plot([], [])
    rng = np.random.default_rng(0)
    x = np.arange(200, dtype=np.float64)

    def redraw(i):
        curve.setData(x, rng.random(200))
        plot.setTitle(f"redraw {i}")
        QApplication.processEvents()

    for i in range(20):            # warm-up: caches, fonts, lazily created items
        redraw(i)
    before = none_refs()
    for i in range(300):
        redraw(i)
    after = none_refs()
    assert after >= before - 50, (
        f"None lost {before - after} references over 300 redraws: this PySide6 build "
        f"decrements None on void calls (the 6.12.0 bug); install PySide6 < 6.12")

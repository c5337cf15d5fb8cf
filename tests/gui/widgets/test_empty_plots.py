"""Empty or loading plots show plain, sensible axes: no SI-prefix scaling of class axes, steps from 0."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from tests.gui.view_helpers import batch, run_started, seed_state

from convnet_studio.gui.views.plots_view import PlotsView
from convnet_studio.gui.widgets.confusion_plot import ClassBars, ConfusionPlot
from convnet_studio.gui.widgets.health_plots import HealthPlots
from convnet_studio.gui.widgets.probs_chart import ProbsChart


def _plain(axis) -> None:
    assert axis.autoSIPrefixScale == 1.0 and "(x" not in axis.labelString(), axis.labelString()


def _shown(qtbot, widget, w=500, h=400):
    qtbot.addWidget(widget)
    widget.resize(w, h)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_class_axes_are_never_rescaled(qtbot):
    matrix = _shown(qtbot, ConfusionPlot())
    bars = _shown(qtbot, ClassBars(), 200, 400)
    matrix.set_matrix(np.zeros((0, 0)), [], np.zeros((0, 0), np.int64), False)     # while evaluating
    bars.set_accuracies(None)
    qtbot.wait(50)                                  # let the views lay out and range
    for axis in (matrix.plot.getAxis("left"), matrix.plot.getAxis("bottom"), bars.plot.getAxis("left"),
                 bars.plot.getAxis("bottom")):
        _plain(axis)
    counts = np.arange(9).reshape(3, 3)
    matrix.set_matrix(counts, ["a", "b", "c"], counts, False)
    qtbot.wait(50)
    _plain(matrix.plot.getAxis("left"))


def _tick_values(axis) -> list[float]:
    lo, hi = axis.range
    return [v for _spacing, values in axis.tickValues(min(lo, hi), max(lo, hi), 500) for v in values]


@pytest.fixture
def plots(qtbot):
    state = seed_state()
    view = _shown(qtbot, PlotsView(state), 900, 600)
    view.state = state
    return view


def test_an_empty_run_shows_steps_0_to_100(plots, qtbot):
    axis = plots.lr_plot.getAxis("bottom")
    assert tuple(axis.range) == pytest.approx((0, 100), abs=1)
    assert all(float(v).is_integer() for v in _tick_values(axis))
    plots.state.runStarted.emit(run_started())
    plots.state.batchMetrics.emit(batch(1, np.ones(400)))
    plots.flush()
    assert axis.range[1] > 400
    plots.state.runStarted.emit(run_started())                     # a new run: empty again
    plots.flush()
    assert tuple(axis.range) == pytest.approx((0, 100), abs=1)


def test_empty_health_plots_show_whole_steps(qtbot):
    health = _shown(qtbot, HealthPlots(), 800, 300)
    health.draw()
    for plot in health.plots.values():
        axis = plot.getAxis("bottom")
        assert tuple(axis.range) == pytest.approx((0, 100), abs=1)
        assert all(float(v).is_integer() for v in _tick_values(axis))
        _plain(axis)


def test_step_axes_tick_whole_steps_only(qtbot):
    health = _shown(qtbot, HealthPlots(), 800, 300)
    for plot in health.plots.values():
        plot.setXRange(4, 6, padding=0)                   # two steps apart: no 4.5
    qtbot.wait(50)
    for plot in health.plots.values():
        values = _tick_values(plot.getAxis("bottom"))
        assert values and all(float(v).is_integer() for v in values), values


def _labelled_ticks(axis) -> list[tuple[float, str]]:
    """(value, text) of the ticks an axis may label: its fixed ticks, else every automatic level
    (pyqtgraph labels the finer levels too when it guesses they fit, and in a narrow chart they touched)."""
    if axis._tickLevels is not None:
        return sorted((v, t) for level in axis._tickLevels for v, t in level)
    lo, hi = sorted(axis.range)
    return sorted({(v, t) for spacing, values in axis.tickValues(lo, hi, axis.width())
                   for v, t in zip(values, axis.tickStrings(values, 1.0, spacing))})


def test_probability_ticks_do_not_run_into_each_other_in_a_narrow_chart(qtbot):
    chart = _shown(qtbot, ProbsChart(), 170, 260)                  # as in Feature maps at 1024×640
    chart.set_probs(np.full(10, 0.1), [f"c{i}" for i in range(10)], 3)
    qtbot.wait(50)
    ticks = _labelled_ticks(chart.plot.getAxis("bottom"))
    assert len(ticks) >= 2
    metrics = chart.fontMetrics()
    placed = [(chart.plot.vb.mapViewToScene(pg.Point(v, 0)).x(), metrics.horizontalAdvance(t)) for v, t in ticks]
    for (x0, w0), (x1, w1) in zip(placed, placed[1:]):
        assert x1 - x0 >= (w0 + w1) / 2 + 6, ticks

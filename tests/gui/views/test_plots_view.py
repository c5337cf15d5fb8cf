"""PlotsView: metrics in, curves/markers/exports out (drives the real widget with qtbot)."""
import csv

import numpy as np
import pytest
from tests.gui.view_helpers import batch, epoch_end, run_started, seed_state

from convnet_studio.core import events
from convnet_studio.gui.views.plots_view import PlotsView


@pytest.fixture
def view(qtbot):
    state = seed_state()
    view = PlotsView(state)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    view.state = state
    return view


def curve_y(item):
    data = item.getOriginalDataset()[1]
    return np.array([]) if data is None else np.asarray(data)


def same(a, b) -> bool:
    return len(a) == len(b) and np.allclose(a, b)


def reference_ema(values, w):
    """Debiased EMA written out directly: sum_j w^(t-j) (1-w) x_j / (1 - w^(t+1))."""
    out = []
    for t in range(len(values)):
        weights = (1 - w) * w ** (t - np.arange(t + 1))
        out.append((weights * values[:t + 1]).sum() / (1 - w ** (t + 1)))
    return np.array(out)


def test_batches_become_raw_and_smoothed_curves(view, qtbot):
    rng = np.random.default_rng(1)
    losses = rng.random(30) + 1.0
    accs = rng.random(30)
    view.state.runStarted.emit(run_started())
    for k in range(3):
        view.state.batchMetrics.emit(batch(1 + 10 * k, losses[10 * k:10 * (k + 1)], accs[10 * k:10 * (k + 1)]))
    # the redraw timer, not the signal, updates the curves
    qtbot.waitUntil(lambda: len(curve_y(view.raw_curve)) == 30, timeout=2000)
    assert np.allclose(view.raw_curve.getOriginalDataset()[0], np.arange(1, 31))
    assert np.allclose(curve_y(view.raw_curve), losses, atol=1e-6)
    w = view.smoothing_spin.value()
    assert np.allclose(curve_y(view.smooth_curve), reference_ema(losses.astype(np.float32), w), atol=1e-5)
    assert np.allclose(curve_y(view.acc_curve), reference_ema(accs.astype(np.float32) * 100, w), atol=1e-3)
    assert np.allclose(curve_y(view.lr_curve), 0.01)
    assert view.plot_points() == 30


def test_smoothing_control_recomputes(view, qtbot):
    losses = np.array([1.0, 3.0, 1.0, 3.0], np.float32)
    view.state.batchMetrics.emit(batch(1, losses))
    view.smoothing_spin.setValue(0.0)
    qtbot.waitUntil(lambda: same(curve_y(view.smooth_curve), losses), timeout=2000)
    view.smoothing_spin.setValue(0.5)
    qtbot.waitUntil(lambda: same(curve_y(view.smooth_curve), reference_ema(losses, 0.5)), timeout=2000)


def test_validation_points_sit_at_epoch_steps_in_percent(view, qtbot):
    view.state.batchMetrics.emit(batch(1, np.ones(200)))
    view.state.epochEnded.emit(epoch_end(1, 100, 0.9, 0.6))
    view.state.epochEnded.emit(epoch_end(2, 200, 0.7, 0.75))
    qtbot.waitUntil(lambda: len(curve_y(view.val_loss_curve)) == 2, timeout=2000)
    assert list(view.val_loss_curve.getOriginalDataset()[0]) == [100, 200]
    assert np.allclose(curve_y(view.val_loss_curve), [0.9, 0.7])
    assert np.allclose(curve_y(view.val_acc_curve), [60.0, 75.0])


def test_hparams_change_draws_a_labelled_marker(view, qtbot):
    view.state.runStarted.emit(run_started())
    view.state.batchMetrics.emit(batch(1, np.ones(50)))
    view.state.hparamsChanged.emit(events.HParamsChanged(step=50, lr=0.01, momentum=0.9, weight_decay=0.0))
    qtbot.waitUntil(lambda: len(view._mark_lines) == 3, timeout=2000)
    labelled = [line for plot, line in view._mark_lines if plot is view.loss_plot]
    assert len(labelled) == 1 and labelled[0].value() == 50
    assert labelled[0].label.format == "lr 0.01"
    # a second change of momentum only names what changed
    view.state.hparamsChanged.emit(events.HParamsChanged(step=60, lr=0.01, momentum=0.5, weight_decay=0.0))
    qtbot.waitUntil(lambda: len(view._mark_lines) == 6, timeout=2000)
    assert view.mark_texts() == ["lr 0.01", "momentum 0.5"]


def test_new_run_clears_and_resume_keeps_history(view, qtbot):
    view.state.batchMetrics.emit(batch(1, np.ones(100)))
    view.state.hparamsChanged.emit(events.HParamsChanged(step=80, lr=0.1, momentum=0.9, weight_decay=0.0))
    assert view.plot_points() == 100
    view.state.runStarted.emit(run_started(start_step=60))        # resumed from step 60
    assert view.plot_points() == 60 and view.mark_texts() == []
    view.state.batchMetrics.emit(batch(61, np.ones(5)))
    assert view.plot_points() == 65
    view.state.runStarted.emit(run_started(start_step=0))         # a fresh run
    assert view.plot_points() == 0
    assert len(curve_y(view.val_loss_curve)) == 0


def test_non_finite_losses_are_not_plotted(view):
    view.state.batchMetrics.emit(batch(1, [1.0, np.nan, 2.0, np.inf]))
    assert view.plot_points() == 2
    assert np.isfinite(curve_y(view.smooth_curve)).all()


def test_long_run_is_downsampled_for_drawing(view, qtbot):
    n = 100_000
    view.state.batchMetrics.emit(batch(1, np.random.default_rng(0).random(n)))
    assert view.plot_points() == n
    view.graphics.viewport().repaint()
    drawn = view.raw_curve._getDisplayDataset()
    assert drawn is not None and 0 < len(drawn.x) < n // 10      # peak downsampling is active
    assert view.raw_curve.opts["clipToView"] and view.raw_curve.opts["autoDownsample"]


def test_smooth_lines_are_drawn_with_fewer_points_than_the_raw_loss(view):
    view.state.batchMetrics.emit(batch(1, np.random.default_rng(0).random(20_000)))
    view.flush()
    view.graphics.viewport().repaint()
    width = view.loss_plot.vb.width()
    drawn = {name: len(curve._getDisplayDataset().x)
             for name, curve in (("raw", view.raw_curve), ("smooth", view.smooth_curve),
                                 ("acc", view.acc_curve), ("lr", view.lr_curve))}
    assert width <= drawn["raw"] <= 2 * width + 4, drawn           # every spike: two points a pixel
    assert drawn["smooth"] <= width / 4 + 2 and drawn["acc"] <= width / 4 + 2, drawn
    assert drawn["lr"] <= width / 2 + 4, drawn


class _CountedPicture:
    """Stands in for an axis's drawing (a QPicture that pyqtgraph replays on every paint of the axis)."""

    def __init__(self, picture, plays: list):
        self.picture, self.plays = picture, plays

    def play(self, painter):
        self.plays.append(self)
        return self.picture.play(painter)


def test_a_redraw_that_keeps_the_ranges_paints_the_axes_from_their_cache(view):
    view.state.batchMetrics.emit(batch(1, np.linspace(2.0, 1.0, 50)))      # steps 0-100 shown
    view.flush()
    view.graphics.viewport().repaint()
    axes = [plot.getAxis(name) for plot in (view.loss_plot, view.acc_plot, view.lr_plot)
            for name in ("left", "bottom")]
    plays = []
    for axis in axes:
        axis.picture = _CountedPicture(axis.picture, plays)
    view.state.batchMetrics.emit(batch(51, np.linspace(1.0, 0.9, 20)))     # within the ranges shown
    view.flush()
    view.graphics.viewport().repaint()
    assert len(curve_y(view.raw_curve)) == 70
    assert all(isinstance(axis.picture, _CountedPicture) for axis in axes)  # no axis changed
    assert plays == []


def test_a_growing_step_range_draws_one_step_axis_again(view, monkeypatch):
    import pyqtgraph as pg

    view.state.batchMetrics.emit(batch(1, np.linspace(2.0, 1.0, 50)))      # steps 0-100 shown
    view.flush()
    view.graphics.viewport().repaint()
    drawn = []
    generate = pg.AxisItem.generateDrawSpecs
    monkeypatch.setattr(pg.AxisItem, "generateDrawSpecs", lambda axis, p: drawn.append(axis) or generate(axis, p))
    view.state.batchMetrics.emit(batch(51, np.linspace(1.0, 0.9, 100)))    # past step 100: the range grows
    view.flush()
    view.graphics.viewport().repaint()
    assert drawn == [view.lr_plot.getAxis("bottom")]


def test_export_csv_writes_step_and_epoch_rows(view, tmp_path):
    view.state.batchMetrics.emit(batch(1, [2.0, 1.5, 1.0], [0.25, 0.5, 0.75], lr=0.05, epoch=1))
    view.state.epochEnded.emit(epoch_end(1, 3, 1.2, 0.5))
    written = view.export_csv(tmp_path / "metrics.csv")
    assert [p.name for p in written] == ["metrics.csv", "metrics_epochs.csv"]
    rows = list(csv.DictReader(open(tmp_path / "metrics.csv")))
    assert [r["step"] for r in rows] == ["1", "2", "3"]
    assert [float(r["loss"]) for r in rows] == [2.0, 1.5, 1.0]
    assert [float(r["acc"]) for r in rows] == [0.25, 0.5, 0.75]
    assert all(float(r["lr"]) == 0.05 and r["epoch"] == "1" for r in rows)
    epochs = list(csv.DictReader(open(tmp_path / "metrics_epochs.csv")))
    assert len(epochs) == 1
    assert epochs[0]["epoch"] == "1" and epochs[0]["step"] == "3"
    assert float(epochs[0]["val_loss"]) == pytest.approx(1.2) and float(epochs[0]["val_acc"]) == pytest.approx(0.5)


def test_export_png_writes_an_image(view, tmp_path):
    from PySide6.QtGui import QImage

    view.state.batchMetrics.emit(batch(1, np.linspace(2, 1, 50)))
    path = view.export_png(tmp_path / "plots.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    assert image.width() > 100 and image.height() > 100
    with pytest.raises(OSError):
        view.export_png(tmp_path / "missing-folder" / "plots.png")


def _stream_steps(view):
    """Feed ``view`` four steps every 10 ms; returns (times of its redraws, [next step], the running timer)."""
    import time

    from PySide6.QtCore import QTimer

    view.flush()                              # the redraw asked for when the view was made and shown
    draws, step = [], [1]
    redraw = view._redraws._redraw            # the view's redraws, not every change of a curve's view range
    view._redraws._redraw = lambda: (draws.append(time.perf_counter()), redraw())

    def feed():
        view.state.batchMetrics.emit(batch(step[0], np.ones(4)))
        step[0] += 4

    feeder = QTimer(view)
    feeder.setInterval(10)
    feeder.timeout.connect(feed)
    feeder.start()
    return draws, step, feeder


def test_a_stream_of_steps_redraws_about_five_times_a_second(view, qtbot):
    draws, step, feeder = _stream_steps(view)
    qtbot.wait(1200)
    feeder.stop()
    qtbot.waitUntil(lambda: len(curve_y(view.raw_curve)) == step[0] - 1, timeout=2000)
    gaps = [b - a for a, b in zip(draws, draws[1:])]
    assert len(draws) >= 3 and min(gaps) >= 0.19, gaps


@pytest.mark.parametrize("size", [(900, 600), (560, 540)])   # the view at 1280×720 and 1024×640
def test_marker_labels_stay_clear_of_the_legend(view, qtbot, size):
    view.resize(*size)
    view.state.runStarted.emit(run_started())
    view.state.batchMetrics.emit(batch(1, np.linspace(2.0, 0.5, 90)))
    for step in (60, 75, 85):                      # under the legend's corner, top right
        view.state.hparamsChanged.emit(events.HParamsChanged(step=step, lr=0.01 * step, momentum=0.9,
                                                             weight_decay=0.0))
    view.flush()
    qtbot.wait(50)                                 # layout after the resize
    legend = view.loss_plot.legend.sceneBoundingRect()
    plot_area = view.loss_plot.vb.sceneBoundingRect()
    labels = [line.label for plot, line in view._mark_lines if plot is view.loss_plot]
    assert len(labels) == 3
    for label in labels:
        box = label.sceneBoundingRect()
        assert plot_area.contains(box), label.format
        assert not box.intersects(legend), label.format


def test_while_a_run_trains_costly_redraws_come_less_often_but_the_user_is_answered_at_once(view, qtbot):
    import time

    from convnet_studio.gui.run_telemetry import RunStatus

    view.state.set_run_status(RunStatus.RUNNING)
    view._redraws._budget.share = 0.0005     # at this share any redraw waits the longest, 2 s
    draws, _step, feeder = _stream_steps(view)
    qtbot.wait(1200)
    assert 1 <= len(draws) <= 2, draws        # not five a second
    asked = time.perf_counter()
    view.smoothing_spin.setValue(0.5)         # the user's change is drawn now, with the newest steps
    qtbot.waitUntil(lambda: draws[-1] > asked, timeout=1000)
    feeder.stop()
    assert draws[-1] - asked < 0.3
    view.state.set_run_status(RunStatus.IDLE)

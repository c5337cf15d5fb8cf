"""FiltersView: one tile per filter, per-channel mode, normalisation, hover, live updates."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF

from tests.gui.view_helpers import seed_snapshot, seed_state

from convnet_studio.core.events import Snapshot
from convnet_studio.core.model.presets import get_preset
from convnet_studio.gui.views.filters_view import FiltersView


@pytest.fixture
def view(qtbot):
    state = seed_state()
    view = FiltersView(state)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    view.state = state
    return view


def test_empty_until_a_snapshot_arrives(view):
    assert view.tile_count() == 0
    assert view.layer_combo.count() == 0
    assert "No filters yet" in view.info.text()


def test_first_conv_shows_one_rgb_tile_per_filter(view, qtbot):
    view.state.snapshotReady.emit(seed_snapshot(view.state))
    # the redraw timer draws it (no flush here)
    qtbot.waitUntil(lambda: view.image() is not None, timeout=2000)
    assert [view.layer_combo.itemText(i) for i in range(view.layer_combo.count())] == \
        ["#0 Conv2d 3→6 k5", "#3 Conv2d 6→16 k5"]
    assert view.tile_count() == 6
    image = view.image()
    assert image.ndim == 3 and image.shape[2] == 3 and image.dtype == np.uint8


def test_second_conv_per_channel_and_averaged(view):
    view.state.snapshotReady.emit(seed_snapshot(view.state))
    view.set_layer(3)
    view.set_mode("separate")
    assert view.tile_count() == 16 * 6
    layout = view.canvas.layout_info
    assert (layout.rows, layout.cols) == (16, 6)            # rows = filters, columns = inputs
    assert view.image().ndim == 2                           # greyscale
    view.set_mode("combined")
    assert view.tile_count() == 16


def test_normalisation_switch_changes_the_image(view):
    scales = [1, 1, 1, 1, 1, 20]                            # one filter with much larger weights
    view.state.snapshotReady.emit(seed_snapshot(view.state, filter_scales=scales))
    view.set_per_filter_normalisation(True)
    view.flush()
    per_filter = view.image().copy()
    view.set_per_filter_normalisation(False)
    view.flush()
    per_layer = view.image()
    assert per_filter.shape == per_layer.shape
    assert not np.array_equal(per_filter, per_layer)
    # per layer, the small filters are squeezed towards mid-grey: less contrast than per filter
    first = view.canvas.layout_info
    tile = (slice(0, first.tile_h), slice(0, first.tile_w))
    assert np.ptp(per_layer[tile]) < np.ptp(per_filter[tile])


def test_hover_names_filter_channel_and_range(view, qtbot):
    snap = seed_snapshot(view.state)
    view.state.snapshotReady.emit(snap)
    view.set_layer(3)
    view.set_mode("separate")
    view.flush()
    layout = view.canvas.layout_info
    # centre of the tile in row 2 (filter 2), column 4 (input channel 4)
    x = 4 * (layout.tile_w + layout.sep) + layout.tile_w / 2
    y = 2 * (layout.tile_h + layout.sep) + layout.tile_h / 2
    scene_pos = view.canvas.image_item.mapToScene(QPointF(x, y))
    with qtbot.waitSignal(view.canvas.tileHovered) as blocker:
        view.canvas.scene().sigMouseMoved.emit(scene_pos)
    assert blocker.args == [2 * 6 + 4]
    w = snap.filters[3][2, 4]
    assert view.hover.text() == f"filter 2, input channel 4: min {w.min():.3g}, max {w.max():.3g}"
    assert view.canvas.toolTip() == view.hover.text()


def test_live_snapshots_update_and_spec_change_clears(view):
    view.state.snapshotReady.emit(seed_snapshot(view.state, seed=1))
    view.flush()
    before = view.image().copy()
    view.state.snapshotReady.emit(seed_snapshot(view.state, seed=2, step=20))
    view.flush()
    assert not np.array_equal(before, view.image())
    assert "step 20" in view.info.text()
    view.state.set_spec(get_preset("mlp"))
    assert view.tile_count() == 0 and view.layer_combo.count() == 0


# ---------------------------------------------------------------- the accuracy shown is the shown model's
def _evaluated(state, step, accuracy, lesions=(), baseline=None):
    """Ask for an evaluation (as the Evaluation view does) and answer it at ``step``."""
    from types import SimpleNamespace

    from convnet_studio.core.events import AnalysisResult
    from convnet_studio.core.jobs.analysis import EVALUATION, Evaluation
    from convnet_studio.core.jobs.queue import AnalysisJob

    job = AnalysisJob(EVALUATION, lambda ctx: None)
    state.request_analysis(job)
    payload = Evaluation(SimpleNamespace(accuracy=accuracy), baseline, tuple(lesions))
    return job, AnalysisResult(job.job_id, EVALUATION, step, payload)


def test_accuracy_follows_the_weights_through_a_run(view):
    from tests.gui.view_helpers import batch, epoch_end, run_started

    from convnet_studio.core.events import RunEnded

    state = view.state
    assert view.lesion_info.text() == "Click a filter to switch it off and see what it was for."
    _, answer = _evaluated(state, 0, 0.097)
    state.dispatch_event(answer)
    assert view.lesion_info.text().endswith("Validation accuracy 9.7%.")

    state.set_run_status("starting")
    state.dispatch_event(run_started(0))
    state.dispatch_event(batch(1, [2.0] * 300))
    assert view.lesion_info.text().endswith("Validation accuracy 9.7% at step 0.")   # labelled, never as now
    state.dispatch_event(epoch_end(0, 313, 1.2, 0.41))
    state.dispatch_event(batch(314, [1.0] * 345))                                 # now at step 658
    state.dispatch_event(epoch_end(1, 626, 1.0, 0.562))
    assert "9.7%" not in view.lesion_info.text()
    assert view.lesion_info.text().endswith("Validation accuracy 56.2% at step 626.")

    state.dispatch_event(RunEnded("stopped", "Stopped.", 658, 2, 3.0))
    assert view.lesion_info.text().endswith(
        "Not evaluated yet at step 658 (validation accuracy 56.2% at step 626).")
    _, answer = _evaluated(state, 658, 0.57)
    state.dispatch_event(answer)
    assert view.lesion_info.text().endswith("Validation accuracy 57.0%.")

    state.set_run_status("starting")                                              # a new run from step 0
    state.dispatch_event(run_started(0))
    assert "57.0%" not in view.lesion_info.text()


def test_accuracy_of_a_replaced_model_is_never_shown(view):
    state = view.state
    late, late_answer = _evaluated(state, 658, 0.303)          # asked of the model about to be replaced
    _, answer = _evaluated(state, 658, 0.303)
    state.dispatch_event(answer)
    assert view.lesion_info.text().endswith("Validation accuracy 30.3%.")

    state.set_spec(get_preset("mlp"))                          # a new model, e.g. an opened run's
    assert "30.3%" not in view.lesion_info.text()
    state.dispatch_event(late_answer)                          # the old model's answer arrives late
    assert "30.3%" not in view.lesion_info.text()
    _, answer = _evaluated(state, 0, 0.239)
    state.dispatch_event(answer)
    assert view.lesion_info.text() == "Validation accuracy 23.9%."


def test_opened_run_epochs_are_labelled_when_the_weights_are_further(view):
    from tests.gui.view_helpers import epoch_end

    from convnet_studio.core.events import Snapshot

    state = view.state
    state.set_spec(get_preset("seed"))                         # as opening a run does, then its epoch history
    for epoch, step, acc in ((0, 313, 0.4), (1, 626, 0.55)):
        state.dispatch_event(epoch_end(epoch, step, 1.0, acc))
    state.dispatch_event(Snapshot(step=829, epoch=2))          # the opened weights are at step 829
    assert view.lesion_info.text().endswith("Not evaluated yet at step 829 (validation accuracy 55.0% at step 626).")


def test_lesioned_accuracy_is_of_the_filters_switched_off_now(view):
    state = view.state
    state.set_lesioned(0, 2, True)
    assert view.lesion_info.text() == "Switched off: layer 0: 2. Evaluating…"
    _, answer = _evaluated(state, 40, 0.31, lesions=((0, (2,)),), baseline=0.52)
    state.set_lesioned(0, 3, True)                             # asked with {2}; now {2, 3} are off
    state.dispatch_event(answer)
    assert view.lesion_info.text() == "Switched off: layer 0: 2, 3. Evaluating…"
    _, answer = _evaluated(state, 40, 0.2, lesions=((0, (2, 3)),), baseline=0.52)
    state.dispatch_event(answer)
    assert view.lesion_info.text() == ("Switched off: layer 0: 2, 3. Validation accuracy with them off: 20.0% "
                                       "(with all on: 52.0%).")
    state.set_lesions({})                                      # all on: the baseline of the same weights
    assert view.lesion_info.text().endswith("Validation accuracy 52.0%.")


def test_the_tracker_knows_the_evaluation_job_kind():
    from convnet_studio.core.jobs.analysis import EVALUATION
    from convnet_studio.gui.support import accuracy_tracker

    assert accuracy_tracker.EVALUATION == EVALUATION


# ---------------------------------------------------------------- why there are no filters
def test_a_network_without_convolutions_says_it_has_no_filters(qtbot):
    state = seed_state()
    state.set_spec(get_preset("mlp"))
    view = FiltersView(state)
    qtbot.addWidget(view)
    view.show()
    state.snapshotReady.emit(Snapshot(step=300, epoch=1))      # trained: a snapshot without filters
    view.flush()
    assert view.tile_count() == 0
    assert "This network has no convolution layers, so it has no filters to show" in view.info.text()
    assert "No filters yet" not in view.info.text()
    assert "Click a filter" not in view.lesion_info.text()


def test_an_impossible_network_says_where_to_fix_it(view):
    from convnet_studio.core.model.spec import Conv2d, Flatten, Linear, ModelSpec

    view.state.set_spec(ModelSpec(layers=(Conv2d(6, 5), Conv2d(8, 40), Flatten(), Linear("classes"))))
    view.flush()
    text = view.info.text()
    assert text.startswith("The network must be fixed before it can show its filters. Layer 1 (Conv2d): ")
    assert "Model panel" in text and "Click a filter" not in view.lesion_info.text()


def test_in_the_window_the_filters_tab_repeats_the_accuracy_of_the_trained_model(qtbot, studio_window):
    from PySide6.QtCore import Qt

    window = studio_window()
    state, filters, evaluation = window.state, window.views["filters"], window.views["evaluation"]
    window.select_view("evaluation")                          # evaluates the untrained model
    qtbot.waitUntil(lambda: evaluation.evaluation() is not None and evaluation.is_settled(), timeout=20000)
    untrained = f"Validation accuracy {evaluation.accuracy():.1%}."
    window.select_view("filters")
    assert filters.lesion_info.text().endswith(untrained)
    with qtbot.waitSignal(state.epochEnded, timeout=20000):
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(state.runEnded, timeout=10000) as ended:
        window.run_panel.actions["stop"].trigger()
    assert not filters.lesion_info.text().endswith(untrained)
    assert f"step {ended.args[0].step:,}" in filters.lesion_info.text() or \
        filters.lesion_info.text().endswith(f"Validation accuracy {state.last_epoch.val_acc:.1%}.")
    window.select_view("evaluation")                          # evaluates the trained model
    qtbot.waitUntil(lambda: evaluation.is_settled() and evaluation.evaluation() is not None, timeout=20000)
    assert filters.lesion_info.text().endswith(f"Validation accuracy {evaluation.accuracy():.1%}.")


def test_the_accuracy_sentence_wrapping_or_not_leaves_the_filters_where_they_are(view, qtbot):
    # it names a step once the weights have moved on since the epoch's evaluation, and does not
    # right after it: the canvas must not be resized (and repainted whole) every epoch
    view.lesion_info.setText("Validation accuracy 74.1%.")
    qtbot.wait(50)
    height = view.canvas.height()
    view.lesion_info.setText("Click a filter to switch it off and see what it was for. " * 2
                             + "Validation accuracy 74.1% (at step 1,234; the weights have moved on).")
    qtbot.wait(50)
    assert view.lesion_info.heightForWidth(view.lesion_info.width()) > view.fontMetrics().lineSpacing() * 1.5
    assert view.canvas.height() == height

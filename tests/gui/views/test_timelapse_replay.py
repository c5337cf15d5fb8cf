"""The time-lapse scrubber drives the filters view, the feature maps and the probabilities together."""
import numpy as np
import pytest

from tests.gui.timelapse_helpers import record_seed_run
from tests.gui.view_helpers import seed_snapshot, seed_state
from tests.gui.views.test_feature_maps_view import tiny_dataset

from convnet_studio.core.timelapse.store import TimelapseStore
from convnet_studio.gui.views.feature_maps_view import FeatureMapsView
from convnet_studio.gui.views.filters_view import FiltersView


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("run")
    snaps = record_seed_run(run_dir, tiny_dataset())
    return run_dir, snaps


@pytest.fixture
def views(qtbot):
    state = seed_state(tiny_dataset())
    filters, maps = FiltersView(state), FeatureMapsView(state)
    for view in (filters, maps):
        qtbot.addWidget(view)
        view.resize(1000, 650)
        view.show()
        qtbot.waitExposed(view)
    return state, filters, maps


def _live(state, step=500):
    snap = seed_snapshot(state, key=state.probe_image.key, step=step)
    state.dispatch_event(snap)
    return snap


def test_the_scrubber_replays_frames_in_all_three_views_and_live_returns(views, recorded, qtbot):
    state, filters, maps = views
    run_dir, truth = recorded
    live = _live(state)
    filters.flush(), maps.flush()
    assert np.array_equal(filters._filters[0], live.filters[0])

    assert filters.timelapse.player is maps.timelapse.player           # one moment for every view
    assert maps.timelapse.open_folder(str(run_dir)) == ""
    store = TimelapseStore(run_dir)
    assert maps.timelapse.slider.maximum() == len(store) == 8

    filters.timelapse.slider.setValue(3)                                 # the user drags one scrubber
    step = store.frames[3].step
    filters.flush(), maps.flush()
    assert np.array_equal(filters._filters[0], truth[step].filters[0])  # exact
    assert np.array_equal(filters._filters[3], truth[step].filters[3])
    assert f"step {step}" in filters.info.text()
    for layer, values in truth[step].feature_maps.items():
        np.testing.assert_allclose(maps._maps[layer], values, rtol=2 ** -10, atol=2 ** -14)
    probs, names, label = maps.probs._last
    assert np.allclose(probs, truth[step].probs) and label == store.probe_label
    assert names == tuple(store.class_names)
    assert np.array_equal(maps.input_item.image, store.probe_image.transpose(1, 2, 0))
    assert "step" in maps.input_caption.text()
    assert maps.timelapse.slider.value() == 3                            # the other scrubber follows
    assert maps.timelapse.text().startswith(f"step {step} · epoch {store.frames[3].epoch} · 4/8")

    newer = _live(state, step=600)                                       # live snapshots wait meanwhile
    filters.flush(), maps.flush()
    assert np.array_equal(filters._filters[0], truth[step].filters[0])

    maps.timelapse.live_button.click()
    filters.flush(), maps.flush()
    assert np.array_equal(filters._filters[0], newer.filters[0])
    assert np.array_equal(maps._maps[0], newer.feature_maps[0])
    assert maps.probs._last[2] == state.probe_image.label
    assert np.array_equal(maps.input_item.image, state.probe_image.image.transpose(1, 2, 0))
    assert filters.timelapse.slider.value() == 8 and not filters.timelapse.live_button.isEnabled()


def test_replaying_runs_no_torch_op_on_the_gui_thread(views, recorded, qtbot):
    from tests.gui.test_gui_thread_runs_no_torch import VIEW_OPS, RecordOps
    state, filters, maps = views
    run_dir, _ = recorded
    with RecordOps() as ops:
        maps.timelapse.open_folder(str(run_dir))
        for value in (0, 4, 7):
            filters.timelapse.slider.setValue(value)
            filters.flush(), maps.flush()
        maps.timelapse.live_button.click()
        maps.flush()
    assert not sorted(set(ops.ops) - VIEW_OPS)


def test_play_runs_through_to_the_last_frame(views, recorded, qtbot):
    state, filters, maps = views
    run_dir, truth = recorded
    filters.timelapse.open_folder(str(run_dir))
    player = filters.timelapse.player
    filters.timelapse.slider.setValue(0)
    shown = []
    player.frameShown.connect(lambda frame: shown.append(frame.index))
    maps.timelapse.play_button.click()
    assert maps.timelapse.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: not player.playing, timeout=5000)
    assert shown == list(range(1, 8))
    last = TimelapseStore(run_dir).frames[-1].step
    filters.flush()
    assert np.array_equal(filters._filters[0], truth[last].filters[0])
    assert filters.timelapse.play_button.text() == "Play"


def test_picking_another_probe_image_goes_live(views, recorded):
    state, filters, maps = views
    run_dir, _ = recorded
    maps.timelapse.open_folder(str(run_dir))
    assert maps.timelapse.player.replaying
    maps.strip.imageClicked.emit(2)
    assert not maps.timelapse.player.replaying
    maps.flush()
    assert np.array_equal(maps.input_item.image, state.probe_image.image.transpose(1, 2, 0))

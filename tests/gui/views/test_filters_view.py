"""FiltersView: one tile per filter, per-channel mode, normalisation, hover, live updates."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF

from tests.gui.view_helpers import seed_snapshot, seed_state

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

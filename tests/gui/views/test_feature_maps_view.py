"""FeatureMapsView: probe picking (strip, file, drop), one tile per channel, probability bars."""
import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from tests.gui.view_helpers import seed_snapshot, seed_state

from convnet_studio.core.data.dataset import InMemoryDataset
from convnet_studio.gui.views.feature_maps_view import FeatureMapsView

CLASSES = tuple(f"shape{k}" for k in range(10))


def tiny_dataset(n=80, shape=(3, 32, 32)):
    import torch

    rng = np.random.default_rng(0)
    x = torch.from_numpy(rng.integers(0, 255, (n, *shape), dtype=np.uint8))
    y = torch.from_numpy(rng.integers(0, len(CLASSES), n).astype(np.int64))
    return InMemoryDataset("tiny", CLASSES, x[:10], y[:10], x, y,
                           mean=(0.5,) * shape[0], std=(0.25,) * shape[0])


@pytest.fixture
def view(qtbot):
    state = seed_state(tiny_dataset())
    view = FeatureMapsView(state)
    qtbot.addWidget(view)
    view.resize(1000, 650)
    view.show()
    qtbot.waitExposed(view)
    view.state = state
    return view


def test_strip_shows_validation_images_and_a_default_probe(view):
    assert view.strip.count() == 64
    probe = view.state.probe_image
    assert probe is not None and probe.key == "val:0"
    assert np.array_equal(probe.image, view.state.dataset.val_x[0].numpy())
    assert view.strip.selected() == 0


def test_one_tile_per_channel_of_the_chosen_layer(view, qtbot):
    view.state.snapshotReady.emit(seed_snapshot(view.state))
    qtbot.waitUntil(lambda: view.canvas.image_item.image is not None, timeout=2000)   # timer redraw
    assert view.layer_combo.count() == len(view.state.layer_infos) == 12
    assert view.layer_combo.itemText(0) == "#0 Conv2d 6, k5 — 6×28×28"
    assert view.tile_count() == 6
    view.layer_combo.setCurrentIndex(view.layer_combo.findData(3))
    assert view.tile_count() == 16
    view.set_layer(7)                                   # a 1-D layer: one cell per feature
    assert view.tile_count() == 120
    assert view.layer_combo.currentText() == "#7 Linear 120 — 120"


def test_tiles_are_normalised_per_channel(view):
    snap = seed_snapshot(view.state)
    snap.feature_maps[0][1] *= 100.0                    # a loud channel must not dim the others
    view.cmap_combo.setCurrentText("Grayscale")
    view.state.snapshotReady.emit(snap)
    view.flush()
    image, layout = view.canvas.image_item.image, view.canvas.layout_info
    for tile in range(6):
        r, c = divmod(tile, layout.cols)
        block = image[r * (layout.tile_h + 1):r * (layout.tile_h + 1) + layout.tile_h,
                      c * (layout.tile_w + 1):c * (layout.tile_w + 1) + layout.tile_w]
        assert block.min() == 0 and block.max() == 255


def test_probability_bars_one_per_class_true_label_named(view):
    snap = seed_snapshot(view.state)
    view.state.snapshotReady.emit(snap)
    view.flush()
    assert view.probs.bar_count() == len(CLASSES)
    truth = CLASSES[view.state.probe_image.label]
    assert f"true: {truth}" in view.probs.caption.text()
    assert CLASSES[int(np.argmax(snap.probs))] in view.probs.caption.text()


def test_clicking_a_thumbnail_asks_for_that_image(view, qtbot):
    rect = view.strip.visualItemRect(view.strip.item(2))
    with qtbot.waitSignal(view.state.probeImageChanged) as blocker:
        qtbot.mouseClick(view.strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    probe = blocker.args[0]
    assert probe.key == "val:2" and probe.label == int(view.state.dataset.val_y[2])
    assert "Validation image 2" in view.input_caption.text()


def test_snapshot_of_another_image_is_ignored(view):
    view.state.snapshotReady.emit(seed_snapshot(view.state, key="val:0", seed=1))
    view.flush()
    shown = view.canvas.image_item.image.copy()
    view.state.snapshotReady.emit(seed_snapshot(view.state, key="val:9", seed=2))
    view.flush()
    assert np.array_equal(shown, view.canvas.image_item.image)


def test_bad_image_file_shows_the_error_label(view, tmp_path, qtbot):
    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    with qtbot.assertNotEmitted(view.state.probeImageChanged):
        assert view.open_image_file(bad) is False
    assert view.error_label.isVisible()
    assert "notes.png" in view.error_label.text() and "Traceback" not in view.error_label.text()
    assert view.state.probe_image.key == "val:0"


def test_good_image_file_and_drop_become_the_probe(view, tmp_path, qtbot):
    path = tmp_path / "cat.png"
    Image.fromarray(np.full((50, 70, 3), 90, np.uint8)).save(path)
    with qtbot.waitSignal(view.state.probeImageChanged) as blocker:
        assert view.open_image_file(path)
    assert blocker.args[0].key == f"file:{path}" and blocker.args[0].image.shape == (3, 32, 32)
    assert not view.error_label.isVisible() and view.strip.selected() == -1
    assert view.input_caption.text() == "cat.png"

    other = tmp_path / "dog.jpg"
    Image.fromarray(np.full((32, 32, 3), 10, np.uint8)).save(other)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    # Qt delivers drag events only during a real drag, so call the handlers as Qt would
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    view.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(view.state.probeImageChanged) as blocker:
        view.dropEvent(drop)
    assert blocker.args[0].key == f"file:{other}"

    text_only = QMimeData()
    text_only.setText("hello")
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, text_only,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    view.dragEnterEvent(enter)
    assert not enter.isAccepted()


def test_hover_reports_channel_range(view, qtbot):
    snap = seed_snapshot(view.state)
    view.state.snapshotReady.emit(snap)
    view.flush()
    layout = view.canvas.layout_info
    x = 1 * (layout.tile_w + 1) + 2                     # tile 1 of the first row
    pos = view.canvas.image_item.mapToScene(QPointF(x, 2))
    view.canvas.scene().sigMouseMoved.emit(pos)
    m = snap.feature_maps[0][1]
    assert view.hover.text() == f"channel 1: min {m.min():.3g}, max {m.max():.3g}"


def test_many_classes_show_the_top_guesses_and_the_true_class(qtbot):
    from convnet_studio.gui.widgets.probs_chart import ProbsChart

    chart = ProbsChart()
    qtbot.addWidget(chart)
    probs = np.full(100, 0.5 / 90)
    probs[:10] = 0.05                                   # classes 0-9 are the top ten
    names = [f"c{i}" for i in range(100)]
    chart.set_probs(probs, names, true_label=42)
    assert chart.bar_count() == 11
    assert "top 10 of 100 classes" in chart.caption.text() and "true: c42" in chart.caption.text()
    chart.set_probs(probs[:10] / probs[:10].sum(), names[:10], true_label=3)
    assert chart.bar_count() == 10
    chart.set_probs(None, names, None)
    assert chart.bar_count() == 0 and chart.caption.text() == "No prediction yet."


def test_new_probe_hides_maps_of_the_old_image_until_its_snapshot(view):
    view.state.snapshotReady.emit(seed_snapshot(view.state, key="val:0"))
    assert view.tile_count() == 6
    view.strip.imageClicked.emit(4)
    assert view.state.probe_image.key == "val:4"
    assert view.tile_count() == 0 and view.probs.bar_count() == 0
    assert "Waiting" in view.maps_info.text()
    assert view.layer_combo.count() == 12                  # the layer choice survives
    view.state.snapshotReady.emit(seed_snapshot(view.state, key="val:4"))
    assert view.tile_count() == 6 and view.probs.bar_count() == 10


def test_an_impossible_network_says_it_must_be_fixed_and_where(view):
    from convnet_studio.core.model.spec import Conv2d, Flatten, Linear, ModelSpec

    view.state.snapshotReady.emit(seed_snapshot(view.state, key="val:0"))
    assert view.tile_count() == 6
    view.state.set_spec(ModelSpec(layers=(Conv2d(6, 5), Conv2d(8, 40), Flatten(), Linear("classes"))))
    view.flush()
    assert view.tile_count() == 0
    text = view.maps_info.text()
    assert "Waiting" not in text
    assert text.startswith("The network must be fixed before it can look at an image. Layer 1 (Conv2d): ")
    assert str(view.state.spec_error.message).rstrip(".") in text
    assert text.endswith("Fix it in the Model panel, where its row is marked with a warning sign.")

    view.state.set_spec(ModelSpec(layers=(Conv2d(6, 5), Flatten(), Linear("classes"))))    # fixed
    view.flush()
    assert view.maps_info.text() == "Waiting for the network to look at this image…"


def test_an_impossible_network_in_the_window_is_named_as_the_model_panel_names_it(qtbot, studio_window):
    from convnet_studio.core.model.spec import Conv2d, Flatten, Linear, ModelSpec

    window = studio_window(spec=ModelSpec(layers=(Conv2d(6, 64), Flatten(), Linear("classes"))))
    view = window.views["features"]
    window.select_view("features")
    qtbot.wait(500)                                     # long enough for a snapshot, were there one
    view.flush()
    error = window.state.spec_error
    assert error is not None and error.message.rstrip(".") in window.model_panel.error_label.text()
    assert "must be fixed" in view.maps_info.text() and error.message.rstrip(".") in view.maps_info.text()

"""The feature-maps view's probe side: live transform controls, the draggable patch, draw mode,
and the receptive-field outline of a hovered unit."""
import numpy as np
import torch
import torch.nn.functional as F
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from tests.gui.view_helpers import seed_snapshot, seed_state
from tests.gui.views.test_feature_maps_view import tiny_dataset

from convnet_studio.core.inspect.probe_transform import ProbeTransform
from convnet_studio.gui.views.feature_maps_view import FeatureMapsView


def _view(qtbot, state):
    view = FeatureMapsView(state)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_sliders_and_the_dragged_patch_set_the_probe_transform(qtbot):
    state = seed_state(tiny_dataset())
    view = _view(qtbot, state)
    panel = view.probe_panel
    panel.controls_box.setChecked(True)
    with qtbot.waitSignal(state.probeTransformChanged):
        panel.controls.sliders["shift_x"].setValue(4)
    panel.controls.sliders["rotate"].setValue(-30)
    panel.controls.sliders["scale"].setValue(150)
    panel.controls.flip_h.setChecked(True)
    assert state.probe_transform == ProbeTransform(shift_x=4, rotate=-30.0, scale=1.5, flip_h=True)
    panel.controls.patch_check.setChecked(True)
    panel.controls.sliders["patch_size"].setValue(6)
    assert panel.input.patch_roi.isVisible() and panel.input.patch_roi.size().x() == 6
    panel.input.patch_roi.setPos((10, 3))              # as the user's drag moves it
    assert state.probe_transform.patch == (13, 6, 6)
    panel.controls_box.setChecked(False)               # closing the controls shows the image as it is
    assert state.probe_transform.is_identity and not panel.input.patch_roi.isVisible()


def test_hovering_a_unit_outlines_its_receptive_field_on_the_input(qtbot):
    state = seed_state(tiny_dataset())
    view = _view(qtbot, state)
    state.snapshotReady.emit(seed_snapshot(state))
    view.set_layer(5)                                    # second pool: 16×16 field, jump 4, 16×5×5 maps
    view.flush()
    layout = view.canvas.layout_info
    x = 1 * (layout.tile_w + 1) + layout.tile_w * 2.5 / 5     # tile 1, unit (row 4, col 2)
    y = layout.tile_h * 4.5 / 5
    view.canvas.scene().sigMouseMoved.emit(view.canvas.image_item.mapToScene(QPointF(x, y)))
    assert view.input_canvas.field_box() == (16, 32, 8, 24)
    assert "16×16" in view.probe_panel.field_label.text()
    view.set_layer(0)
    view.flush()
    layout = view.canvas.layout_info
    view.canvas.scene().sigMouseMoved.emit(view.canvas.image_item.mapToScene(QPointF(0.5, 0.5)))
    assert view.input_canvas.field_box() == (0, 5, 0, 5)
    view.canvas.scene().sigMouseMoved.emit(view.canvas.image_item.mapToScene(QPointF(-5, -5)))
    assert view.input_canvas.field_box() is None


def _drag(qtbot, canvas, points):
    start = canvas.widget_point(*points[0]).toPoint()
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for x, y in points[1:]:
        QTest.mouseMove(canvas, canvas.widget_point(x, y).toPoint())
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       canvas.widget_point(*points[-1]).toPoint())


def _check_drawing_reaches_the_model(qtbot, window, dataset):
    state = window.state
    window.state.set_dataset(dataset)
    window.select_view("features")
    view = window.views["features"]
    worker = window.controller.worker
    qtbot.waitUntil(lambda: state.probe_image is not None and worker._fresh_key is not None
                    and worker._fresh_key[1:3] == (tuple(dataset.input_shape), dataset.num_classes), timeout=10000)
    seen = []
    hook = worker._fresh_model[0].register_forward_pre_hook(
        lambda _m, args: seen.append(args[0].detach().clone()))
    try:
        qtbot.mouseClick(view.probe_panel.draw_button, Qt.MouseButton.LeftButton)
        canvas = view.probe_panel.canvas
        canvas.set_color(canvas.color.fromRgb(255, 128, 0))
        c, h, w = dataset.input_shape
        with qtbot.waitSignal(state.snapshotReady, timeout=10000,
                              check_params_cb=lambda s: s.image_key == "drawn:None" and
                              s.probs is not None and np.array_equal(
                                  state.probe_image.image, canvas.input_image()) and s.feature_maps):
            _drag(qtbot, canvas, [(3, 3), (w // 2, h // 2), (w - 4, h // 3)])
        qtbot.waitUntil(lambda: len(seen) > 0, timeout=5000)
        pixels = torch.from_numpy(canvas.pixels()).permute(2, 0, 1).float()[None]
        assert pixels.max() > 0                                  # the drag painted
        resized = F.interpolate(pixels, size=(h, w), mode="area").round() / 255
        mean, std = torch.tensor(dataset.mean).view(1, -1, 1, 1), torch.tensor(dataset.std).view(1, -1, 1, 1)
        torch.testing.assert_close(seen[-1], (resized - mean) / std, atol=1e-6, rtol=0)
        view.flush()
        assert view.probs.bar_count() == dataset.num_classes
    finally:
        hook.remove()


def test_a_drawing_reaches_the_model_at_the_input_shape_and_normalisation(qtbot, studio_window, tiny_dataset):
    window = studio_window()
    _check_drawing_reaches_the_model(qtbot, window, tiny_dataset(shape=(1, 28, 28), classes=10))
    _check_drawing_reaches_the_model(qtbot, window, tiny_dataset(shape=(3, 32, 32), classes=4))


def test_the_screenshot_probe_step_shows_a_transform_and_a_drawing(qtbot, studio_window):
    from convnet_studio.gui.diagnostics.probe_demo import show_probe

    window = studio_window()
    qtbot.waitUntil(lambda: window.state.probe_image is not None, timeout=5000)
    window.select_view("features")
    view = window.views["features"]

    def wait(seconds, until=None, signals=()):
        if until is None:
            qtbot.wait(int(seconds * 1000))
        else:
            qtbot.waitUntil(until, timeout=int(seconds * 1000))

    transform = ProbeTransform(shift_x=3, flip_v=True, patch=(8, 8, 6))
    show_probe(window, transform, draw=False, wait=wait)
    assert window.state.probe_transform == transform and view.probe_panel.controls.transform == transform
    qtbot.waitUntil(lambda: view.input_item.image is not None and view.input_item.image.shape[:2] == (32, 32))
    show_probe(window, None, draw=True, wait=wait)
    assert window.state.probe_image.key == "drawn:None" and window.state.probe_image.image.any()
    assert view.probe_panel.is_drawing() and view.tile_count() == 6


def test_the_effective_field_of_a_hovered_unit_is_a_heat_overlay_inside_its_rectangle(qtbot, studio_window):
    window = studio_window()
    state = window.state
    window.select_view("features")
    view = window.views["features"]
    qtbot.waitUntil(lambda: 3 in view._maps, timeout=10000)           # the idle snapshot arrived
    view.set_layer(3)
    view.flush()
    panel = view.probe_panel
    panel.effective_check.setChecked(True)
    layout = view.canvas.layout_info
    x = 2 * (layout.tile_w + 1) + layout.tile_w * 6.5 / 10          # tile 2, unit (3, 6) of a 10×10 map
    y = layout.tile_h * 3.5 / 10
    with qtbot.waitSignal(state.analysisResult, timeout=10000):
        view.canvas.scene().sigMouseMoved.emit(view.canvas.image_item.mapToScene(QPointF(x, y)))
    qtbot.waitUntil(lambda: panel.input.heat_item.isVisible(), timeout=5000)
    heat = panel.input.heat_item.image
    y0, y1, x0, x1 = panel.input.field_box()
    assert (y0, y1, x0, x1) == (6, 20, 12, 26)
    outside = heat.copy()
    outside[y0:y1, x0:x1] = 0
    assert heat.max() > 0 and not outside.any()
    panel.effective_check.setChecked(False)
    assert not panel.input.heat_item.isVisible()

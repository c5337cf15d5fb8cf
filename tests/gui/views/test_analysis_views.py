"""Attribution, Units and Health views in the real window, computed by the worker."""
import dataclasses

import numpy as np
from PySide6.QtCore import Qt

from convnet_studio.core.inspect.probes import class_probs, normalise_image
from convnet_studio.core.model.spec import Activation, Flatten, Linear, ModelSpec
from convnet_studio.core.inspect.probes import ProbeSource

from tests.gui.analysis_helpers import click_list_item, click_scene, fresh_model, wait_settled


def test_attribution_three_maps_of_the_image_size_class_choice_and_opacity(qtbot, studio_window):
    window = studio_window()
    view = window.views["attribution"]
    ds = window.state.dataset
    window.select_view("attribution")
    qtbot.waitUntil(lambda: view.maps() is not None, timeout=20000)
    maps = view.maps()
    h, w = ds.input_shape[1:]
    assert maps.saliency.shape == maps.grad_cam.shape == maps.occlusion.shape == (h, w)
    assert maps.cam_layer == 4                       # the seed net's last conv, through its ReLU
    probe = window.state.probe_image
    probs = class_probs(fresh_model(window), normalise_image(probe.image, ds.mean, ds.std))[0]
    assert maps.predicted == int(np.argmax(probs)) == maps.target
    assert all(c.has_heat() for c in view.canvases.values())
    assert "predicted: class" in view.caption.text()

    view.class_combo.setCurrentIndex(view.class_combo.findData(2))       # explain class 2 instead
    qtbot.waitUntil(lambda: view.maps() is not None and view.maps().target == 2, timeout=20000)

    view.opacity_slider.setFocus()
    qtbot.keyClick(view.opacity_slider, Qt.Key.Key_Home)
    assert all(c.heat_item.opacity() == 0.0 for c in view.canvases.values())
    qtbot.keyClick(view.opacity_slider, Qt.Key.Key_End)
    assert all(c.heat_item.opacity() == 1.0 for c in view.canvases.values())

    # a new probe image (e.g. from the strip of Feature maps) is explained in turn
    window.state.set_probe_image(ProbeSource.val(5), ds.val_x.numpy()[5], int(ds.val_y[5]))
    qtbot.waitUntil(lambda: view.maps() is not None and view.maps().key == "val:5", timeout=20000)


def test_units_one_image_per_filter_top_images_and_cancel(qtbot, studio_window):
    window = studio_window()
    view = window.views["units"]
    view.settings = dataclasses.replace(view.settings, steps=24)
    progress = []
    view.requester.progress.connect(lambda e: progress.append(e.done))
    window.select_view("units")
    qtbot.mouseClick(view.compute_button, Qt.MouseButton.LeftButton)         # shown: computes only when asked
    qtbot.waitUntil(lambda: view.unit_images() is not None and view.is_settled(), timeout=30000)
    assert view.current_layer() == 0
    units = view.unit_images()
    assert view.tile_count() == 6 and units.images.shape == (6, 3, 32, 32) and units.images.dtype == np.uint8
    assert view.progress.value() == 100
    assert view.canvas.layout_info.count == 6

    layout = view.canvas.layout_info
    click_scene(qtbot, view.canvas, view.canvas.image_item.mapToScene(
        view.canvas.image_item.mapFromItem(view.canvas.image_item, 1 * (layout.tile_w + layout.sep) + 3, 3)))
    assert view.examples.image_count() == 9
    shown = view.example_indices()
    assert "filter 1" in view.examples_title.text()
    view.patch_combo.setCurrentIndex(1)                       # receptive-field patches: 5×5 crops
    assert view.examples.image_count() == 9 and "patches" in view.examples_title.text()
    click_list_item(qtbot, view.examples, 0)
    assert window.state.probe_image.key == f"val:{shown[0]}"

    view.set_layer(11)                                        # the output layer: one image per class
    qtbot.waitUntil(lambda: view.unit_images() is not None and view.unit_images().layer_index == 11,
                    timeout=30000)
    assert view.tile_count() == window.state.dataset.num_classes

    view.settings = dataclasses.replace(view.settings, steps=100000)
    view.set_layer(3)
    progress.clear()
    qtbot.waitUntil(lambda: bool(progress), timeout=20000)                   # progress while it works
    assert max(progress) < 100000 and view.cancel_button.isEnabled() and not view.is_settled()
    with qtbot.waitSignal(view.requester.result, timeout=20000) as blocker:
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].error == "Cancelled."
    assert "Cancelled" in view.info.text()
    # the top-images job is cancelled too; its answer may come after the units job's
    qtbot.waitUntil(lambda: view.is_settled() and not view.cancel_button.isEnabled(), timeout=5000)


def _deep_sigmoid() -> ModelSpec:
    layers = [Flatten()]
    for _ in range(10):
        layers += [Linear(32), Activation("sigmoid")]
    return ModelSpec(name="deep sigmoid", layers=(*layers, Linear("classes")))


def test_health_one_row_per_layer_and_vanishing_gradients_warning(qtbot, studio_window):
    spec = _deep_sigmoid()
    window = studio_window(spec=spec)
    view = window.views["health"]
    window.select_view("health")
    qtbot.waitUntil(lambda: view.report() is not None, timeout=20000)
    view.flush()
    assert view.table.rowCount() == len(spec.layers) == len(view.report().layers)
    texts = [view.warnings.item(i).text() for i in range(view.warnings.count())]
    assert any("Gradients vanish" in t for t in texts), texts
    assert view.hist_layer.count() == len(spec.layers)
    view.hist_kind.setCurrentIndex(1)                          # activations of the chosen layer
    assert view.hist_bars.opts["height"].sum() > 0


def test_health_reports_live_update_ratios_during_training(qtbot, studio_window):
    window = studio_window()
    view = window.views["health"]
    window.select_view("health")
    qtbot.waitUntil(lambda: view.report() is not None, timeout=20000)
    qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.report() is not None and view.report().live, timeout=20000)
    view.flush()
    first_conv = view.report().layers[0]
    assert first_conv.update_ratio is not None and first_conv.update_ratio > 0 and first_conv.grad_norm > 0
    assert view.plots.mode() == "steps"
    assert window.state.run_status == "running"
    with qtbot.waitSignal(window.state.runEnded, timeout=10000):
        window.run_panel.actions["stop"].trigger()
    wait_settled(qtbot, view)

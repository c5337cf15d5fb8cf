"""UnitsView computes only when asked, and never beside a training run."""
import dataclasses

from PySide6.QtCore import Qt

from convnet_studio.core.jobs.analysis import UNIT_EXAMPLES, UNITS

from tests.gui.analysis_helpers import wait_settled

UNIT_KINDS = (UNITS, UNIT_EXAMPLES)


def _record_unit_jobs(state) -> list:
    asked = []
    state.analysisRequested.connect(lambda job: asked.append(job.kind) if job.kind in UNIT_KINDS else None)
    return asked


def test_showing_the_view_computes_nothing_until_compute_is_pressed(qtbot, studio_window):
    window = studio_window()
    view = window.views["units"]
    view.settings = dataclasses.replace(view.settings, steps=24)
    asked = _record_unit_jobs(window.state)
    window.select_view("units")
    qtbot.wait(600)
    assert asked == [] and view.unit_images() is None and view.is_settled()
    assert view.info.text().startswith("Press Compute")
    qtbot.mouseClick(view.compute_button, Qt.MouseButton.LeftButton)
    assert sorted(asked) == sorted(UNIT_KINDS)
    qtbot.waitUntil(lambda: view.unit_images() is not None and view.is_settled(), timeout=30000)
    assert view.tile_count() == 6 and "model at step 0" in view.info.text()


def test_at_launch_the_last_used_units_tab_computes_nothing(qtbot, studio_window, isolated_settings):
    isolated_settings.save_view("units")
    window = studio_window(restore=True)                  # shown before a test could listen: ask the view
    view = window.views["units"]
    qtbot.waitExposed(window)
    assert window.tabs.currentWidget() is view and view.isVisible()
    qtbot.wait(600)
    assert view.requester.last_job_id <= 0 and view.examples_requester.last_job_id <= 0    # never asked
    assert view.unit_images() is None and view.info.text().startswith("Press Compute")


def test_compute_waits_while_a_run_trains_and_runs_when_it_ends(qtbot, studio_window):
    window = studio_window()
    state, view = window.state, window.views["units"]
    view.settings = dataclasses.replace(view.settings, steps=24)
    asked = _record_unit_jobs(state)
    window.select_view("units")
    with qtbot.waitSignal(state.batchMetrics, timeout=15000):
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    assert "A run is training: press Compute" in view.info.text()
    qtbot.mouseClick(view.compute_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert asked == [] and view.is_waiting() and view.cancel_button.isEnabled()
    assert view.info.text().startswith("Waiting for the run")
    with qtbot.waitSignal(state.runEnded, timeout=10000) as ended:
        window.run_panel.actions["stop"].trigger()
    assert sorted(asked) == sorted(UNIT_KINDS) and not view.is_waiting()     # resumed as the run ended
    qtbot.waitUntil(lambda: view.unit_images() is not None and view.is_settled(), timeout=30000)
    assert f"model at step {ended.args[0].step}" in view.info.text()


def test_a_synthesis_in_progress_stops_for_training_and_resumes_when_paused(qtbot, studio_window):
    window = studio_window()
    state, view = window.state, window.views["units"]
    view.settings = dataclasses.replace(view.settings, steps=100000)
    window.select_view("units")
    progress = []
    view.requester.progress.connect(lambda e: progress.append(e.done))
    view.refresh()
    qtbot.waitUntil(lambda: bool(progress), timeout=20000)                   # it is working
    with qtbot.waitSignal(view.requester.result, timeout=20000) as stopped:
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    assert stopped.args[0].error == "Cancelled." and view.is_waiting()
    assert "Waiting for the run" in view.info.text() and "Cancelled" not in view.info.text()
    with qtbot.waitSignal(state.pausedAt, timeout=15000):
        window.run_panel.actions["pause"].trigger()
    assert not view.is_waiting() and view.requester.busy                    # started again while paused
    progress.clear()
    qtbot.waitUntil(lambda: bool(progress), timeout=20000)
    with qtbot.waitSignal(state.runEnded, timeout=10000):
        window.run_panel.actions["stop"].trigger()
    view.cancel()
    wait_settled(qtbot, view)
    assert "Cancelled" in view.info.text()


def test_trained_weights_make_the_shown_images_stale_and_say_so(qtbot, studio_window):
    window = studio_window()
    state, view = window.state, window.views["units"]
    view.settings = dataclasses.replace(view.settings, steps=24)
    window.select_view("units")
    view.refresh()
    qtbot.waitUntil(lambda: view.unit_images() is not None and view.is_settled(), timeout=30000)
    asked = _record_unit_jobs(state)
    with qtbot.waitSignal(state.batchMetrics, timeout=15000):
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(state.runEnded, timeout=10000) as ended:
        window.run_panel.actions["stop"].trigger()
    qtbot.wait(300)
    assert asked == []                                                       # offered, not started
    assert view.info.text().endswith(
        f"The model has trained since (step {ended.args[0].step}): press Compute to update.")


def test_cancel_while_waiting_forgets_the_request(qtbot, studio_window):
    window = studio_window()
    state, view = window.state, window.views["units"]
    asked = _record_unit_jobs(state)
    window.select_view("units")
    with qtbot.waitSignal(state.batchMetrics, timeout=15000):
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.compute_button, Qt.MouseButton.LeftButton)
    assert view.is_waiting()
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    assert not view.is_waiting() and not view.cancel_button.isEnabled()
    assert "A run is training: press Compute" in view.info.text()
    with qtbot.waitSignal(state.runEnded, timeout=10000):
        window.run_panel.actions["stop"].trigger()
    qtbot.wait(300)
    assert asked == [] and view.info.text().startswith("Press Compute")


def test_hovering_a_unit_outlines_its_centre_receptive_field(qtbot):
    import numpy as np
    from PySide6.QtCore import QPointF

    from convnet_studio.core import events
    from convnet_studio.core.inspect.unit_viz import UnitImages
    from convnet_studio.gui.views.units_view import UnitsView
    from tests.gui.view_helpers import seed_state
    from tests.gui.views.test_feature_maps_view import tiny_dataset

    state = seed_state(tiny_dataset())
    view = UnitsView(state)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.set_layer(3)                                  # second conv: 16×10×10 maps, 14×14 field, jump 2
    units = UnitImages(layer_index=3, channels=tuple(range(16)), images=np.zeros((16, 3, 32, 32), np.uint8),
                       start=np.zeros(16, np.float32), end=np.ones(16, np.float32), steps=4)
    view._on_units(events.AnalysisResult(1, UNITS, 0, units, ""))
    layout = view.canvas.layout_info
    x, y = 1 * (layout.tile_w + layout.sep) + 3, 3       # tile 1
    view.canvas.scene().sigMouseMoved.emit(view.canvas.image_item.mapToScene(QPointF(x, y)))
    assert view.field_outline.box == (10, 24, 10, 24)  # centre unit (5, 5): pixels 10..23
    xs, ys = view.field_outline.item.getData()
    scale = layout.tile_w / 32
    assert xs.min() == layout.tile_w + layout.sep + 10 * scale and ys.max() == 24 * scale
    view.canvas.scene().sigMouseMoved.emit(view.canvas.image_item.mapToScene(QPointF(-4, -4)))
    assert view.field_outline.box is None

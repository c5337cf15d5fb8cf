"""Analysis jobs through the real window: live and idle runs, superseding, lesions, screenshots, no GUI torch."""
import copy

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from convnet_studio.core.model.builder import build
from convnet_studio.core.train.checkpoint import load_run
from convnet_studio.core.inspect.evaluation import evaluate
from convnet_studio.core.jobs.queue import AnalysisJob
from convnet_studio.core.inspect.probes import class_probs, normalise_image
from convnet_studio.core.inspect.probes import ProbeSource

from tests.gui.analysis_helpers import click_scene
from tests.gui.test_gui_thread_runs_no_torch import VIEW_OPS, RecordOps


def ask(qtbot, state, job, timeout=20000):
    """Submit ``job`` through the state and return its AnalysisResult."""
    with qtbot.waitSignal(state.analysisResult, timeout=timeout,
                          check_params_cb=lambda e: e.job_id == job.job_id) as blocker:
        state.request_analysis(job)
    return blocker.args[0]


def last_step(state) -> int:
    m = state.last_metrics
    return int(m.steps[-1]) if m is not None and len(m.steps) else 0


def test_a_job_during_a_live_run_answers_and_the_run_goes_on(qtbot, studio_window):
    window = studio_window()
    state = window.state
    before = ask(qtbot, state, AnalysisJob("look", lambda ctx: (ctx.live, ctx.step)))
    assert before.payload == (False, 0)                        # idle: the freshly initialised model
    with qtbot.waitSignal(state.batchMetrics, timeout=15000):
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    live = ask(qtbot, state, AnalysisJob("look", lambda ctx: (ctx.live, ctx.step)))
    assert live.payload[0] is True and live.payload[1] >= 1 and live.error == ""
    seen = live.payload[1]
    qtbot.waitUntil(lambda: last_step(state) > seen + 5, timeout=15000)
    assert state.run_status == "running"
    with qtbot.waitSignal(state.runEnded, timeout=10000):
        window.run_panel.actions["stop"].trigger()
    worker = window.controller.worker
    idle = ask(qtbot, state, AnalysisJob("look", lambda ctx: (ctx.live, ctx.step,
                                                               ctx.model is worker._last_trainer.model)))
    assert idle.payload == (False, last_step(state), True)    # the last trained model, not a fresh one


def test_a_newer_job_of_the_same_kind_replaces_a_running_one(qtbot, studio_window):
    window = studio_window()
    state = window.state

    def endless(ctx):                      # small torch steps, like a real long job
        x = torch.ones(32, 32)
        for i in range(10 ** 9):
            (x @ x).sum()
            yield i, 10 ** 9

    first = AnalysisJob("slow", endless)
    results = []
    state.analysisResult.connect(lambda e: results.append(e) if e.kind == "slow" else None)
    with qtbot.waitSignal(state.analysisProgress, timeout=15000,
                          check_params_cb=lambda e: e.job_id == first.job_id):
        state.request_analysis(first)
    second = ask(qtbot, state, AnalysisJob("slow", lambda ctx: "second"))
    assert second.payload == "second"
    qtbot.wait(300)
    assert [e.job_id for e in results] == [second.job_id]      # the first never answers


def test_lesioning_a_filter_updates_accuracy_and_prediction_and_never_the_weights(qtbot, studio_window, tmp_path):
    window = studio_window()
    state, ds = window.state, window.state.dataset
    with qtbot.waitSignal(state.batchMetrics, timeout=15000):
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(state.runEnded, timeout=10000):
        window.run_panel.actions["stop"].trigger()

    def saved_weights(name):
        with qtbot.waitSignal(window.controller.saveFinished, timeout=10000) as blocker:
            window.controller.save_run(str(tmp_path / name))
        assert blocker.args[1] == ""
        return load_run(tmp_path / name)

    run = saved_weights("before.pt")
    filters, evaluation = window.views["filters"], window.views["evaluation"]
    window.select_view("filters")
    qtbot.waitUntil(lambda: filters.tile_count() == 6, timeout=15000)
    layout = filters.canvas.layout_info
    plain = filters.image().copy()
    x, y = 2 * (layout.tile_w + layout.sep) + layout.tile_w / 2, layout.tile_h / 2     # filter 2
    with qtbot.waitSignal(state.snapshotReady, timeout=15000):
        click_scene(qtbot, filters.canvas, filters.canvas.image_item.mapToScene(x, y))
    assert state.lesions == {0: frozenset({2})}
    assert filters.lesioned_tiles() == [2]
    assert len(filters.lesion_marks.getData()[0]) == 12                              # a cross and a border
    tile = (slice(0, layout.tile_h), slice(2 * (layout.tile_w + layout.sep), 3 * layout.tile_w + 2 * layout.sep))
    assert np.ptp(filters.image()[tile]) < np.ptp(plain[tile])                        # dimmed
    qtbot.waitUntil(lambda: evaluation.evaluation() is not None and bool(evaluation.evaluation().lesions), timeout=20000)

    model = build(run.spec, ds.input_shape, ds.num_classes)
    model.load_state_dict(run.model_state)
    twin = copy.deepcopy(model)
    with torch.no_grad():
        twin[0].weight[2] = 0
        twin[0].bias[2] = 0
    expected = evaluate(twin, ds)
    shown = evaluation.evaluation()
    np.testing.assert_array_equal(shown.result.confusion, expected.confusion)
    assert shown.result.accuracy == expected.accuracy
    assert shown.baseline_accuracy == evaluate(model, ds).accuracy
    assert "Switched off: layer 0: 2." in filters.lesion_info.text()
    qtbot.waitUntil(lambda: "with all on" in filters.lesion_info.text(), timeout=5000)

    # the current image's prediction is the lesioned model's
    probe = state.probe_image
    want = class_probs(twin, normalise_image(probe.image, ds.mean, ds.std))[0]
    with qtbot.waitSignal(state.snapshotReady, timeout=10000) as blocker:
        state.set_probe_image(probe.source, probe.image, probe.label)
    np.testing.assert_allclose(blocker.args[0].probs, want, atol=1e-5)
    np.testing.assert_array_equal(blocker.args[0].filters[0], run.model_state["0.weight"].numpy())

    after = saved_weights("after.pt")                            # the weights themselves never changed
    for k, v in run.model_state.items():
        assert torch.equal(v, after.model_state[k]), k
    click_scene(qtbot, filters.canvas, filters.canvas.image_item.mapToScene(x, y))    # back on
    assert state.lesions == {} and filters.lesioned_tiles() == []


@pytest.mark.parametrize("view", ["evaluation", "attribution", "units", "health"])
def test_the_screenshot_demo_shows_each_analysis_view(qtbot, tmp_path, isolated_settings, view):
    from convnet_studio.gui.diagnostics.screenshot_demo import run_screenshot
    path = tmp_path / f"{view}.png"
    result = run_screenshot(path, train_seconds=0.3, view=view, size=(1280, 800))
    assert result["steps"] > 0
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1280, 800)


def test_analysis_views_run_no_torch_ops_on_the_gui_thread(qtbot, studio_window):
    with RecordOps() as recorder:
        window = studio_window()
        for name in ("evaluation", "attribution", "units", "health"):
            window.select_view(name)
            if name == "units":
                window.views[name].compute_button.click()         # it computes only when asked
            qtbot.waitUntil(window.views[name].is_settled, timeout=20000)
            qtbot.wait(100)
        with qtbot.waitSignal(window.state.batchMetrics, timeout=15000):
            window.run_panel.actions["train"].trigger()
        window.select_view("health")
        qtbot.wait(1800)
        evaluation = window.views["evaluation"]
        window.select_view("evaluation")
        qtbot.waitUntil(lambda: evaluation.evaluation() is not None, timeout=15000)
        click_scene(qtbot, evaluation.matrix, evaluation.matrix.cell_center_scene(0, 1))
        window.state.set_lesioned(0, 1, True)
        qtbot.wait(300)
        with qtbot.waitSignal(window.state.runEnded, timeout=10000):
            window.run_panel.actions["stop"].trigger()
        qtbot.waitUntil(evaluation.is_settled, timeout=15000)
    compute = sorted(set(recorder.ops) - VIEW_OPS)
    assert not compute, f"torch ops ran on the GUI thread: {compute}"


def test_the_idle_compute_thread_lets_its_openmp_pool_go_after_snapshots_and_jobs(qtbot, studio_window,
                                                                                  monkeypatch):
    import threading

    from convnet_studio.gui.compute import worker as worker_module
    from convnet_studio.gui.compute import idle_jobs as worker_jobs
    released = []

    def record():
        released.append(threading.current_thread() is not threading.main_thread())
        return True
    window = studio_window()
    state = window.state
    monkeypatch.setattr(worker_module, "release_openmp_pool", record)
    monkeypatch.setattr(worker_jobs, "release_openmp_pool", record)
    with qtbot.waitSignal(state.snapshotReady, timeout=15000):
        state.set_probe_image(ProbeSource.val(3), state.dataset.val_x.numpy()[3], 1)
    qtbot.waitUntil(lambda: bool(released), timeout=5000)       # emitted after the release
    assert all(released)
    ask(qtbot, state, AnalysisJob("look", lambda ctx: ctx.step))
    qtbot.waitUntil(lambda: len(released) >= 2, timeout=5000)
    assert all(released)

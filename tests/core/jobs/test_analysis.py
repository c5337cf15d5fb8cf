"""Analysis jobs: the queue (coalescing, slicing, cancel), jobs inside a live or paused run, the payloads."""
import copy

import numpy as np
import pytest
import torch

from convnet_studio.core.jobs import analysis as aj
from convnet_studio.core import events as ev
from convnet_studio.core.model.builder import build
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.inspect.evaluation import evaluate
from convnet_studio.core.jobs.hooks import JobRunner, LiveSnapshots
from convnet_studio.core.jobs.queue import NEXT_STEP, AnalysisJob, JobContext, JobQueue
from convnet_studio.core.model.spec import Activation, Conv2d, Flatten, Linear, ModelSpec
from convnet_studio.core.train.trainer import Trainer
from convnet_studio.core.inspect.unit_examples import top_activating

from tests.core.toy_training import (FAST, TINY_SPEC, TINY_SPEC_2CONV, ThreadedRun, of_type, quadrant_dataset,
                                     step_losses)


@pytest.fixture(scope="module")
def data():
    return quadrant_dataset(n_val=40)


def idle_ctx(spec, data, seed=0):
    torch.manual_seed(seed)
    model = build(spec, data.input_shape, data.num_classes)
    return JobContext(model, spec, data, torch.device("cpu"))


def results(events, kind=None):
    return [e for e in of_type(events, ev.AnalysisResult) if kind is None or e.kind == kind]


def test_queue_coalesces_by_kind_and_reports_errors(data):
    queue, ctx, ran = JobQueue(), idle_ctx(TINY_SPEC, data), []
    for n in range(3):
        queue.submit(AnalysisJob("count", lambda c, n=n: ran.append(n) or n))
    queue.submit(AnalysisJob("other", lambda c: 1 / 0))
    assert queue.pending
    out = queue.run_slice(ctx, budget_s=1.0)
    assert ran == [2]                                            # only the newest of its kind ran
    done = {e.kind: e for e in results(out)}
    assert done["count"].payload == 2 and done["count"].error == ""
    assert done["other"].payload is None and done["other"].error == "Division by zero."
    assert not queue.pending and not queue.has_work()


def test_generator_jobs_are_sliced_cancelled_and_restarted_on_a_new_model(data):
    queue, ctx = JobQueue(), idle_ctx(TINY_SPEC, data)

    def slow(c):
        for i in range(5):
            yield i + 1, 5
        return "done"

    queue.submit(AnalysisJob("slow", slow))
    out = queue.run_slice(ctx, budget_s=0.0)                   # one piece of work per slice
    assert of_type(out, ev.AnalysisProgress)[-1].done == 1 and not results(out)
    out = queue.run_slice(ctx, budget_s=10.0)
    assert results(out)[0].payload == "done"
    job = AnalysisJob("slow", slow)
    queue.submit(job)
    queue.run_slice(ctx, budget_s=0.0)
    queue.cancel("slow")
    out = queue.run_slice(ctx)
    assert [(e.job_id, e.error) for e in results(out)] == [(job.job_id, "Cancelled.")]
    queue.submit(AnalysisJob("slow", slow))
    queue.run_slice(ctx, budget_s=0.0)
    other = idle_ctx(TINY_SPEC, data, seed=1)                   # another model: the job starts again
    out = queue.run_slice(other, budget_s=0.0)
    assert of_type(out, ev.AnalysisProgress)[-1].done == 1


def test_a_job_waiting_for_the_next_step_waits(data):
    queue, ctx = JobQueue(), idle_ctx(TINY_SPEC, data)

    def two_phase(c):
        first = c.step
        yield NEXT_STEP
        return (first, c.step)

    queue.submit(AnalysisJob("h", two_phase))
    assert not results(queue.run_slice(ctx, budget_s=1.0))
    assert not queue.has_work(step=0) and queue.has_work(step=1)
    ctx.step = 1
    assert results(queue.run_slice(ctx))[0].payload == (0, 1)


def test_jobs_during_a_live_run_leave_the_training_bit_identical(data):
    """Evaluation with lesions, attribution, health and lesioned snapshots change nothing the run learns."""
    config = TrainConfig(epochs=3, seed=3, **FAST)
    plain = Trainer(TINY_SPEC_2CONV, config, data)
    reference = step_losses(list(plain.run()))

    jobs = JobQueue()
    trainer = Trainer(TINY_SPEC_2CONV, config, data, hooks=[LiveSnapshots(), JobRunner(jobs)])
    trainer.pause()
    run = ThreadedRun(trainer)
    run.wait_for(ev.Paused)
    trainer.commands.set_lesions({0: [1, 2]})
    trainer.commands.request_snapshot(data.val_x[0].numpy(), "val:0")
    jobs.submit(aj.evaluation_job({0: [1, 2]}, chunk=16))
    res = run.wait_for(ev.AnalysisResult)                      # jobs run while paused
    assert res.kind == "evaluation" and res.error == "" and res.payload.baseline_accuracy is not None
    trainer.resume()
    run.wait_for(ev.BatchMetrics)
    jobs.submit(aj.health_job())
    jobs.submit(aj.attribution_job(data.val_x[3].numpy(), "val:3", lesions={0: [0]}))
    got = {}
    while len(got) < 2:
        e = run.wait_for(ev.AnalysisResult)
        got[e.kind] = e
    health = got["health"].payload
    assert health.live and len(health.layers) == len(TINY_SPEC_2CONV.layers)
    assert health.layers[0].update_ratio is not None and health.layers[0].grad_norm > 0
    assert got["attribution"].payload.saliency.shape == (8, 8)
    rest = run.finish()
    assert rest[-1].reason == "completed"
    assert step_losses(run.seen) == reference


def test_evaluation_job_equals_evaluating_a_lesioned_copy(data):
    ctx = idle_ctx(TINY_SPEC_2CONV, data)
    before = copy.deepcopy(ctx.model.state_dict())
    queue = JobQueue()
    queue.submit(aj.evaluation_job({0: [2], 3: [0, 5], 99: [1]}, chunk=16))
    payload = results(queue.run_slice(ctx, budget_s=30.0))[0].payload
    twin = copy.deepcopy(ctx.model)
    with torch.no_grad():
        for layer, chans in ((0, [2]), (3, [0, 5])):
            twin[layer].weight[chans] = 0
            twin[layer].bias[chans] = 0
    expected = evaluate(twin, data)
    np.testing.assert_array_equal(payload.result.confusion, expected.confusion)
    np.testing.assert_allclose(payload.result.loss, expected.loss, rtol=1e-5)
    assert payload.result.accuracy == expected.accuracy
    assert payload.baseline_accuracy == evaluate(ctx.model, data).accuracy
    assert payload.lesions == ((0, (2,)), (3, (0, 5)))          # the impossible layer 99 is ignored
    for k, v in ctx.model.state_dict().items():
        assert torch.equal(v, before[k])


def test_unit_jobs_and_idle_health(data):
    ctx = idle_ctx(TINY_SPEC_2CONV, data)
    queue = JobQueue()
    queue.submit(aj.unit_examples_job(3, k=4, chunk=16))
    queue.submit(aj.units_job(0, aj.AscentSettings(steps=6)))
    events = []
    while queue.has_work():
        events += queue.run_slice(ctx, budget_s=0.0)
    done = {e.kind: e.payload for e in results(events)}
    assert {p.kind for p in of_type(events, ev.AnalysisProgress)} == {"units", "unit_examples"}
    assert done["units"].images.shape == (4, 3, 8, 8)
    ex = done["unit_examples"]
    assert ex.indices.shape == (6, 4) and ex.positions.shape == (6, 4, 2)
    for unit in (0, 5):
        top = top_activating(ctx.model, data, 3, unit, k=4)
        np.testing.assert_array_equal(ex.indices[unit], top.indices)
        np.testing.assert_allclose(ex.values[unit], top.values, rtol=1e-6)
    deep = ModelSpec(layers=tuple(x for _ in range(10) for x in (Linear(32), Activation("sigmoid")))
                     + (Linear("classes"),))
    deep = ModelSpec(layers=(Flatten(),) + deep.layers)
    queue.submit(aj.health_job())
    report = results(queue.run_slice(idle_ctx(deep, data), budget_s=5.0))[0].payload
    assert not report.live and any("vanish" in w for w in report.warnings)
    assert all(p.grad is None for p in ctx.model.parameters())


def test_attribution_job_shapes_and_wrong_image(data):
    ctx = idle_ctx(ModelSpec(layers=(Conv2d(4, 3, padding=1), Activation("relu"), Flatten(), Linear("classes"))),
                   data)
    queue = JobQueue()
    queue.submit(aj.attribution_job(data.val_x[0].numpy(), "val:0", target=1))
    a = results(queue.run_slice(ctx))[0].payload
    assert a.target == 1 and a.cam_layer == 1 and a.cam_error == ""
    assert a.saliency.shape == a.grad_cam.shape == a.occlusion.shape == (8, 8)
    assert a.probs.shape == (2,) and abs(float(a.probs.sum()) - 1) < 1e-5
    queue.submit(aj.attribution_job(np.zeros((1, 5, 5), np.uint8), "x"))
    bad = results(queue.run_slice(ctx))[0]
    assert bad.payload is None and "network takes 3×8×8" in bad.error

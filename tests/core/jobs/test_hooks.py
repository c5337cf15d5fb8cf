"""The hooks that look inside a live run: snapshots on request and the analysis-job runner."""
import numpy as np
import pytest
import torch

from convnet_studio.core import events as ev
from convnet_studio.core.jobs.hooks import JobRunner, LiveSnapshots
from convnet_studio.core.jobs.queue import AnalysisJob, JobQueue
from convnet_studio.core.model.spec import Activation, BatchNorm, Conv2d, Dropout, Flatten, Linear, ModelSpec
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.trainer import Trainer

from tests.core.toy_training import (FAST, TINY_SPEC, TINY_SPEC_2CONV, collect, of_type, quadrant_dataset,
                                     step_losses, weights)


@pytest.fixture(scope="module")
def data():
    return quadrant_dataset()


def test_snapshot_on_request_has_filters_maps_and_probs(data):
    trainer = Trainer(TINY_SPEC_2CONV, TrainConfig(epochs=1, **FAST), data, hooks=[LiveSnapshots()])
    image = data.val_x[0].numpy()
    trainer.commands.request_snapshot(image, key="val:0")
    events = collect(trainer)
    snaps = of_type(events, ev.Snapshot)
    assert snaps, "no snapshot"
    first = snaps[0]
    assert first.image_key == "val:0" and first.step == 0 and first.epoch == 1
    assert set(first.filters) == {0, 3}
    assert first.filters[0].shape == (4, 3, 3, 3) and first.filters[3].shape == (6, 4, 3, 3)
    assert all(f.dtype == np.float32 for f in first.filters.values())
    assert sorted(first.feature_maps) == list(range(len(TINY_SPEC_2CONV.layers)))
    assert first.feature_maps[0].shape == (4, 8, 8) and first.feature_maps[3].shape == (6, 2, 2)
    assert first.feature_maps[5].shape == (24,) and first.feature_maps[8].shape == (2,)
    assert first.probs.shape == (2,) and first.probs.sum() == pytest.approx(1.0, abs=1e-5)
    # the epoch end re-sends a snapshot with the same image, with the newest weights
    assert snaps[-1].step == 8 and snaps[-1].image_key == "val:0"
    assert not np.array_equal(snaps[-1].filters[0], first.filters[0])
    assert trainer.model.training


def test_snapshots_do_not_change_the_training(data):
    spec = ModelSpec(layers=(Conv2d(out_channels=4, kernel_size=3, padding=1), BatchNorm(), Activation("relu"),
                             Flatten(), Dropout(0.3), Linear("classes")))
    config = TrainConfig(epochs=2, optimizer="sgd", lr=0.05, **FAST)
    plain = Trainer(spec, config, data)
    plain_losses = step_losses(collect(plain))
    probed = Trainer(spec, config, data, hooks=[LiveSnapshots()])
    probed.commands.request_snapshot(data.val_x[0].numpy(), "v")
    events = []
    for event in probed.run():
        events.append(event)
        if isinstance(event, ev.BatchMetrics) and event.steps[-1] in (3, 9):
            probed.commands.request_snapshot(data.val_x[2].numpy(), "v2")
    assert len(of_type(events, ev.Snapshot)) >= 4
    assert step_losses(events) == plain_losses
    assert all(torch.equal(v, weights(plain)[k]) for k, v in weights(probed).items())


def test_snapshot_without_image_has_filters_only(data):
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=1, **FAST), data, hooks=[LiveSnapshots()])
    trainer.commands.request_snapshot()
    snaps = of_type(collect(trainer), ev.Snapshot)
    assert snaps and all(s.feature_maps == {} and s.probs is None for s in snaps)
    assert snaps[0].filters[0].shape == (4, 3, 3, 3)


def test_snapshot_image_of_the_wrong_shape_is_refused(data):
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=1, **FAST), data)
    with pytest.raises(ValueError, match="shape"):
        trainer.commands.request_snapshot(np.zeros((1, 8, 8), np.uint8))


def test_no_snapshots_unless_requested(data):
    events = collect(Trainer(TINY_SPEC, TrainConfig(epochs=2, **FAST), data, hooks=[LiveSnapshots()]))
    assert not of_type(events, ev.Snapshot)


def test_snapshots_show_the_lesions_in_the_commands(data):
    trainer = Trainer(TINY_SPEC_2CONV, TrainConfig(epochs=1, **FAST), data, hooks=[LiveSnapshots()])
    trainer.commands.set_lesions({0: [1, 2]})
    trainer.commands.request_snapshot(data.val_x[0].numpy(), "val:0")
    first = of_type(collect(trainer), ev.Snapshot)[0]
    assert not first.feature_maps[0][[1, 2]].any() and first.feature_maps[0][[0, 3]].any()
    assert first.filters[0][[1, 2]].any()                      # the filters shown are the real weights


def test_a_zero_period_snapshots_after_every_step(data):
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=2, **FAST), data, hooks=[LiveSnapshots(period_s=0.0)])
    trainer.commands.request_snapshot()
    snaps = of_type(collect(trainer), ev.Snapshot)
    assert [s.step for s in snaps] == [0, *range(1, 9), 8, *range(9, 17), 16]
    assert [s.epoch for s in snaps][:10] == [1] * 10 and snaps[-1].epoch == 2


def test_the_job_runner_runs_jobs_on_the_live_model_and_lets_go_of_the_run(data):
    jobs = JobQueue()
    seen = []
    jobs.submit(AnalysisJob("look", lambda ctx: seen.append((ctx.live, ctx.step)) or "done"))
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=1, **FAST), data, hooks=[JobRunner(jobs)])
    results = of_type(collect(trainer), ev.AnalysisResult)
    assert [r.payload for r in results] == ["done"] and seen == [(True, 0)]
    trainer.commands.wake.clear()
    jobs.submit(AnalysisJob("late", lambda ctx: None))         # no run to wake any more
    assert not trainer.commands.wake.is_set() and jobs.has_work()


def test_a_job_submitted_while_paused_wakes_the_run(data):
    jobs = JobQueue()
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=10_000, **FAST), data, hooks=[JobRunner(jobs)])
    trainer.pause()
    run = trainer.run()
    paused = next(e for e in run if isinstance(e, ev.Paused))
    trainer.commands.wake.clear()
    jobs.submit(AnalysisJob("look", lambda ctx: ctx.step))
    assert trainer.commands.wake.is_set()
    result = next(e for e in run if isinstance(e, ev.AnalysisResult))
    assert result.payload == paused.step and trainer.step == paused.step
    run.close()

"""Trainer hooks: when each named hook point is called, and that the events they return are yielded there."""
import time
from dataclasses import dataclass

import pytest

from convnet_studio.core import events as ev
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.hooks import TrainerHooks, overridden
from convnet_studio.core.train.trainer import Trainer

from tests.core.toy_training import FAST, TINY_SPEC, ThreadedRun, collect, of_type, quadrant_dataset


@pytest.fixture(scope="module")
def data():
    return quadrant_dataset()


@dataclass(frozen=True)
class Mark:
    """An event a test hook yields: which hook point, at which step and epoch."""
    point: str
    step: int
    epoch_no: int


class Recorder(TrainerHooks):
    def __init__(self):
        self.ended = []

    def on_run_start(self, trainer):
        return [Mark("run_start", trainer.step, trainer.epoch_no)]

    def on_step_end(self, trainer):
        return [Mark("step_end", trainer.step, trainer.epoch_no)]

    def on_epoch_end(self, trainer):
        return [Mark("epoch_end", trainer.step, trainer.epoch_no)]

    def on_run_end(self, trainer, ended):
        self.ended.append(ended)
        return [Mark("run_end", trainer.step, trainer.epoch_no)]


def test_hook_points_come_in_order_with_their_events(data):
    recorder = Recorder()
    events = collect(Trainer(TINY_SPEC, TrainConfig(epochs=2, **FAST), data, hooks=[recorder]))
    kinds = [e.point if isinstance(e, Mark) else type(e).__name__ for e in events]
    # The trainer's own thread-count hook comes first: it says which count the run starts with.
    assert kinds[:3] == ["RunStarted", "ThreadsChanged", "run_start"] and kinds[-2:] == ["run_end", "RunEnded"]
    marks = of_type(events, Mark)
    assert marks[0] == Mark("run_start", 0, 1)
    assert [m.step for m in marks if m.point == "step_end"] == list(range(1, 17))
    assert [(m.step, m.epoch_no) for m in marks if m.point == "epoch_end"] == [(8, 1), (16, 2)]
    for epoch_end in of_type(events, ev.EpochEnd):   # right after its EpochEnd
        following = events[events.index(epoch_end) + 1]
        assert following == Mark("epoch_end", epoch_end.step, epoch_end.epoch)
    for metrics in of_type(events, ev.BatchMetrics):   # a step's hooks run after its metrics are read
        step = int(metrics.steps[-1])
        assert events.index(metrics) < events.index(Mark("step_end", step, metrics.epoch))
    assert recorder.ended == [events[-1]] and events[-1].reason == "completed"


def test_hooks_of_several_objects_are_called_in_the_order_given(data):
    class Named(TrainerHooks):
        def __init__(self, name):
            self.name = name

        def on_epoch_end(self, trainer):
            return [Mark(self.name, trainer.step, trainer.epoch_no)]
    events = collect(Trainer(TINY_SPEC, TrainConfig(epochs=1, **FAST), data, hooks=[Named("a"), Named("b")]))
    assert [m.point for m in of_type(events, Mark)] == ["a", "b"]


def test_only_overridden_hook_points_are_called():
    class EpochsOnly(TrainerHooks):
        def on_epoch_end(self, trainer):
            return None
    hook = EpochsOnly()
    assert overridden([hook], "on_step_end") == [] and overridden([hook, Recorder()], "on_epoch_end")[0] \
        == hook.on_epoch_end


def test_run_end_hears_of_a_consumer_that_stopped_early(data):
    recorder = Recorder()
    run = Trainer(TINY_SPEC, TrainConfig(epochs=2, **FAST), data, hooks=[recorder]).run()
    for event in run:
        if isinstance(event, ev.BatchMetrics):
            break
    run.close()
    assert recorder.ended == [None]


def test_run_end_hears_of_an_error(data):
    class Broken(Recorder):
        def on_step_end(self, trainer):
            raise RuntimeError("the hook broke")
    recorder = Broken()
    events = collect(Trainer(TINY_SPEC, TrainConfig(epochs=1, **FAST), data, hooks=[recorder]))
    assert events[-1].reason == "error" and events[-1].message == "The hook broke."
    assert recorder.ended == [events[-1]]


def test_a_run_that_cannot_start_calls_no_hooks(data):
    from convnet_studio.core.model.spec import Conv2d, ModelSpec
    recorder = Recorder()
    events = collect(Trainer(ModelSpec(layers=(Conv2d(out_channels=4, kernel_size=40),)),
                             TrainConfig(epochs=1, **FAST), data, hooks=[recorder]))
    assert [type(e) for e in events] == [ev.RunEnded] and recorder.ended == []


class PausedCounter(TrainerHooks):
    def __init__(self, wait_s):
        self.wait_s, self.calls = wait_s, 0

    def on_paused(self, trainer):
        self.calls += 1
        return [Mark("paused", trainer.step, trainer.epoch_no)]

    def paused_wait_s(self, trainer):
        return self.wait_s


@pytest.mark.parametrize("wait_s, least, most", [(0.005, 20, 1000), (None, 1, 8)])
def test_on_paused_runs_while_paused_as_often_as_asked(data, wait_s, least, most):
    hook = PausedCounter(wait_s)
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=10_000, **FAST), data, hooks=[hook])
    trainer.pause()
    run = ThreadedRun(trainer)
    paused = run.wait_for(ev.Paused)
    first = run.wait_for(Mark)
    assert first == Mark("paused", paused.step, 1)
    time.sleep(0.4)
    trainer.stop()
    run.wait_for(ev.RunEnded)
    run.finish()
    assert least <= hook.calls <= most      # the default poll is 0.1 s: about 4 calls in 0.4 s

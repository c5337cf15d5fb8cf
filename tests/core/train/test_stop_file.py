"""The stop request file: a run stops soon after ``control/stop`` appears in its folder."""
from __future__ import annotations

from convnet_studio.core import events as ev
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.hooks import TrainerHooks
from convnet_studio.core.train.stop_file import StopFileHook, request_stop, stop_request_path, stop_requested
from convnet_studio.core.train.trainer import Trainer
from tests.core.toy_training import FAST, TINY_SPEC, collect, of_type, quadrant_dataset


class _AskAt(TrainerHooks):
    def __init__(self, step, run_dir):
        self.step, self.run_dir = step, run_dir

    def on_step_end(self, trainer):
        if trainer.step == self.step:
            request_stop(self.run_dir, who="test")


def test_a_run_stops_when_the_request_file_appears_and_the_file_is_removed(tmp_path):
    stop_request_path(tmp_path).parent.mkdir()
    stop_request_path(tmp_path).write_text("left from an earlier run")    # stale: must not stop this one
    hook = StopFileHook(tmp_path, every_s=0.0)
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=1000, **FAST), quadrant_dataset(),
                      hooks=[_AskAt(5, tmp_path), hook])
    events = collect(trainer)
    ended = events[-1]
    assert ended.reason == "stopped" and ended.step == 5      # asked and seen after step 5 (every_s=0)
    assert any("stop was requested" in n.message for n in of_type(events, ev.RunNote))
    assert not stop_requested(tmp_path)


def test_the_file_is_looked_at_only_every_so_often(tmp_path):
    clock = [0.0]
    hook = StopFileHook(tmp_path, every_s=10.0, clock=lambda: clock[0])
    request_stop(tmp_path)
    stops = []

    class FakeTrainer:
        def stop(self):
            stops.append(clock[0])
    hook._next = 10.0
    for t in (1.0, 5.0, 9.9, 10.0, 11.0):
        clock[0] = t
        hook.on_step_end(FakeTrainer())
    assert stops == [10.0]

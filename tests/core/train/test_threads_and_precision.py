"""The trainer's thread count (pinned or measured, restored afterwards) and its precision choice."""
from __future__ import annotations

import pytest
import torch

from convnet_studio.core import events as ev
from convnet_studio.core.events import EndReason
from convnet_studio.core.train import precision as precision_module
from convnet_studio.core.train.config import ConfigError, TrainConfig
from convnet_studio.core.train.hooks import TrainerHooks
from convnet_studio.core.train.precision import DeviceFacts, choose_precision
from convnet_studio.core.train.trainer import Trainer
from tests.core.toy_training import TINY_SPEC, collect, of_type, quadrant_dataset

FAST = dict(epochs=1, batch_size=8, device="cpu", metrics_hz=1000.0)


class ThreadsSeen(TrainerHooks):
    def __init__(self):
        self.counts = set()

    def on_step_end(self, trainer):
        self.counts.add(torch.get_num_threads())


@pytest.fixture
def restore_threads():
    before = torch.get_num_threads()
    yield before
    torch.set_num_threads(before)


def test_pinned_threads_are_used_and_restored(restore_threads):
    torch.set_num_threads(2)
    seen = ThreadsSeen()
    events = collect(Trainer(TINY_SPEC, TrainConfig(threads=1, **FAST), quadrant_dataset(), hooks=[seen]))
    assert seen.counts == {1}
    changed = of_type(events, ev.ThreadsChanged)
    assert [(e.threads, e.reason) for e in changed] == [(1, "fixed in the settings")]
    assert torch.get_num_threads() == 2


def test_adaptive_threads_announce_the_count_and_restore_it(restore_threads):
    torch.set_num_threads(2)
    events = collect(Trainer(TINY_SPEC, TrainConfig(**FAST), quadrant_dataset(n_train=256)))
    changed = of_type(events, ev.ThreadsChanged)
    assert changed and changed[0].threads in (1, 2) and changed[0].reason
    assert torch.get_num_threads() == 2
    assert of_type(events, ev.RunEnded)[-1].reason == EndReason.COMPLETED


def test_thread_count_is_validated():
    with pytest.raises(ConfigError, match="threads"):
        TrainConfig(threads=-1).validate()
    with pytest.raises(ConfigError, match="threads"):
        TrainConfig(threads=True).validate()


@pytest.mark.parametrize("facts, expected", [
    (DeviceFacts("cuda", (8, 0), bf16_native=True, autocast=True), "bf16"),
    (DeviceFacts("cuda", (9, 0), bf16_native=True, autocast=True), "bf16"),
    (DeviceFacts("cuda", (7, 5), autocast=True), "fp16"),      # T4, RTX 20
    (DeviceFacts("cuda", (7, 0), autocast=True), "fp16"),      # V100
    (DeviceFacts("cuda", (6, 1), autocast=True), "fp32"),      # GTX 10: slow fp16 arithmetic
    (DeviceFacts("mps", autocast=True), "fp16"),
    (DeviceFacts("mps", autocast=False), "fp32"),
    (DeviceFacts("cpu", autocast=True), "fp32"),
])
def test_precision_follows_the_device(facts, expected):
    assert choose_precision(facts) == expected
    assert choose_precision(facts, mixed_precision=False) == "fp32"


def test_a_requested_precision_the_device_lacks_is_one_sentence():
    with pytest.raises(ConfigError, match="native bfloat16"):
        choose_precision(DeviceFacts("cuda", (7, 5), autocast=True), requested="bf16")
    assert choose_precision(DeviceFacts("cpu", autocast=True), requested="fp16") == "fp16"


def test_the_run_says_which_precision_it_computes_in():
    events = collect(Trainer(TINY_SPEC, TrainConfig(**FAST), quadrant_dataset()))
    assert of_type(events, ev.RunStarted)[0].precision == "fp32"


def test_fp16_steps_skipped_on_overflow_are_not_a_divergence(monkeypatch):
    # A huge first loss scale makes the scaled gradients overflow: the scaler skips those
    # steps and lowers the scale; the run goes on and ends normally.
    monkeypatch.setattr(precision_module, "INITIAL_LOSS_SCALE", 2.0 ** 30)
    scalers = []
    real = precision_module.make_scaler

    def spying(precision, device):
        scaler = real(precision, device)
        scalers.append(scaler)
        return scaler

    monkeypatch.setattr("convnet_studio.core.train.run_setup.make_scaler", spying)
    trainer = Trainer(TINY_SPEC, TrainConfig(precision="fp16", **FAST), quadrant_dataset(n_train=320))
    before = None
    events = []
    for event in trainer.run():
        if isinstance(event, ev.RunStarted):
            before = {k: v.clone() for k, v in trainer.model.state_dict().items()}
        events.append(event)
    ended = of_type(events, ev.RunEnded)[-1]
    assert ended.reason == EndReason.COMPLETED, ended.message
    assert of_type(events, ev.RunStarted)[0].precision == "fp16"
    scaler = scalers[0]
    assert scaler is not None and scaler.get_scale() < 2.0 ** 30       # overflow was seen and handled
    assert any(not torch.equal(before[k], v) for k, v in trainer.model.state_dict().items())


class FakeClock:
    def __init__(self, step_s: float):
        self.now, self.step_s = 0.0, step_s

    def __call__(self) -> float:
        self.now += self.step_s
        return self.now


def stub_trainer(model: torch.nn.Module):
    from types import SimpleNamespace
    return SimpleNamespace(device=torch.device("cpu"), config=TrainConfig(batch_size=32), model=model,
                           precision="fp32", step=0)


def test_the_time_other_hooks_take_after_a_step_is_not_counted_as_the_steps(restore_threads):
    from convnet_studio.core.train.adaptive_threads import ThreadChoices, ThreadCountHook
    torch.set_num_threads(2)
    now = [0.0]
    hook = ThreadCountHook(clock=lambda: now[0], choices=ThreadChoices())
    trainer = stub_trainer(torch.nn.Linear(4, 2))
    hook.on_run_start(trainer)
    for i in range(300):
        now[0] += 0.01                       # the step: 32 images in 10 ms
        hook.on_step_end(trainer)
        if i % 3 == 0:
            now[0] += 0.05                   # a snapshot or a time-lapse frame after it
        hook.after_hooks.on_step_end(trainer)
    assert hook.tuner.best_known(now[0]).rate == pytest.approx(3200.0, rel=0.02)


def test_the_trainer_calls_the_thread_hook_first_and_its_clock_reset_last():
    class Other(TrainerHooks):
        def on_step_end(self, trainer):
            return None
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=1, batch_size=8, device="cpu"), quadrant_dataset(),
                      hooks=[Other()])
    calls = trainer._hooks["on_step_end"]
    assert calls[0].__self__.after_hooks is calls[-1].__self__


def test_the_next_run_of_the_same_network_starts_from_what_the_last_one_chose(restore_threads):
    from convnet_studio.core.train.adaptive_threads import ThreadChoices, ThreadCountHook, run_kind
    torch.set_num_threads(2)
    choices, trainer = ThreadChoices(), stub_trainer(torch.nn.Linear(4, 2))
    first = ThreadCountHook(clock=FakeClock(0.01), choices=choices)
    assert "measuring" in str(first.on_run_start(trainer)[0].reason)
    for _ in range(300):
        first.on_step_end(trainer)
    chosen = first.tuner.chosen
    first.on_run_end(trainer, None)
    found = choices.recall(run_kind(trainer, 2))
    assert found.count == chosen and found.rate == pytest.approx(3200.0, rel=0.05)

    again = ThreadCountHook(clock=FakeClock(0.01), choices=choices).on_run_start(trainer)[0]
    assert again.threads == chosen and "last run" in str(again.reason)
    torch.set_num_threads(2)
    other_net = ThreadCountHook(clock=FakeClock(0.01), choices=choices).on_run_start(
        stub_trainer(torch.nn.Linear(8, 2)))[0]
    assert "measuring" in str(other_net.reason)
    choices.clear()
    torch.set_num_threads(2)
    cleared = ThreadCountHook(clock=FakeClock(0.01), choices=choices).on_run_start(trainer)[0]
    assert "measuring" in str(cleared.reason)

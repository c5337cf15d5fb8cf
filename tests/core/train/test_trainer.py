"""The trainer: events, reproducibility, commands between steps, divergence, resume."""
import math
import time

import numpy as np
import pytest
import torch

from convnet_studio.core import events as ev
from convnet_studio.core.jobs.hooks import LiveSnapshots
from convnet_studio.core.train.checkpoint import load_run, save_run
from convnet_studio.core.train.config import OPTIMIZERS, SCHEDULES, ConfigError, TrainConfig
from convnet_studio.core.train.device import available_devices, resolve_device
from convnet_studio.core.model.spec import Conv2d, ModelSpec
from convnet_studio.core.train.trainer import HISTORY_KEYS, Trainer

from tests.core.toy_training import (FAST, TINY_SPEC, TINY_SPEC_2CONV, ThreadedRun, collect, of_type,
                                     quadrant_dataset, step_losses, weights)


@pytest.fixture(scope="module")
def data():
    return quadrant_dataset()


def test_events_of_a_complete_run(data):
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=2, **FAST), data)
    events = collect(trainer)
    assert isinstance(events[0], ev.RunStarted)
    start = events[0]
    assert start.steps_per_epoch == 8 and start.total_steps == 16 and start.start_step == 0
    assert start.num_params == sum(p.numel() for p in trainer.model.parameters())
    assert isinstance(events[-1], ev.RunEnded) and events[-1].reason == "completed"
    assert events[-1].step == 16 and events[-1].epoch == 2
    ends = of_type(events, ev.EpochEnd)
    assert [e.epoch for e in ends] == [1, 2] and [e.step for e in ends] == [8, 16]
    assert sorted(step_losses(events)) == list(range(1, 17))
    assert set(trainer.history) == set(HISTORY_KEYS)
    assert trainer.history["epoch"] == [1, 2]
    assert trainer.history["val_acc"] == [e.val_acc for e in ends]
    for e in ends:
        assert 0 <= e.train_acc <= 1 and 0 <= e.val_acc <= 1 and e.img_per_s > 0 and e.seconds > 0


def test_same_seed_same_losses_and_weights(data):
    runs = []
    for seed in (5, 5, 6):
        trainer = Trainer(TINY_SPEC, TrainConfig(epochs=2, seed=seed, optimizer="sgd", lr=0.05, **FAST), data)
        runs.append((step_losses(collect(trainer)), weights(trainer)))
    (losses_a, w_a), (losses_b, w_b), (losses_c, _) = runs
    assert losses_a == losses_b
    assert all(torch.equal(w_a[k], w_b[k]) for k in w_a)
    assert losses_a != losses_c


def test_loss_decreases_on_a_learnable_set(data):
    trainer = Trainer(TINY_SPEC_2CONV, TrainConfig(epochs=6, optimizer="adam", lr=0.01, **FAST), data)
    collect(trainer)
    losses = trainer.history["train_loss"]
    assert losses[-1] < 0.5 * losses[0]
    assert trainer.history["val_acc"][-1] >= 0.9


def test_mse_loss_trains_and_is_a_brier_score(data):
    trainer = Trainer(TINY_SPEC_2CONV, TrainConfig(epochs=6, loss="mse", optimizer="adam", lr=0.01, **FAST), data)
    events = collect(trainer)
    losses = np.array(list(step_losses(events).values()))
    assert np.all((losses >= 0) & (losses <= 2))
    assert trainer.history["train_loss"][-1] < 0.5 * trainer.history["train_loss"][0]


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_every_optimizer_takes_steps(data, optimizer):
    from convnet_studio.core.model.builder import build
    config = TrainConfig(epochs=1, optimizer=optimizer, lr=0.01, weight_decay=1e-4, label_smoothing=0.1,
                         nesterov=optimizer == "sgd", **FAST)
    torch.manual_seed(config.seed)
    initial = build(TINY_SPEC, data.input_shape, data.num_classes).state_dict()
    trainer = Trainer(TINY_SPEC, config, data)
    events = collect(trainer)
    assert events[-1].reason == "completed"
    assert type(trainer.optimizer).__name__.lower() == optimizer
    after = weights(trainer)
    assert all(not torch.equal(after[k], initial[k]) for k in after)
    assert all(torch.isfinite(v).all() for v in after.values())
    assert len(step_losses(events)) == 8


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_every_schedule_sets_the_scheduled_lr(data, schedule):
    from convnet_studio.core.train.schedules import lr_at
    config = TrainConfig(epochs=2, schedule=schedule, warmup_epochs=0.5, step_every=1, optimizer="sgd",
                         lr=0.05, **FAST)
    events = collect(Trainer(TINY_SPEC, config, data))
    metrics = of_type(events, ev.BatchMetrics)
    assert len(metrics) == 16
    for m in metrics:
        assert m.lr == pytest.approx(lr_at(int(m.steps[-1]) - 1, 16, 8, config))


def test_batch_metrics_are_rate_limited_but_cover_every_step(data):
    config = TrainConfig(epochs=3, batch_size=4, device="cpu", metrics_hz=0.5)
    trainer = Trainer(TINY_SPEC, config, data)
    started = time.perf_counter()
    events = collect(trainer)
    elapsed = time.perf_counter() - started
    metrics = of_type(events, ev.BatchMetrics)
    assert sorted(step_losses(events)) == list(range(1, 49))
    # at most: one right after each epoch's first step, one flush per epoch, one per 2 s
    assert len(metrics) <= 2 * 3 + elapsed * 0.5 + 1
    assert len(metrics) < 48 / 2
    last = metrics[-1]
    assert last.step_in_epoch == 16 and last.steps_per_epoch == 16 and last.total_steps == 48
    assert len(last.steps) == len(last.losses) == len(last.accs)


def test_pause_blocks_steps_until_resume(data):
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=10_000, **FAST), data, hooks=[LiveSnapshots()])
    run = ThreadedRun(trainer)
    run.wait_for(ev.BatchMetrics)
    trainer.pause()
    paused = run.wait_for(ev.Paused)
    time.sleep(0.3)
    assert trainer.step == paused.step
    assert not of_type(run.drain(), ev.BatchMetrics)
    # while paused, live changes and snapshots are still served, without taking a step
    trainer.set_hparams(lr=0.02)
    assert run.wait_for(ev.HParamsChanged).step == paused.step
    trainer.commands.request_snapshot(data.val_x[1].numpy(), "val:1")
    snap = run.wait_for(ev.Snapshot, where=lambda e: e.image_key == "val:1")
    assert snap.step == paused.step and trainer.step == paused.step
    trainer.resume()
    resumed = run.wait_for(ev.Resumed)
    assert resumed.step == paused.step
    run.wait_for(ev.BatchMetrics, where=lambda e: e.steps[-1] > paused.step)
    trainer.stop()
    end = run.wait_for(ev.RunEnded)
    run.finish()
    assert end.reason == "stopped" and end.step == trainer.step


def test_stop_while_paused_ends_the_run(data):
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=10_000, **FAST), data)
    run = ThreadedRun(trainer)
    run.wait_for(ev.RunStarted)
    trainer.pause()
    run.wait_for(ev.Paused)
    trainer.stop()
    end = run.wait_for(ev.RunEnded)
    run.finish()
    assert end.reason == "stopped" and "stopped" in end.message


def test_stop_finishes_the_step_and_ends_with_stopped(data):
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=5, **FAST), data)
    events = []
    for event in trainer.run():
        events.append(event)
        if isinstance(event, ev.BatchMetrics) and event.steps[-1] == 3:
            trainer.stop()
    assert events[-1].reason == "stopped" and events[-1].step == 3 and trainer.step == 3
    assert events[-1].epoch == 0
    assert not of_type(events, ev.EpochEnd)


def test_live_lr_change_applies_from_the_next_step(data):
    config = TrainConfig(epochs=2, optimizer="sgd", lr=0.01, momentum=0.5, **FAST)
    trainer = Trainer(TINY_SPEC, config, data)
    events = []
    for event in trainer.run():
        events.append(event)
        if isinstance(event, ev.BatchMetrics) and event.steps[-1] == 4:
            trainer.set_hparams(lr=0.2, momentum=0.8, weight_decay=0.01)
    changed = of_type(events, ev.HParamsChanged)
    assert changed == [ev.HParamsChanged(step=4, lr=0.2, momentum=0.8, weight_decay=0.01)]
    lrs = {int(m.steps[-1]): m.lr for m in of_type(events, ev.BatchMetrics)}
    assert lrs[4] == pytest.approx(0.01) and lrs[5] == pytest.approx(0.2) and lrs[16] == pytest.approx(0.2)
    group = trainer.optimizer.param_groups[0]
    assert group["lr"] == pytest.approx(0.2) and group["momentum"] == 0.8 and group["weight_decay"] == 0.01
    assert events.index(changed[0]) < next(i for i, e in enumerate(events)
                                           if isinstance(e, ev.BatchMetrics) and e.steps[-1] == 5)
    saved = trainer.state_for_checkpoint().config
    assert (saved.lr, saved.momentum, saved.weight_decay) == (0.2, 0.8, 0.01)


def test_live_lr_change_keeps_the_schedule_position(data):
    config = TrainConfig(epochs=2, optimizer="sgd", lr=0.1, schedule="cosine", **FAST)
    trainer = Trainer(TINY_SPEC, config, data)
    lrs = {}
    for event in trainer.run():
        if isinstance(event, ev.BatchMetrics):
            lrs[int(event.steps[-1])] = event.lr
            if event.steps[-1] == 8:
                trainer.set_hparams(lr=0.2)
    from convnet_studio.core.train.schedules import lr_factor
    assert lrs[12] == pytest.approx(0.2 * lr_factor(11, 16, 8, config))


def test_adam_momentum_is_beta1(data):
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=1, optimizer="adam", momentum=0.8, **FAST), data)
    for event in trainer.run():
        if isinstance(event, ev.BatchMetrics) and event.steps[-1] == 2:
            trainer.set_hparams(momentum=0.7)
    assert trainer.optimizer.param_groups[0]["betas"] == (0.7, 0.999)


@pytest.mark.parametrize("bad", [dict(lr=0), dict(lr=float("nan")), dict(momentum=1.0), dict(weight_decay=-1)])
def test_bad_live_values_are_refused_at_once(data, bad):
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=1, **FAST), data)
    with pytest.raises(ConfigError):
        trainer.set_hparams(**bad)


@pytest.mark.parametrize("metrics_hz", [1e6, 10.0])
def test_huge_lr_diverges_and_keeps_finite_weights(data, metrics_hz):
    config = TrainConfig(epochs=50, optimizer="sgd", lr=1e6, momentum=0.0, batch_size=8, device="cpu",
                         metrics_hz=metrics_hz)
    trainer = Trainer(TINY_SPEC_2CONV, config, data)
    events = collect(trainer)
    end = events[-1]
    assert end.reason == "diverged", end
    assert "learning rate" in end.message and f"at step {end.step}" in end.message
    assert "weights from step" in end.message
    assert all(torch.isfinite(v).all() for v in trainer.model.state_dict().values())
    for state in trainer.optimizer.state.values():
        assert all(torch.isfinite(v).all() for v in state.values() if isinstance(v, torch.Tensor))
    assert all(np.isfinite(m.losses).all() for m in of_type(events, ev.BatchMetrics))
    saved = trainer.state_for_checkpoint()
    assert all(torch.isfinite(v).all() for v in saved.model_state.values())


def test_divergence_names_weight_decay_only_when_it_is_on(data):
    base = dict(epochs=50, optimizer="sgd", momentum=0.0, batch_size=8, device="cpu")
    with_wd = collect(Trainer(TINY_SPEC_2CONV, TrainConfig(lr=0.5, weight_decay=1e4, **base), data))[-1]
    assert with_wd.reason == "diverged", with_wd
    assert "the learning rate 0.5 or the weight decay 10000 is probably too high" in with_wd.message
    without = collect(Trainer(TINY_SPEC_2CONV, TrainConfig(lr=1e6, **base), data))[-1]
    assert without.reason == "diverged" and "weight decay" not in without.message


def _train(data, config, resume=None, stop_when=lambda event: False):
    trainer = Trainer(TINY_SPEC_2CONV, config, data, resume=resume)
    events = []
    for event in trainer.run():
        events.append(event)
        if stop_when(event):
            trainer.stop()
    return trainer, events


def _assert_same_run(straight, straight_events, first_events, second, second_events):
    straight_losses = step_losses(straight_events)
    resumed_losses = {**step_losses(first_events), **step_losses(second_events)}
    assert sorted(resumed_losses) == sorted(straight_losses)
    for step, loss in straight_losses.items():
        assert resumed_losses[step] == pytest.approx(loss, abs=1e-6), step
    for key, value in weights(straight).items():
        assert torch.allclose(weights(second)[key], value, atol=1e-6), key
    assert second.history["epoch"] == straight.history["epoch"]
    for key in ("train_loss", "train_acc", "val_loss", "val_acc", "lr"):
        assert second.history[key] == pytest.approx(straight.history[key], abs=1e-6), key


def _stop_after_epoch_1(event):
    return isinstance(event, ev.EpochEnd) and event.epoch == 1


def _stop_after_step_11(event):
    return isinstance(event, ev.BatchMetrics) and event.steps[-1] == 11


@pytest.mark.parametrize("stop_when, stopped_at", [(_stop_after_epoch_1, 8), (_stop_after_step_11, 11)])
def test_stop_save_load_resume_continues_exactly(data, tmp_path, stop_when, stopped_at):
    config = TrainConfig(epochs=2, optimizer="adam", lr=0.01, schedule="cosine", warmup_epochs=0.5,
                         augment="flip+crop", **FAST)
    straight, straight_events = _train(data, config)
    first, first_events = _train(data, config, stop_when=stop_when)
    assert first_events[-1].reason == "stopped"
    save_run(tmp_path / "run.pt", first.state_for_checkpoint())
    state = load_run(tmp_path / "run.pt")
    assert state.epoch == 1 and state.step == stopped_at
    second, second_events = _train(data, state.config, resume=state)
    assert second_events[0].start_step == stopped_at and second_events[0].start_epoch == 1
    assert second_events[-1].reason == "completed"
    _assert_same_run(straight, straight_events, first_events, second, second_events)


def test_one_epoch_then_one_more_equals_two_epochs(data, tmp_path):
    """As the CLI does it: train --epochs 1 --save, then --resume --epochs 2 (sgd with momentum, constant lr)."""
    config = TrainConfig(epochs=2, optimizer="sgd", lr=0.05, nesterov=True, weight_decay=1e-3, **FAST)
    straight, straight_events = _train(data, config)
    first, first_events = _train(data, config.replace(epochs=1))
    save_run(tmp_path / "run.pt", first.state_for_checkpoint())
    state = load_run(tmp_path / "run.pt")
    assert state.progress == {}
    second, second_events = _train(data, state.config.replace(epochs=2), resume=state)
    _assert_same_run(straight, straight_events, first_events, second, second_events)


def test_resume_of_a_finished_run_completes_at_once(data):
    trainer, _ = _train(data, TrainConfig(epochs=1, **FAST))
    state = trainer.state_for_checkpoint()
    again, events = _train(data, state.config, resume=state)
    assert [type(e) for e in events] == [ev.RunStarted, ev.ThreadsChanged, ev.RunEnded]
    assert events[-1].reason == "completed"


def test_an_unbuildable_net_ends_with_an_error_event(data):
    bad = ModelSpec(layers=(Conv2d(out_channels=4, kernel_size=40),))
    events = collect(Trainer(bad, TrainConfig(epochs=1, **FAST), data))
    assert len(events) == 1 and events[0].reason == "error" and "layer 0" in events[0].message


def _run_with_failing_loss(data, monkeypatch, error):
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=1, **FAST), data)
    from convnet_studio.core.train import run_setup

    def broken_loss(config, num_classes, device):
        def loss(out, y):
            raise error
        return loss
    monkeypatch.setattr(run_setup, "make_loss", broken_loss)
    return collect(trainer)


def test_torch_errors_become_an_error_event(data, monkeypatch):
    oom = torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2 GiB\nmore details")
    events = _run_with_failing_loss(data, monkeypatch, oom)
    assert isinstance(events[0], ev.RunStarted)
    assert events[-1].reason == "error" and "\n" not in events[-1].message
    assert "out of memory" in events[-1].message and "batch size" in events[-1].message


def test_other_torch_errors_end_with_their_first_line(data, monkeypatch):
    events = _run_with_failing_loss(data, monkeypatch, RuntimeError("shapes do not match\nmore details"))
    assert events[-1].reason == "error" and events[-1].message == "Shapes do not match."


def test_devices():
    assert available_devices()[:2] == ["auto", "cpu"]
    assert resolve_device("cpu") == torch.device("cpu")
    expected = "cuda" if torch.cuda.is_available() else ("mps" if "mps" in available_devices() else "cpu")
    assert resolve_device("auto").type == expected
    with pytest.raises(ConfigError):
        resolve_device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(ConfigError, match="CUDA"):
            resolve_device("cuda")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_run_with_mixed_precision(data, tmp_path):
    config = TrainConfig(epochs=4, optimizer="adam", lr=0.01, device="cuda", mixed_precision=True,
                         augment="flip+crop", batch_size=8, metrics_hz=20)
    trainer = Trainer(TINY_SPEC_2CONV, config, data, hooks=[LiveSnapshots()])
    trainer.commands.request_snapshot(data.val_x[0].numpy(), "v0")
    events = collect(trainer)
    assert events[-1].reason == "completed"
    assert events[0].device.startswith("cuda")
    assert trainer.history["train_loss"][-1] < trainer.history["train_loss"][0]
    assert of_type(events, ev.Snapshot)[-1].feature_maps[0].dtype == np.float32
    save_run(tmp_path / "gpu.pt", trainer.state_for_checkpoint())
    state = load_run(tmp_path / "gpu.pt")
    again, events = _train(data, state.config.replace(epochs=5, device="cpu"), resume=state)
    assert events[-1].reason == "completed" and math.isfinite(again.history["train_loss"][-1])


def test_resuming_with_another_network_is_an_error_event(data):
    trainer, _ = _train(data, TrainConfig(epochs=1, **FAST))
    state = trainer.state_for_checkpoint()
    events = collect(Trainer(TINY_SPEC, state.config.replace(epochs=2), data, resume=state))
    assert [type(e) for e in events] == [ev.RunEnded]
    assert events[0].reason == "error" and "do not fit" in events[0].message


def test_a_nan_restores_exactly_the_last_proven_weights(data, monkeypatch):
    """Step 6's loss is NaN: the weights after step 5 produced it, so those after step 4 are kept."""
    from convnet_studio.core.train import run_setup
    real_make_loss = run_setup.make_loss

    def make_loss_with_nan_at_step_6(config, num_classes, device):
        loss_fn, calls = real_make_loss(config, num_classes, device), []

        def loss(out, y):
            calls.append(1)
            value = loss_fn(out, y)
            return value * float("nan") if len(calls) == 6 else value
        return loss
    config = TrainConfig(epochs=1, optimizer="adam", lr=0.01, **FAST)
    reference, _ = _train(data, config, stop_when=lambda e: isinstance(e, ev.BatchMetrics) and e.steps[-1] == 4)
    monkeypatch.setattr(run_setup, "make_loss", make_loss_with_nan_at_step_6)
    trainer, events = _train(data, config)
    end = events[-1]
    assert end.reason == "diverged" and end.step == 6
    assert "NaN at step 6 (epoch 1)" in end.message and "weights from step 4 are kept" in end.message
    assert trainer.step == 4
    for key, value in weights(reference).items():
        assert torch.equal(weights(trainer)[key], value), key
    ref_state = reference.optimizer.state_dict()["state"]
    for index, state in trainer.optimizer.state_dict()["state"].items():
        assert all(torch.equal(v, ref_state[index][k]) for k, v in state.items())

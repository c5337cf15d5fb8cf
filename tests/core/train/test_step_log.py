"""The per-step curve a run file keeps: compact, decimated for long runs, checked and checksummed."""
import numpy as np
import pytest
import torch

from convnet_studio.core.train.checkpoint import CheckpointError, load_run, save_run
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.step_log import StepLog
from convnet_studio.core.train.trainer import Trainer

from tests.core.toy_training import TINY_SPEC, collect, quadrant_dataset
from convnet_studio.core import events as ev


def test_a_short_run_keeps_every_step():
    log = StepLog()
    log.add([1, 2, 3], [0.9, 0.8, 0.7], [0.1, 0.2, 0.3], 0.05)
    log.add([4], [0.6], [0.4], 0.04)
    cols = log.arrays()
    assert cols["step"].tolist() == [1, 2, 3, 4] and cols["step"].dtype == np.int64
    assert cols["loss"].dtype == np.float32 and cols["loss"][-1] == pytest.approx(0.6)
    assert cols["lr"].tolist() == pytest.approx([0.05, 0.05, 0.05, 0.04])


def test_a_long_run_is_decimated_evenly_and_stays_under_the_cap():
    log = StepLog(max_points=100)
    for start in range(1, 10_001, 50):
        steps = np.arange(start, start + 50)
        log.add(steps, steps * 0.0 + 1.0, steps * 0.0, 0.1)
    cols = log.arrays()
    assert 50 <= len(cols["step"]) <= 100
    gaps = np.diff(cols["step"])
    assert (gaps == log.stride).all() and cols["step"][0] == 1 and cols["step"][-1] > 9_800


def test_the_trainer_logs_every_step_and_the_file_keeps_it(tmp_path):
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=2, batch_size=16, device="cpu"), quadrant_dataset())
    metrics = [e for e in collect(trainer) if isinstance(e, ev.BatchMetrics)]
    shown = np.concatenate([m.steps for m in metrics])
    state = trainer.state_for_checkpoint()
    assert state.step_log["step"].tolist() == shown.tolist() == list(range(1, 9))
    assert state.history["step"] == [4, 8]
    save_run(tmp_path / "run.pt", state)
    loaded = load_run(tmp_path / "run.pt")
    assert torch.equal(loaded.step_log["loss"], state.step_log["loss"])
    assert loaded.step_log["loss"].dtype == torch.float32


def test_a_changed_curve_fails_the_checksum(tmp_path):
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=1, batch_size=16, device="cpu"), quadrant_dataset())
    collect(trainer)
    path = tmp_path / "run.pt"
    save_run(path, trainer.state_for_checkpoint())
    raw = torch.load(path, weights_only=True)
    raw["step_log"]["loss"][0] += 1.0
    torch.save(raw, path)
    with pytest.raises(CheckpointError, match="checksum"):
        load_run(path)


def test_a_resumed_run_continues_the_curve():
    config = TrainConfig(epochs=2, batch_size=16, device="cpu")
    first = Trainer(TINY_SPEC, config.replace(epochs=1), quadrant_dataset())
    collect(first)
    second = Trainer(TINY_SPEC, config, quadrant_dataset(), resume=first.state_for_checkpoint())
    collect(second)
    assert second.state_for_checkpoint().step_log["step"].tolist() == list(range(1, 9))

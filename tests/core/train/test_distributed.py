"""Data-parallel training (gloo on localhost): N processes train like one process on the global batch."""
from __future__ import annotations

import time

import numpy as np
import pytest
import torch

from convnet_studio.core.train.checkpoint import load_run
from convnet_studio.core.train.config import ConfigError, TrainConfig
from convnet_studio.core.train.distributed import (SINGLE, DataParallel, Placement, placement_from_environment,
                                                   split)
from convnet_studio.core.train.trainer import Trainer
from tests.core.toy_training import TINY_SPEC, collect, quadrant_dataset, step_losses, weights
from tests.core.train.ddp_ranks import run_ranks

#: 301 training images at a global batch of 64: 5 steps an epoch, the last one (45 images)
#: split 23 + 22, so the weighting of uneven shards is exercised too. 10 epochs = 50 steps.
DATA = dict(n_train=301, n_val=33, size=8, classes=3)
CONFIG = dict(batch_size=64, epochs=10, lr=0.05, momentum=0.9, augment="flip+crop", device="cpu",
              metrics_hz=1e6, seed=3)
#: float32 sums taken in another order (two half-batch gradients averaged instead of one
#: batch) differ in the last bits: measured over these 50 steps, at most 1.2e-7 relative in
#: the losses and 6.6e-7 absolute in the weights.
TOLERANCE = dict(rtol=1e-5, atol=2e-6)


def test_split_cuts_like_tensor_split():
    for total in range(0, 12):
        for parts in range(1, 5):
            cuts = [split(total, parts, i) for i in range(parts)]
            expected = [len(t) for t in torch.tensor_split(torch.arange(total), parts)]
            assert [hi - lo for lo, hi in cuts] == expected
            assert cuts[0][0] == 0 and cuts[-1][1] == total


def test_placement_comes_from_torchrun_variables():
    assert placement_from_environment({}) is None
    assert placement_from_environment({"WORLD_SIZE": "1", "RANK": "0"}) is None
    assert placement_from_environment({"WORLD_SIZE": "4", "RANK": "3", "LOCAL_RANK": "1"}) == Placement(3, 4, 1)
    with pytest.raises(ConfigError, match="outside"):
        placement_from_environment({"WORLD_SIZE": "2", "RANK": "2"})


def test_batch_must_split_evenly_across_processes():
    dist = DataParallel(Placement(0, 3, 0), "cpu")
    with pytest.raises(ConfigError, match="does not split evenly across 3 processes; choose a multiple of 3"):
        dist.configure(TrainConfig(batch_size=64), None)
    with pytest.raises(ConfigError, match="too few for 3 processes"):
        dist.steps_per_epoch(5, 3)


def test_a_final_batch_too_small_for_every_process_is_dropped():
    assert SINGLE.steps_per_epoch(65, 64) == 1          # one image: batch norm cannot train on it
    assert SINGLE.steps_per_epoch(66, 64) == 2
    two = DataParallel(Placement(0, 2, 0), "cpu")
    assert two.steps_per_epoch(67, 64) == 1             # 3 images: one process would get one
    assert two.steps_per_epoch(68, 64) == 2


def _one_process(tmp_path, epochs=CONFIG["epochs"], resume=None):
    torch.set_num_threads(1)
    trainer = Trainer(TINY_SPEC, TrainConfig(**{**CONFIG, "epochs": epochs}), quadrant_dataset(**DATA),
                      resume=resume)
    events = collect(trainer)
    return step_losses(events), weights(trainer), trainer


def test_two_processes_follow_one_process_and_resume_in_one(tmp_path):
    started = time.perf_counter()
    two = run_ranks(2, tmp_path, DATA, CONFIG, save_at_step=23)
    losses, final, reference = _one_process(tmp_path)

    assert str(two["ended"].reason) == "completed"
    assert sorted(two["losses"]) == list(range(1, 51)) == sorted(losses)
    ours = np.array([two["losses"][s] for s in range(1, 51)])
    theirs = np.array([losses[s] for s in range(1, 51)])
    np.testing.assert_allclose(ours, theirs, **TOLERANCE)
    assert theirs[-5:].mean() < theirs[:5].mean() - 0.1          # it learned: the comparison means something
    for key, value in reference.model.state_dict().items():
        torch.testing.assert_close(two["weights"][key], value, **TOLERANCE)
    np.testing.assert_allclose(two["history"]["val_loss"], reference.history["val_loss"], **TOLERANCE)
    np.testing.assert_allclose(two["history"]["train_acc"], reference.history["train_acc"], **TOLERANCE)

    # Saved by rank 0 mid-epoch (step 23 of 50); one process continues it to the same end.
    mid = load_run(tmp_path / "mid.pt")
    assert (mid.step, mid.epoch, mid.progress["step_in_epoch"]) == (23, 4, 3)
    resumed_losses, resumed, _ = _one_process(tmp_path, resume=mid)
    assert sorted(resumed_losses) == list(range(24, 51))
    np.testing.assert_allclose([resumed_losses[s] for s in range(24, 51)], theirs[23:], **TOLERANCE)
    for key, value in final.items():
        torch.testing.assert_close(resumed[key], value, **TOLERANCE)
    print(f"2-process equivalence + 1-process resume: {time.perf_counter() - started:.1f} s")

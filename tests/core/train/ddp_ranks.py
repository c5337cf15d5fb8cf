"""Data-parallel runs for the tests: N processes with gloo on localhost, forked from a clean server.

A forkserver that has already imported torch and the trainer starts each rank in a
fraction of a second (a spawned one would import torch again, several seconds each).
"""
from __future__ import annotations

import multiprocessing as mp
import os
import socket
from pathlib import Path

import torch

from convnet_studio.core.train.checkpoint import save_run
from convnet_studio.core.train.hooks import TrainerHooks

PRELOAD = ["torch", "convnet_studio.core.train.trainer", "tests.core.toy_training"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _context():
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def run_ranks(world: int, out_dir: Path, dataset_kw: dict, config_kw: dict, save_at_step=None,
              timeout: float = 120.0) -> dict:
    """Train in ``world`` processes; rank 0's results (``losses``, ``weights``, ``events``)."""
    ctx, port = _context(), free_port()
    procs = [ctx.Process(target=_rank_main, args=(rank, world, port, str(out_dir), dataset_kw, config_kw,
                                                  save_at_step)) for rank in range(world)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout)
    alive = [p for p in procs if p.is_alive()]
    for p in alive:
        p.kill()
    assert not alive, "a training process hung"
    assert [p.exitcode for p in procs] == [0] * world, [p.exitcode for p in procs]
    return torch.load(Path(out_dir) / "rank0.pt", weights_only=False)


class SaveAt(TrainerHooks):
    """Saves the run after step ``step`` (rank 0 alone, mid-epoch: nothing may wait for the others)."""

    def __init__(self, step: int, path: Path):
        self.step, self.path = step, path

    def on_step_end(self, trainer):
        if trainer.step == self.step and trainer._dist.is_main:
            save_run(self.path, trainer.state_for_checkpoint())


def _rank_main(rank, world, port, out_dir, dataset_kw, config_kw, save_at_step):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    torch.set_num_threads(1)
    from convnet_studio.core.train.config import TrainConfig
    from convnet_studio.core.train.distributed import Placement, start
    from convnet_studio.core.train.trainer import Trainer
    from tests.core.toy_training import TINY_SPEC, collect, quadrant_dataset, step_losses, weights
    dist = start(torch.device("cpu"), 60.0, Placement(rank, world, rank))
    hooks = [SaveAt(save_at_step, Path(out_dir) / "mid.pt")] if save_at_step else []
    trainer = Trainer(TINY_SPEC, TrainConfig(**config_kw), quadrant_dataset(**dataset_kw), hooks=hooks,
                      distributed=dist)
    events = collect(trainer)
    if rank == 0:
        torch.save({"losses": step_losses(events), "weights": weights(trainer),
                    "ended": events[-1], "history": trainer.history}, Path(out_dir) / "rank0.pt")
    dist.close()

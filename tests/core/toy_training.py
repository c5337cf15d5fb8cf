"""Tiny learnable datasets, nets and event helpers shared by the trainer/probe/checkpoint tests."""
from __future__ import annotations

import queue
import threading

import torch

from convnet_studio.core import events as ev
from convnet_studio.core.data.dataset import InMemoryDataset
from convnet_studio.core.model.spec import Activation, Conv2d, Flatten, GlobalAvgPool, Linear, ModelSpec, Pool

TINY_SPEC = ModelSpec(name="tiny", layers=(
    Conv2d(out_channels=4, kernel_size=3, padding=1), Activation("relu"), GlobalAvgPool(), Linear("classes"),
))

TINY_SPEC_2CONV = ModelSpec(name="tiny2", layers=(
    Conv2d(out_channels=4, kernel_size=3, padding=1), Activation("relu"), Pool("max", 2, 2),
    Conv2d(out_channels=6, kernel_size=3), Activation("relu"), Flatten(), Linear(8), Activation("relu"),
    Linear("classes"),
))


def quadrant_dataset(n_train: int = 64, n_val: int = 32, channels: int = 3, classes: int = 2,
                     size: int = 8, seed: int = 0) -> InMemoryDataset:
    """Noise images where class k has a bright quadrant k: easy to learn, never trivial."""
    g = torch.Generator().manual_seed(seed)
    half = size // 2
    corners = [(0, 0), (0, half), (half, 0), (half, half)]

    def make(n):
        y = torch.arange(n) % classes
        y = y[torch.randperm(n, generator=g)]
        x = torch.randint(0, 90, (n, channels, size, size), generator=g, dtype=torch.uint8)
        for k in range(classes):
            r, c = corners[k]
            x[y == k, :, r:r + half, c:c + half] += 130
        return x, y

    tx, ty = make(n_train)
    vx, vy = make(n_val)
    names = tuple(f"class{k}" for k in range(classes))
    return InMemoryDataset("quadrants", names, tx, ty, vx, vy)


def collect(trainer):
    """All events of a run, consumed on this thread."""
    return list(trainer.run())


def of_type(events, cls):
    return [e for e in events if isinstance(e, cls)]


def step_losses(events) -> dict:
    """Global step -> loss, from BatchMetrics events."""
    out = {}
    for e in of_type(events, ev.BatchMetrics):
        out.update(zip(e.steps.tolist(), e.losses.tolist()))
    return out


class ThreadedRun:
    """Runs ``trainer.run()`` on a background thread, queueing its events."""

    def __init__(self, trainer):
        self.trainer = trainer
        self.events = queue.Queue()
        self.seen = []
        self.thread = threading.Thread(target=self._target, daemon=True)
        self.thread.start()

    def _target(self):
        try:
            for event in self.trainer.run():
                self.events.put(event)
        finally:
            self.events.put(None)

    def wait_for(self, cls, timeout: float = 60.0, where=lambda e: True):
        """Next event of type ``cls`` satisfying ``where`` (AssertionError if the run ends first)."""
        while True:
            event = self.events.get(timeout=timeout)
            if event is None:
                raise AssertionError(f"the run ended before a {cls.__name__}; saw {self.seen[-5:]}")
            self.seen.append(event)
            if isinstance(event, cls) and where(event):
                return event

    def drain(self):
        """Events queued so far, without waiting."""
        out = []
        while True:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                return out
            if event is not None:
                self.seen.append(event)
                out.append(event)

    def finish(self, timeout: float = 60.0):
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the training thread did not end"
        return self.drain()


#: Trainer settings for tests: every step read back, so the events are deterministic.
# One fixed CPU thread: a run repeats bit for bit only at a fixed thread count (a kernel's
# sums are split by thread), and the exact-resume tests compare runs bit for bit.
FAST = dict(batch_size=8, device="cpu", metrics_hz=1e6, threads=1)


def weights(trainer):
    """A detached copy of ``trainer``'s model weights."""
    return {k: v.detach().clone() for k, v in trainer.model.state_dict().items()}

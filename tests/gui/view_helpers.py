"""Synthetic events and a seed-net state for the view tests (numpy only, no training)."""
from __future__ import annotations

import numpy as np

from convnet_studio.core import events
from convnet_studio.core.model.presets import get_preset

SEED_FILTER_SHAPES = {0: (6, 3, 5, 5), 3: (16, 6, 5, 5)}


def seed_state(dataset=None):
    """A real StudioState on the seed preset (optionally with a dataset)."""
    from convnet_studio.gui.state import StudioState

    state = StudioState(spec=get_preset("seed"))
    if dataset is not None:
        state.set_dataset(dataset)
    return state


def batch(first_step: int, losses, accs=None, lr: float = 0.01, epoch: int = 0) -> events.BatchMetrics:
    """BatchMetrics for consecutive steps starting at ``first_step``."""
    losses = np.asarray(losses, dtype=np.float32)
    accs = np.full(losses.size, 0.5, np.float32) if accs is None else np.asarray(accs, np.float32)
    steps = np.arange(first_step, first_step + losses.size)
    return events.BatchMetrics(epoch=epoch, steps=steps, losses=losses, accs=accs, lr=lr,
                               img_per_s=1000.0, step_in_epoch=0, steps_per_epoch=100,
                               total_steps=1000)


def run_started(start_step: int = 0) -> events.RunStarted:
    return events.RunStarted(device="cpu", total_steps=1000, steps_per_epoch=100,
                             start_step=start_step, start_epoch=0, num_params=62006)


def epoch_end(epoch: int, step: int, val_loss: float, val_acc: float) -> events.EpochEnd:
    return events.EpochEnd(epoch=epoch, step=step, train_loss=val_loss - 0.1, train_acc=val_acc + 0.05,
                           val_loss=val_loss, val_acc=val_acc, img_per_s=1000.0, seconds=1.5, lr=0.01)


def seed_snapshot(state, key="val:0", seed=0, step=10, classes=10, filter_scales=None) -> events.Snapshot:
    """A Snapshot shaped like the seed net's: filters of both convs, every layer's output, probs."""
    rng = np.random.default_rng(seed)
    filters = {}
    for i, shape in SEED_FILTER_SHAPES.items():
        w = rng.normal(0, 0.1, shape).astype(np.float32)
        if filter_scales is not None and i == 0:          # scales of the first conv's filters
            w *= np.asarray(filter_scales, np.float32)[:, None, None, None]
        filters[i] = w
    maps = {info.index: rng.random(info.output_shape).astype(np.float32) for info in state.layer_infos}
    logits = rng.normal(size=classes)
    probs = np.exp(logits) / np.exp(logits).sum()
    return events.Snapshot(step=step, epoch=0, filters=filters, feature_maps=maps,
                           probs=probs.astype(np.float32), image_key=key)

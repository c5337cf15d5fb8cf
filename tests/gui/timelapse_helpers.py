"""A recorded seed-net time-lapse (really trained, a few steps) and the snapshots taken alongside."""
from __future__ import annotations

import numpy as np

from convnet_studio.core.model.presets import get_preset
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.trainer import Trainer
from tests.core.timelapse.test_recorder import EveryStep
from tests.core.toy_training import FAST, collect


def record_seed_run(run_dir, dataset, frames: int = 8, epochs: int = 5, probe_index: int = 5):
    """Train the seed net on ``dataset`` with a time-lapse into ``run_dir``; returns step -> Snapshot."""
    from convnet_studio.core.timelapse.recorder import TimelapseRecorder

    probe = np.ascontiguousarray(dataset.val_x[probe_index].numpy())
    check = EveryStep(probe)
    recorder = TimelapseRecorder(run_dir, probe_image=probe, probe_label=int(dataset.val_y[probe_index]),
                                 frames=frames)
    collect(Trainer(get_preset("seed"), TrainConfig(epochs=epochs, **FAST), dataset, hooks=[recorder, check]))
    return check.snaps

"""EpochMeter: per-step values read back in one go, the last partial batch, resumable progress."""
import numpy as np
import torch

from convnet_studio.core.train.epoch_meter import EpochMeter


def test_read_back_weights_the_short_last_batch_and_resumes_mid_epoch():
    meter = EpochMeter(n_train=10, batch_size=4, steps_per_epoch=3)   # batches of 4, 4 and 2
    assert meter.begin(epoch_no=1, step=0, progress={}, paused_s=0.0) == 0
    for loss, hits in ((1.0, 2), (2.0, 3), (4.0, 1)):
        meter.add(torch.tensor(loss), torch.tensor(hits))
    steps, losses, corrects, sizes = meter.take(step=3)
    assert not meter.pending and meter.take(step=3) is None
    assert steps.tolist() == [1, 2, 3] and losses.tolist() == [1.0, 2.0, 4.0]
    assert sizes.tolist() == [4, 4, 2] and corrects.tolist() == [2, 3, 1]
    meter.accumulate(losses, corrects, sizes, paused_s=0.0)
    assert meter.sums == {"loss_sum": 20.0, "correct": 6.0, "seen": 10.0}

    saved = EpochMeter(10, 4, 3)
    saved.begin(1, 0, {}, 0.0)
    saved.add(torch.tensor(1.0), torch.tensor(2))
    saved.accumulate(*saved.take(step=1)[1:], paused_s=0.0)
    progress = saved.progress(step=1)
    resumed = EpochMeter(10, 4, 3)
    assert resumed.begin(1, step=1, progress=progress, paused_s=0.0) == 1
    assert resumed.start_step == 0 and resumed.sums == saved.sums
    resumed.add(torch.tensor(2.0), torch.tensor(3))
    steps, *_rest, sizes = resumed.take(step=2)
    assert steps.tolist() == [2] and sizes.tolist() == [4]
    resumed.end()
    assert resumed.progress(step=2) == {}


def test_time_excludes_pauses():
    meter = EpochMeter(8, 4, 2)
    meter.begin(1, 0, {"seconds": 5.0}, paused_s=100.0)
    assert 5.0 <= meter.seconds(paused_s=100.0) < 6.0
    assert meter.seconds(paused_s=103.0) < 3.0
    assert np.isfinite(meter.elapsed)

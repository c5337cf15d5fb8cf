"""The recorder on a real (tiny) run: what it writes, how big, and that a replayed frame is the snapshot."""
import json

import numpy as np
import pytest

from convnet_studio.core.inspect.probes import make_snapshot
from convnet_studio.core.timelapse.recorder import TimelapseRecorder
from convnet_studio.core.timelapse.schedule import frames_for_run, log_schedule
from convnet_studio.core.timelapse.store import TimelapseError, TimelapseStore, has_timelapse
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.hooks import TrainerHooks
from convnet_studio.core.train.trainer import Trainer
from tests.core.toy_training import FAST, TINY_SPEC_2CONV, collect, quadrant_dataset


class EveryStep(TrainerHooks):
    """Independent snapshots of the probe image at every step, to compare the replay with."""

    def __init__(self, image):
        self.image = image
        self.snaps = {}

    def _take(self, trainer):
        ds = trainer.dataset
        self.snaps[trainer.step] = make_snapshot(trainer.model, trainer.spec, self.image, ds.mean, ds.std,
                                                 trainer.step, trainer.epoch_no)

    def on_run_start(self, trainer):
        self._take(trainer)

    def on_step_end(self, trainer):
        self._take(trainer)


def _run(tmp_path, epochs=5, **recorder_args):
    data = quadrant_dataset()
    probe = data.val_x[3].numpy()
    recorder = TimelapseRecorder(tmp_path, probe_image=probe, probe_label=int(data.val_y[3]), **recorder_args)
    check = EveryStep(probe)
    trainer = Trainer(TINY_SPEC_2CONV, TrainConfig(epochs=epochs, **FAST), data, hooks=[recorder, check])
    events = collect(trainer)
    return trainer, recorder, check, events


def test_replayed_frames_equal_the_snapshots_taken_at_their_steps(tmp_path):
    trainer, recorder, check, _ = _run(tmp_path, frames=12)
    store = TimelapseStore(tmp_path)
    assert store.steps == recorder.recorded == log_schedule(trainer.total_steps, 12)
    assert store.conv_layers == [0, 3]
    assert np.array_equal(store.probe_image, quadrant_dataset().val_x[3].numpy())
    assert store.probe_label == int(quadrant_dataset().val_y[3])
    assert store.class_names == ["class0", "class1"]
    for index, info in enumerate(store.frames):
        frame, truth = store.load(index), check.snaps[info.step]
        assert frame.step == info.step and frame.epoch == truth.epoch
        for layer, weights in truth.filters.items():
            assert frame.filters[layer].dtype == np.float32
            assert np.array_equal(frame.filters[layer], weights)          # filters are stored exactly
        assert set(frame.feature_maps) == set(truth.feature_maps)
        for layer, maps in truth.feature_maps.items():
            np.testing.assert_allclose(frame.feature_maps[layer], maps, rtol=2 ** -10, atol=2 ** -14)
        assert np.array_equal(frame.probs, truth.probs)
    # the weights did change over the run: the frames are not all the same picture
    assert not np.array_equal(store.load(0).filters[0], store.load(len(store) - 1).filters[0])


def test_the_size_limit_thins_the_schedule_and_is_never_exceeded(tmp_path):
    unbounded = tmp_path / "free"
    _run(unbounded, frames=40)
    frame_bytes = TimelapseStore(unbounded).frame_bytes
    limit = 12 * frame_bytes + 6000
    trainer, recorder, _, _ = _run(tmp_path / "bounded", frames=40, max_bytes=limit)
    store = TimelapseStore(tmp_path / "bounded")
    assert 5 <= len(store) <= 12
    assert store.steps == log_schedule(trainer.total_steps, len(store))    # still log-spaced over the run
    total = sum(p.stat().st_size for p in (tmp_path / "bounded" / "timelapse").iterdir())
    assert total <= limit
    meta = json.loads((tmp_path / "bounded" / "timelapse" / "meta.json").read_text())
    assert meta["max_bytes"] == limit


def test_a_frame_larger_than_the_limit_records_nothing_and_says_why(tmp_path):
    _, recorder, _, events = _run(tmp_path, epochs=1, max_bytes=500)
    assert recorder.recorded == [] and "does not fit" in recorder.problem
    assert len(TimelapseStore(tmp_path)) == 0
    assert events[-1].reason.value == "completed"


def test_a_stopped_run_keeps_a_last_frame_and_the_store_sees_frames_while_recording(tmp_path):
    data = quadrant_dataset()
    recorder = TimelapseRecorder(tmp_path, frames=8)
    trainer = Trainer(TINY_SPEC_2CONV, TrainConfig(epochs=20, **FAST), data, hooks=[recorder])
    seen = []
    for event in trainer.run():
        if type(event).__name__ == "EpochEnd":
            seen.append(TimelapseStore(tmp_path).refresh())
            if event.epoch == 2:
                trainer.stop()
    steps = TimelapseStore(tmp_path).steps
    planned = log_schedule(trainer.total_steps, 8)
    assert steps[:-1] == [s for s in planned if s < trainer.step]
    assert steps[-1] == trainer.step                      # the state the run stopped in
    assert seen[0] >= 1 and seen == sorted(seen)


def test_store_errors_are_sentences(tmp_path):
    assert not has_timelapse(tmp_path)
    with pytest.raises(TimelapseError, match="has no time-lapse"):
        TimelapseStore(tmp_path)
    (tmp_path / "timelapse").mkdir()
    (tmp_path / "timelapse" / "meta.json").write_text("{not json")
    with pytest.raises(TimelapseError, match="cannot be read"):
        TimelapseStore(tmp_path)


def test_a_bad_limit_is_refused(tmp_path):
    with pytest.raises(ValueError, match="positive"):
        TimelapseRecorder(tmp_path, max_bytes=0)


def test_a_resumed_run_goes_on_with_its_time_lapse_and_drops_frames_it_takes_again(tmp_path):
    data = quadrant_dataset()
    config = TrainConfig(epochs=6, **FAST)
    first = Trainer(TINY_SPEC_2CONV, config, data, hooks=[TimelapseRecorder(tmp_path, frames=30)])
    checkpoint = None
    for event in first.run():
        if type(event).__name__ == "EpochEnd":
            if event.epoch == 2:
                checkpoint = first.state_for_checkpoint()     # the last checkpoint a killed run left
            if event.epoch == 4:
                first.stop()
    before = TimelapseStore(tmp_path)
    assert before.steps[-1] > checkpoint.step
    probe = before.probe_image.copy()

    other_probe = data.val_x[7].numpy()                        # the time-lapse keeps its own image
    recorder = TimelapseRecorder(tmp_path, probe_image=other_probe, frames=30)
    second = Trainer(TINY_SPEC_2CONV, config, data, resume=checkpoint, hooks=[recorder])
    collect(second)
    after = TimelapseStore(tmp_path)
    planned = log_schedule(second.total_steps, 30)
    kept = [s for s in before.steps if s <= checkpoint.step]
    assert after.steps == kept + [s for s in planned if s > kept[-1]]
    assert np.array_equal(after.probe_image, probe)
    assert after.steps == sorted(set(after.steps))
    # the frames of the first run that were kept are untouched
    for i in range(len(kept)):
        assert np.array_equal(after.load(i).filters[0], before.load(i).filters[0])


def test_a_time_lapse_of_another_network_is_replaced(tmp_path):
    from tests.core.toy_training import TINY_SPEC
    data = quadrant_dataset()
    collect(Trainer(TINY_SPEC, TrainConfig(epochs=1, **FAST), data, hooks=[TimelapseRecorder(tmp_path, frames=5)]))
    collect(Trainer(TINY_SPEC_2CONV, TrainConfig(epochs=1, **FAST), data,
                    hooks=[TimelapseRecorder(tmp_path, frames=5)]))
    store = TimelapseStore(tmp_path)
    assert store.conv_layers == [0, 3] and store.steps == log_schedule(8, 5)


def test_by_default_a_short_run_records_one_frame_per_twenty_steps_at_most(tmp_path):
    data = quadrant_dataset()
    recorder = TimelapseRecorder(tmp_path)
    trainer = Trainer(TINY_SPEC_2CONV, TrainConfig(epochs=100, **FAST), data, hooks=[recorder])
    collect(trainer)
    assert trainer.total_steps >= 20 * 30
    assert len(recorder.recorded) == frames_for_run(trainer.total_steps) == trainer.total_steps // 20
    assert recorder.recorded == log_schedule(trainer.total_steps, trainer.total_steps // 20)

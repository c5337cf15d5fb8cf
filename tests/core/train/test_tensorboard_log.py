"""TensorBoard logs: event files that tensorboard's own reader opens, with the right tags and steps."""
import sys

import pytest

from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.tensorboard_log import (EPOCH_SCALARS, TensorBoardHooks, TensorBoardUnavailable,
                                                       filter_images)
from convnet_studio.core.train.trainer import Trainer

from tests.core.toy_training import FAST, TINY_SPEC_2CONV, collect, quadrant_dataset


def read_events(folder):
    """tensorboard's EventAccumulator over ``folder``, loaded (histograms and images kept)."""
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    acc = EventAccumulator(str(folder), size_guidance={"scalars": 0, "histograms": 0, "images": 0, "tensors": 0})
    return acc.Reload()


def test_a_run_writes_scalars_histograms_and_filter_images_at_the_global_step(tmp_path):
    config = TrainConfig(epochs=2, **FAST)
    trainer = Trainer(TINY_SPEC_2CONV, config, quadrant_dataset(), hooks=[TensorBoardHooks(tmp_path / "tb")])
    collect(trainer)
    assert list((tmp_path / "tb").glob("events.out.tfevents.*"))
    events = read_events(tmp_path / "tb")
    tags = events.Tags()
    assert set(EPOCH_SCALARS) | {"loss/step", "lr/step"} <= set(tags["scalars"])
    epoch_steps = [int(s) for s in trainer.history["step"]]
    for tag, key in EPOCH_SCALARS.items():
        scalars = events.Scalars(tag)
        assert [s.step for s in scalars] == epoch_steps
        assert [s.value for s in scalars] == pytest.approx(trainer.history[key], rel=1e-6)
    per_step = events.Scalars("loss/step")
    assert [s.step for s in per_step] == list(range(1, trainer.step + 1))
    weights = {name for name, _ in trainer.model.named_parameters()}
    assert set(tags["histograms"]) == {f"weights/{name}" for name in weights}
    assert [h.step for h in events.Histograms("weights/0.weight")] == epoch_steps
    assert tags["images"] == ["filters/0"]
    image = events.Images("filters/0")[-1]
    assert image.step == epoch_steps[-1] and image.width > 0


def test_filter_images_are_scaled_to_the_unit_range():
    import torch
    images = filter_images(torch.randn(4, 3, 5, 5) * 10)
    assert images.shape == (4, 3, 5, 5) and images.min() >= 0 and images.max() <= 1
    assert filter_images(torch.randn(6, 8, 3, 3)).shape == (6, 1, 3, 3)


def test_a_missing_tensorboard_is_one_sentence(monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorboard", None)
    with pytest.raises(TensorBoardUnavailable) as caught:
        TensorBoardHooks("logs")
    assert str(caught.value) == "TensorBoard logs need the tensorboard extra: pip install convnet-studio[tensorboard]"

"""Kernel choices for speed: the memory format of a model and the fused optimizers."""
import torch

from convnet_studio.core.model.builder import build
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.device import mixed_precision_available, preferred_memory_format
from convnet_studio.core.train.optim import build_optimizer
from convnet_studio.core.model.presets import get_preset
from convnet_studio.core.model.spec import BatchNorm, Conv2d, GlobalAvgPool, Linear, ModelSpec
from convnet_studio.core.train.trainer import Trainer

from tests.core.toy_training import TINY_SPEC, collect, quadrant_dataset

CPU, CUDA = torch.device("cpu"), torch.device("cuda")


def _net(preset: str) -> torch.nn.Module:
    return build(get_preset(preset), (3, 32, 32), 10)


def test_conv_nets_train_channels_last_on_the_cpu():
    for preset in ("seed", "vgg_small", "resnet_small"):
        assert preferred_memory_format(_net(preset), CPU, mixed_precision=False) is torch.channels_last


def test_narrow_batch_norm_and_nets_without_convolutions_keep_the_standard_layout():
    assert preferred_memory_format(_net("seed_bn"), CPU, False) is None        # batch norm over 6 channels
    assert preferred_memory_format(_net("mlp"), CPU, False) is None
    wide_bn = ModelSpec(name="wide", layers=(Conv2d(out_channels=8, kernel_size=3), BatchNorm(),
                                             GlobalAvgPool(), Linear("classes")))
    assert preferred_memory_format(build(wide_bn, (3, 8, 8), 2), CPU, False) is torch.channels_last


def test_on_cuda_channels_last_goes_with_mixed_precision():
    net = _net("seed")   # the rule reads the modules only; the net need not be on the GPU
    assert preferred_memory_format(net, CUDA, mixed_precision=True) is torch.channels_last
    assert preferred_memory_format(net, CUDA, mixed_precision=False) is None
    assert preferred_memory_format(net, torch.device("mps"), mixed_precision=True) is None


def test_sgd_adam_and_adamw_use_fused_kernels_on_the_cpu():
    params = [torch.nn.Parameter(torch.zeros(2))]
    for name in ("sgd", "adam", "adamw"):
        assert build_optimizer(params, TrainConfig(optimizer=name), CPU).defaults["fused"] is True
    assert not build_optimizer(params, TrainConfig(optimizer="rmsprop"), CPU).defaults.get("fused")


def test_the_trainer_runs_a_conv_net_channels_last_and_matches_the_standard_layout():
    data = quadrant_dataset()
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=2, batch_size=16, device="cpu"), data)
    events = collect(trainer)
    assert events[-1].reason == "completed"
    conv = trainer.model[0]
    assert conv.weight.is_contiguous(memory_format=torch.channels_last)
    assert not conv.weight.is_contiguous()
    standard = build(TINY_SPEC, data.input_shape, data.num_classes)
    standard.load_state_dict(trainer.model.state_dict())
    x = data.val_x[:8].float() / 255
    torch.testing.assert_close(trainer.model(x), standard(x), rtol=1e-4, atol=1e-5)


def test_mixed_precision_is_available_exactly_where_cuda_is(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert mixed_precision_available() is False
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert mixed_precision_available() is True

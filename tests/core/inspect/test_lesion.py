"""Lesioning filters equals zeroing their weights and bias in a copy; restoring is bit-exact."""
import copy

import pytest
import torch

from convnet_studio.core.model.builder import build
from convnet_studio.core.inspect.evaluation import evaluate_tensors
from convnet_studio.core.inspect.lesion import apply_lesions, lesioned, silenced
from convnet_studio.core.model.spec import (
    Activation, BatchNorm, Conv2d, Flatten, GlobalAvgPool, Linear, ModelSpec, Pool, Residual,
)

SHAPE = (3, 8, 8)
SPEC = ModelSpec(layers=(Conv2d(4, 3, padding=1), BatchNorm(), Activation("relu"), Pool("max", 2, 2),
                         Conv2d(5, 3, padding=1, bias=False), Activation("relu"), Residual(5), Flatten(),
                         Linear(7), Activation("relu"), Linear("classes")))
LESIONS = {0: [1, 3], 4: [2], 8: [0, 6, 6], -1: [1]}


@pytest.fixture
def model():
    torch.manual_seed(0)
    net = build(SPEC, SHAPE, 3)
    with torch.no_grad():
        net[1].running_mean.uniform_(-0.3, 0.3)
    return net.eval()


def _bits(model):
    return {k: v.clone() for k, v in model.state_dict().items()}


def _same_bits(a, b):
    return all(torch.equal(a[k].view(torch.uint8) if a[k].is_floating_point() else a[k],
                           b[k].view(torch.uint8) if b[k].is_floating_point() else b[k]) for k in a)


def test_lesion_equals_zeroing_weights_and_bias_in_a_copy_and_restores_bit_exactly(model):
    x = torch.randn(6, *SHAPE)
    original, before = _bits(model), model(x).detach()
    reference = copy.deepcopy(model)
    with torch.no_grad():  # the independent version: zero the slices by hand in a deep copy
        reference[0].weight[[1, 3]] = 0.0
        reference[0].bias[[1, 3]] = 0.0
        reference[4].weight[2] = 0.0
        reference[8].weight[[0, 6]] = 0.0
        reference[8].bias[[0, 6]] = 0.0
        reference[10].weight[1] = 0.0
        reference[10].bias[1] = 0.0
    with lesioned(model, LESIONS) as m:
        assert m is model
        assert torch.equal(model(x), reference(x))
        assert not torch.equal(model(x), before)
    assert _same_bits(_bits(model), original)
    assert torch.equal(model(x), before)


def test_restores_on_error_and_handle_is_idempotent(model):
    original = _bits(model)
    with pytest.raises(RuntimeError):
        with lesioned(model, {0: [0]}):
            raise RuntimeError("boom")
    assert _same_bits(_bits(model), original)
    handle = apply_lesions(model, {10: [0, 2], 10 - 11: [2]})  # the same layer twice
    handle.restore()
    handle.restore()
    assert _same_bits(_bits(model), original)


def test_bad_lesions_change_nothing(model):
    original = _bits(model)
    with pytest.raises(ValueError, match="channel 5 does not exist"):
        apply_lesions(model, {0: [0], 4: [4, 5]})
    with pytest.raises(ValueError, match="only Conv2d filters and Linear units"):
        apply_lesions(model, {0: [0], 1: [0]})
    with pytest.raises(ValueError, match="layer index"):
        apply_lesions(model, {11: [0]})
    assert _same_bits(_bits(model), original)


def test_silencing_a_conv_channel_equals_lesioning_it_and_works_on_residual_blocks(model):
    x = torch.randn(4, *SHAPE)
    with lesioned(model, {4: [0, 3]}):
        expected = model(x)
    with silenced(model, {4: [0, 3]}):
        assert torch.equal(model(x), expected)
    captured = {}
    with silenced(model, {6: [2]}):  # the residual block's output, as the next layer sees it
        handle = model[7].register_forward_hook(lambda _m, inputs, _out: captured.__setitem__("out", inputs[0]))
        model(x)
    handle.remove()
    assert (captured["out"][:, 2] == 0).all() and (captured["out"][:, 1] != 0).any()
    assert all(not m._forward_hooks for m in model.modules())


def test_lesioning_changes_evaluation_and_restores_it():
    torch.manual_seed(0)
    net = build(ModelSpec(layers=(Conv2d(3, 3, padding=1), Activation("relu"), GlobalAvgPool(), Linear("classes"))),
                (1, 6, 6), 2)
    x = torch.randint(0, 256, (20, 1, 6, 6), dtype=torch.uint8)
    y = torch.arange(20) % 2
    before = evaluate_tensors(net, x, y, (0.5,), (0.25,), 2)
    with lesioned(net, {0: [0, 1, 2]}):  # every filter off: the output is the last bias for every image
        dark = evaluate_tensors(net, x, y, (0.5,), (0.25,), 2)
    assert len(set(dark.loss[y == 0].tolist())) == 1
    after = evaluate_tensors(net, x, y, (0.5,), (0.25,), 2)
    assert (before.loss == after.loss).all() and (before.loss != dark.loss).any()

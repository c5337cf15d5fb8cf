"""Layer health figures against direct computations, and the plain-language diagnosis."""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from convnet_studio.core.model.builder import build
from convnet_studio.core.inspect.health import (
    LayerHealth, activation_stats, diagnose, histogram, layer_health, snapshot_parameters,
)
from convnet_studio.core.model.spec import Activation, Flatten, Linear, ModelSpec


@pytest.fixture(autouse=True)
def one_thread():
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


def _mlp(fn, depth, width=32, seed=0):
    layers = [Flatten()]
    for _ in range(depth):
        layers += [Linear(width), Activation(fn)]
    torch.manual_seed(seed)
    return build(ModelSpec(layers=tuple(layers) + (Linear("classes"),)), (1, 6, 6), 4)


def _backward(model, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(64, 1, 6, 6, generator=g)
    y = torch.randint(0, 4, (64,), generator=g)
    model.zero_grad()
    F.cross_entropy(model(x), y).backward()
    return x


def test_norms_match_a_direct_computation():
    model = _mlp("relu", 2)
    x = _backward(model)
    stats = layer_health(model, x, lr=0.01)
    assert [s.index for s in stats] == list(range(len(model)))
    for s, child in zip(stats, model):
        params = list(child.parameters())
        if not params:
            assert s.weight_norm is None and s.grad_norm is None and s.weight_hist is None
            continue
        w = np.concatenate([p.detach().numpy().ravel() for p in params]).astype(np.float64)
        g = np.concatenate([p.grad.numpy().ravel() for p in params]).astype(np.float64)
        assert s.weight_norm == pytest.approx(math.sqrt((w ** 2).sum()), rel=1e-5)
        assert s.grad_norm == pytest.approx(math.sqrt((g ** 2).sum()), rel=1e-5)
        assert s.update_ratio == pytest.approx(0.01 * s.grad_norm / s.weight_norm)
        assert s.weight_hist.counts.sum() == w.size and len(s.weight_hist.edges) == 41
    assert stats[1].label == "Linear" and stats[2].activation_hist.counts.sum() == 64 * 32
    assert layer_health(model, labels=[f"L{i}" for i in range(len(model))])[1].label == "L1"


def test_ten_layer_sigmoid_mlp_shows_vanishing_gradients():
    model = _mlp("sigmoid", 10)
    x = _backward(model)
    stats = layer_health(model, x)
    grads = [s.grad_norm for s in stats if s.grad_norm is not None]
    assert grads[0] * 1e3 < grads[-1]
    warnings = diagnose(stats)
    assert any("vanish" in w for w in warnings), warnings
    # the same depth with ReLUs (default init) looks healthy
    relu = _mlp("relu", 3)
    assert diagnose(layer_health(relu, _backward(relu), lr=1e-3)) == []


def test_relu_layer_with_a_huge_negative_bias_is_dead():
    model = _mlp("relu", 2)
    with torch.no_grad():
        model[3].bias.fill_(-100.0)
    x = _backward(model)
    stats = layer_health(model, x)
    assert stats[4].dead_fraction == 1.0 and stats[4].dead_channel_fraction == 1.0
    assert stats[2].dead_fraction < 0.5 and stats[3].dead_fraction is None  # only ReLU layers count
    assert any("dead" in w and "layer 4" in w for w in diagnose(stats))


def test_dead_units_are_zero_for_every_image_of_the_batch():
    x = torch.full((3, 2, 2, 2), -1.0)
    x[1, 1, 0, 1] = 0.5  # channel 1 fires at one position for one image
    stats = activation_stats(nn.Sequential(nn.ReLU()), x)
    assert stats[0]["dead_fraction"] == 7 / 8       # 4 + 3 of 8 units never fire
    assert stats[0]["dead_channel_fraction"] == 1 / 2


def test_update_ratio_from_previous_weights_flags_a_too_large_learning_rate():
    model = _mlp("relu", 2)
    previous = snapshot_parameters(model)
    _backward(model)
    with torch.no_grad():  # one plain SGD step with a far too large learning rate
        for p in model.parameters():
            p -= 10.0 * p.grad
    stats = layer_health(model, previous=previous)
    w_old, w_new = previous[1].numpy(), np.concatenate([p.detach().numpy().ravel() for p in model[1].parameters()])
    assert stats[1].update_ratio == pytest.approx(np.linalg.norm(w_new - w_old) / np.linalg.norm(w_old), rel=1e-5)
    assert any("learning rate is probably too large" in w for w in diagnose(stats))


def _fake(grads, dead=None, ratios=None):
    dead = dead or [None] * len(grads)
    ratios = ratios or [None] * len(grads)
    return [LayerHealth(i, "Linear", 1.0, g, r, d) for i, (g, d, r) in enumerate(zip(grads, dead, ratios))]


def test_diagnose_rules():
    assert diagnose(_fake([1.0, 0.5, 0.8])) == []
    assert any("explode" in w for w in diagnose(_fake([5e3, 1.0, 1.0])))
    assert any("explode" in w for w in diagnose(_fake([2e4, 1e4, 3e4])))
    assert any("not finite" in w for w in diagnose(_fake([1.0, float("nan"), 1.0])))
    assert any("No gradient reaches layer 0" in w for w in diagnose(_fake([0.0, 1.0, 2.0])))
    assert diagnose(_fake([None, 1.0], dead=[0.5, None])) == []
    assert diagnose(_fake([1.0, 1.0], ratios=[0.05, 0.001])) == []


def test_histogram_has_fixed_bins_and_keeps_outliers():
    h = histogram([-5.0, 0.0, 0.1, 9.0, float("nan")], bins=4, limit=1.0)
    np.testing.assert_allclose(h.edges, [-1, -0.5, 0, 0.5, 1])
    assert h.counts.tolist() == [1, 0, 2, 1] and h.counts.dtype == np.int64
    assert histogram([]).counts.sum() == 0

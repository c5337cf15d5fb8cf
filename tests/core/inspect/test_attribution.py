"""Saliency, Grad-CAM and occlusion against hand computations on tiny nets."""
import numpy as np
import pytest
import torch
from torch import nn

from convnet_studio.core.inspect.attribution import (
    default_cam_layer, grad_cam, input_gradient, occlusion, occlusion_starts, occlusion_to_pixels, saliency,
)
from convnet_studio.core.model.builder import GlobalAvgPool2d, build
from convnet_studio.core.model.spec import (
    Activation, BatchNorm, Conv2d, Dropout, Flatten, GlobalAvgPool, Linear, ModelSpec, Pool,
)


def _linear_model(shape=(3, 5, 6), classes=4, seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Flatten(), nn.Linear(int(np.prod(shape)), classes))


def test_saliency_of_a_linear_model_is_the_weight_of_the_class():
    shape = (3, 5, 6)
    model = _linear_model(shape)
    image = torch.randn(shape)
    w = model[1].weight.detach().numpy().reshape(4, *shape)
    for c in range(4):
        np.testing.assert_allclose(input_gradient(model, image, c), w[c], rtol=1e-6)
        sal = saliency(model, image, c)
        assert sal.shape == shape[1:] and sal.dtype == np.float32
        np.testing.assert_allclose(sal, np.abs(w[c]).max(axis=0), rtol=1e-6)
    predicted = int(model(image[None]).argmax())
    np.testing.assert_array_equal(saliency(model, image), saliency(model, image, predicted))


def _conv(weight, bias):
    conv = nn.Conv2d(weight.shape[1], weight.shape[0], weight.shape[2], padding=weight.shape[2] // 2)
    with torch.no_grad():
        conv.weight.copy_(torch.tensor(weight, dtype=torch.float32))
        conv.bias.copy_(torch.tensor(bias, dtype=torch.float32))
    return conv


def _linear(weight):
    lin = nn.Linear(weight.shape[1], weight.shape[0])
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(weight, dtype=torch.float32))
        lin.bias.fill_(0.3)
    return lin


def _correlate(image, weight, bias):
    """Zero-padded 'same' cross-correlation, by loops."""
    c_in, h, w = image.shape
    k = weight.shape[2]
    p = k // 2
    padded = np.zeros((c_in, h + 2 * p, w + 2 * p))
    padded[:, p:p + h, p:p + w] = image
    out = np.zeros((weight.shape[0], h, w))
    for o in range(weight.shape[0]):
        for i in range(h):
            for j in range(w):
                out[o, i, j] = (padded[:, i:i + k, j:j + k] * weight[o]).sum() + bias[o]
    return out


WEIGHT = np.array([[[[1, 0, -1], [2, 0, -2], [1, 0, -1]]], [[[0, 1, 0], [1, -4, 1], [0, 1, 0]]]], float)
BIAS = np.array([0.1, -0.2])
FC = np.array([[1.0, -2.0], [-1.5, 0.5], [0.7, 0.9]])


def test_grad_cam_equals_class_activation_map_for_conv_gap_linear():
    """With GAP + linear, alpha_k = W[c,k] / (h*w), so Grad-CAM = ReLU(sum_k W[c,k] A_k) up to scale."""
    rng = np.random.default_rng(0)
    image = rng.normal(size=(1, 6, 6))
    model = nn.Sequential(_conv(WEIGHT, BIAS), GlobalAvgPool2d(), _linear(FC))
    a = _correlate(image, WEIGHT, BIAS)
    assert default_cam_layer(model) == 0
    for c in range(3):
        cam = np.maximum(np.tensordot(FC[c], a, axes=1), 0)
        expected = cam / cam.max()
        got = grad_cam(model, torch.tensor(image, dtype=torch.float32), c)
        assert got.shape == (6, 6) and got.dtype == np.float32
        np.testing.assert_allclose(got, expected, atol=1e-5)


def _bilinear_2x(m):
    """Half-pixel-centre bilinear upsampling by 2 along both axes (edges clamped)."""
    def axis_weights(n):
        mat = np.zeros((2 * n, n))
        for o in range(2 * n):
            src = max((o + 0.5) / 2 - 0.5, 0.0)
            i0 = int(np.floor(src))
            i1 = min(i0 + 1, n - 1)
            mat[o, i0] += 1 - (src - i0)
            mat[o, i1] += src - i0
        return mat
    return axis_weights(m.shape[0]) @ m @ axis_weights(m.shape[1]).T


def test_grad_cam_on_a_pooled_layer_is_upsampled_bilinearly():
    rng = np.random.default_rng(1)
    image = rng.normal(size=(1, 8, 8))
    model = nn.Sequential(_conv(WEIGHT, BIAS), nn.ReLU(), nn.MaxPool2d(2), GlobalAvgPool2d(), _linear(FC))
    a = np.maximum(_correlate(image, WEIGHT, BIAS), 0)
    pooled = a.reshape(2, 4, 2, 4, 2).max(axis=(2, 4))
    cam = _bilinear_2x(np.maximum(np.tensordot(FC[2], pooled, axes=1), 0))
    got = grad_cam(model, torch.tensor(image, dtype=torch.float32)[None], 2, layer_index=2)
    np.testing.assert_allclose(got, cam / cam.max(), atol=1e-5)
    assert got.min() >= 0 and got.max() == pytest.approx(1.0)


def test_grad_cam_default_layer_and_bad_layers():
    spec = ModelSpec(layers=(Conv2d(4, 3, padding=1), BatchNorm(), Activation("relu"), Pool("max", 2, 2),
                             Conv2d(5, 3, padding=1), BatchNorm(), Activation("relu"), Dropout(0.2),
                             GlobalAvgPool(), Linear("classes")))
    model = build(spec, (3, 8, 8), 3)
    assert default_cam_layer(model) == 7
    assert grad_cam(model, torch.randn(3, 8, 8)).shape == (8, 8)
    with pytest.raises(ValueError, match="flat vector"):
        grad_cam(model, torch.randn(3, 8, 8), layer_index=9)
    with pytest.raises(ValueError, match="target class"):
        grad_cam(model, torch.randn(3, 8, 8), target_class=3)
    with pytest.raises(ValueError, match="no"):
        grad_cam(_linear_model(), torch.randn(3, 5, 6))
    assert default_cam_layer(_linear_model()) is None


def test_occlusion_of_a_model_that_sees_one_quadrant_is_zero_elsewhere():
    model = _linear_model((2, 8, 8), classes=3, seed=3)
    with torch.no_grad():
        w = model[1].weight.view(3, 2, 8, 8)
        keep = torch.zeros(8, 8, dtype=torch.bool)
        keep[:4, 4:] = True  # top-right quadrant only
        w[:, :, ~keep] = 0.0
    image = torch.randn(2, 8, 8) + 1.0
    drop = occlusion(model, image, target_class=1, patch=2, stride=2, batch_size=5)
    assert drop.shape == (4, 4) and drop.dtype == np.float32
    inside = np.zeros((4, 4), bool)
    inside[:2, 2:] = True
    assert np.abs(drop[~inside]).max() < 1e-6
    assert np.abs(drop[inside]).min() > 1e-4
    # one cell by hand: probability before minus after occluding rows 2-3, cols 6-7
    occluded = image.clone()
    occluded[:, 2:4, 6:8] = 0.0
    with torch.no_grad():
        p = model(torch.stack([image, occluded])).softmax(1)[:, 1]
    assert drop[1, 3] == pytest.approx(float(p[0] - p[1]), abs=1e-6)


def test_occlusion_positions_cover_the_border_and_spread_back():
    assert occlusion_starts(8, 3, 2) == [0, 2, 4, 5]
    assert occlusion_starts(7, 3, 2) == [0, 2, 4]
    model = _linear_model((1, 7, 9), classes=2)
    drop = occlusion(model, torch.randn(1, 7, 9), patch=3, stride=2)
    assert drop.shape == (3, 4)
    pixels = occlusion_to_pixels(np.full((3, 4), 0.25), (7, 9), 3, 2)
    np.testing.assert_allclose(pixels, 0.25)
    with pytest.raises(ValueError):
        occlusion(model, torch.randn(1, 7, 9), patch=8)


def test_attribution_leaves_the_model_as_it_was():
    spec = ModelSpec(layers=(Conv2d(4, 3, padding=1), BatchNorm(), Activation("relu"), Dropout(0.5),
                             Flatten(), Linear("classes")))
    torch.manual_seed(0)
    model = build(spec, (3, 6, 6), 3).train()
    model[0].weight.requires_grad_(False)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    image = torch.randn(3, 6, 6)
    runs = [(saliency(model, image), grad_cam(model, image, layer_index=0), occlusion(model, image))
            for _ in range(2)]
    for a, b in zip(*runs):  # eval mode: dropout and batch statistics off, so repeatable
        np.testing.assert_array_equal(a, b)
    assert all(m.training for m in model.modules())
    assert all(p.grad is None for p in model.parameters())
    assert not model[0].weight.requires_grad and model[0].bias.requires_grad
    assert all(not m._forward_hooks and not m._backward_hooks for m in model.modules())
    for k, v in model.state_dict().items():
        assert torch.equal(v, before[k]), k
    with pytest.raises(ValueError, match="normalised float"):
        saliency(model, np.zeros((3, 6, 6), np.uint8))

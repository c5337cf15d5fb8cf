"""Activation maximisation, top-activating images and receptive fields, on tiny nets."""
import dataclasses

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from convnet_studio.core.model.builder import build
from convnet_studio.core.data.dataset import InMemoryDataset
from convnet_studio.core.inspect.model_utils import normaliser
from convnet_studio.core.model.spec import (
    Activation, BatchNorm, Conv2d, Dropout, Flatten, GlobalAvgPool, Linear, ModelSpec, Pool, Residual,
)
from convnet_studio.core.inspect.unit_examples import ReceptiveField, receptive_box, receptive_field, top_activating
from convnet_studio.core.inspect.unit_viz import AscentSettings, layer_units, upscale_nearest, visualise_layer, visualise_unit

MEAN, STD = (0.5, 0.4, 0.3), (0.25, 0.2, 0.3)
FAST = AscentSettings(steps=48)


@pytest.fixture(autouse=True)
def one_thread():
    """Tiny nets gain nothing from threads, and OpenMP spinning on a shared CPU is slow."""
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


def _conv_net():
    torch.manual_seed(0)
    spec = ModelSpec(layers=(Conv2d(5, 3, padding=1, bias=False), Activation("relu"), Pool("max", 2, 2),
                             Conv2d(6, 3, padding=1, bias=False), BatchNorm(), Activation("relu"), Dropout(0.3),
                             GlobalAvgPool(), Linear("classes")))
    return build(spec, (3, 12, 12), 3)


def _activations(model, layer, images_uint8):
    x = normaliser(MEAN, STD, torch.device("cpu"))(torch.as_tensor(images_uint8))
    model.eval()
    with torch.no_grad():
        return model[:layer + 1](x).flatten(2).mean(2).numpy()


def test_all_filters_of_a_layer_in_one_batch_each_image_maximising_its_own_filter():
    model = _conv_net().train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    seen = []
    result = visualise_layer(model, 3, (3, 12, 12), MEAN, STD, settings=dataclasses.replace(FAST, noise=0.01),
                             progress=lambda done, total: seen.append((done, total)))
    assert result.channels == tuple(range(6)) and result.images.shape == (6, 3, 12, 12)
    assert result.images.dtype == np.uint8 and not result.stopped
    assert seen == [(k, 48) for k in range(1, 49)]
    assert (result.end > 10 * np.maximum(np.abs(result.start), 1e-3)).all(), (result.start, result.end)
    # the model is left exactly as it was
    assert all(m.training for m in model.modules())
    assert all(p.grad is None for p in model.parameters())
    assert all(not m._forward_hooks for m in model.modules())
    for k, v in model.state_dict().items():
        assert torch.equal(v, before[k]), k
    # recomputed from the returned uint8 images: image i drives filter i harder than any other image does,
    # and harder than any of 200 random images
    acts = _activations(model, 3, result.images)  # (image, filter)
    np.testing.assert_allclose(np.diag(acts), result.end, rtol=0.05, atol=0.02)
    assert (acts.argmax(axis=0) == np.arange(6)).all()
    noise = torch.randint(0, 256, (200, 3, 12, 12), generator=torch.Generator().manual_seed(1), dtype=torch.uint8)
    assert (np.diag(acts) > _activations(model, 3, noise).max(axis=0)).all()


def _quadrant_data(n=96, seed=0):
    """Class k has a bright quadrant k on a dark noisy background (1×8×8)."""
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % 4
    x = torch.randint(0, 80, (n, 1, 8, 8), generator=g, dtype=torch.uint8)
    for k, (r, c) in enumerate([(0, 0), (0, 4), (4, 0), (4, 4)]):
        x[y == k, :, r:r + 4, c:c + 4] += 150
    return InMemoryDataset("quad", ("tl", "tr", "bl", "br"), x, y, x.clone(), y.clone())


def test_class_maximisation_paints_the_class_quadrant():
    ds = _quadrant_data()
    torch.manual_seed(0)
    model = build(ModelSpec(layers=(Conv2d(4, 3, padding=1), Activation("relu"), Pool("max", 2, 2), Flatten(),
                                    Linear("classes"))), ds.input_shape, 4)
    opt = torch.optim.Adam(model.parameters(), 0.05)
    x = normaliser(ds.mean, ds.std, torch.device("cpu"))(ds.train_x)
    for _ in range(30):
        opt.zero_grad()
        F.cross_entropy(model(x), ds.train_y).backward()
        opt.step()
    model.zero_grad(set_to_none=True)
    result = visualise_layer(model, 4, ds.input_shape, ds.mean, ds.std, settings=FAST)
    for k in range(4):
        img = result.images[k, 0].astype(float)
        quadrants = [img[:4, :4].mean(), img[:4, 4:].mean(), img[4:, :4].mean(), img[4:, 4:].mean()]
        assert int(np.argmax(quadrants)) == k, (k, quadrants)
        assert result.end[k] > result.start[k] + 10
    one = visualise_unit(model, 4, 2, ds.input_shape, ds.mean, ds.std, settings=FAST)
    assert one.channels == (2,) and one.images.shape == (1, 1, 8, 8)


def test_stop_chunks_centre_objective_and_bad_input():
    model = _conv_net()
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 5

    result = visualise_layer(model, 0, (3, 12, 12), MEAN, STD, settings=FAST, batch_size=2, should_stop=stop)
    assert result.stopped and result.channels == (0, 1) and result.images.shape == (2, 3, 12, 12)
    chunked = visualise_layer(model, 0, (3, 12, 12), MEAN, STD, channels=[4, 1, 3],
                              settings=dataclasses.replace(FAST, objective="center", steps=8), batch_size=2)
    assert chunked.channels == (4, 1, 3) and chunked.end.shape == (3,)
    assert layer_units(model, 3, (3, 12, 12)) == 6 and layer_units(model, 8, (3, 12, 12)) == 3
    with pytest.raises(ValueError, match="unit 6"):
        visualise_layer(model, 3, (3, 12, 12), MEAN, STD, channels=[6])
    with pytest.raises(ValueError, match="layer index"):
        visualise_layer(model, 9, (3, 12, 12), MEAN, STD)
    assert upscale_nearest(np.arange(4).reshape(1, 2, 2), 2).tolist() == [[[0, 0, 1, 1], [0, 0, 1, 1],
                                                                            [2, 2, 3, 3], [2, 2, 3, 3]]]


def test_top_activating_matches_a_direct_ranking():
    model = _conv_net()
    g = torch.Generator().manual_seed(3)
    vx = torch.randint(0, 256, (30, 3, 12, 12), generator=g, dtype=torch.uint8)
    ds = InMemoryDataset("r", ("a", "b", "c"), vx, torch.zeros(30, dtype=torch.long), vx, torch.zeros(30, dtype=torch.long),
                         mean=MEAN, std=STD)
    top = top_activating(model, ds, 3, channel=4, k=5, batch_size=7)
    maps = []
    model.eval()
    for img in vx:  # one image at a time, plain numpy ranking
        x = (img.float() / 255 - torch.tensor(MEAN).view(3, 1, 1)) / torch.tensor(STD).view(3, 1, 1)
        with torch.no_grad():
            maps.append(model[:4](x[None])[0, 4].numpy())
    best = [float(m.max()) for m in maps]
    expected = sorted(range(30), key=lambda i: -best[i])[:5]
    np.testing.assert_array_equal(top.indices, expected)
    np.testing.assert_allclose(top.values, [best[i] for i in expected], rtol=1e-5)
    for i, (r, c) in zip(top.indices, top.positions):
        assert maps[i][r, c] == pytest.approx(best[i])
    flat = top_activating(model, ds, 8, channel=1, k=40)
    assert len(flat.indices) == 30 and (flat.positions == -1).all()


def test_receptive_box_equals_the_input_gradient_footprint():
    spec = ModelSpec(layers=(Conv2d(3, 3, padding=1), Pool("avg", 2, 2), Conv2d(4, 3, stride=2, padding=0),
                             BatchNorm(), Residual(4, stride=2), Conv2d(2, 2, padding=1), Flatten(),
                             Linear("classes")))
    torch.manual_seed(0)
    model = build(spec, (1, 40, 36), 2).eval()
    with torch.no_grad():  # residual ReLUs always on, so every path in the field carries gradient
        model[4].bn1.bias.fill_(100.0)
        model[4].bn2.bias.fill_(100.0)
    for layer in (0, 1, 2, 4, 5):
        x = torch.randn(1, 1, 40, 36, requires_grad=True)
        out = model[:layer + 1](x)
        h, w = out.shape[2:]
        for row, col in [(0, 0), (1, 1), (h - 1, 0), (h // 2, w - 1), (h - 1, w - 1)]:
            (g,) = torch.autograd.grad(out[0, 0, row, col], x, retain_graph=True)
            rows, cols = np.nonzero(g[0, 0].numpy())
            footprint = (rows.min(), rows.max() + 1, cols.min(), cols.max() + 1)
            assert receptive_box(spec, layer, (40, 36), row, col) == footprint, (layer, row, col)
    # an interior unit sees the whole analytic field: size 8 + 2*4 + 2*8 = 32, stride 8, top -1 - 4 - 8
    rf = receptive_field(spec, 4)
    assert rf == ReceptiveField(size=32, stride=8, top=-13)
    y0, y1, x0, x1 = receptive_box(spec, 4, (40, 36), 2, 2)
    assert (y0, y1) == (rf.top + 2 * rf.stride, rf.top + 2 * rf.stride + rf.size)
    assert receptive_field(spec, 0) == ReceptiveField(size=3, stride=1, top=-1)
    assert receptive_field(spec, 6) is None and receptive_box(spec, 7, (40, 36), 0, 0) is None
    with pytest.raises(ValueError):
        receptive_field(spec, 8)

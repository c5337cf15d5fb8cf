"""Probes: filters, feature maps, class probabilities and snapshots as numpy."""
import numpy as np
import pytest
import torch

from convnet_studio.core.model.builder import build, infer_shapes
from convnet_studio.core.events import Snapshot
from convnet_studio.core.inspect.probes import class_probs, conv_filters, feature_maps, make_snapshot, normalise_image
from convnet_studio.core.model.spec import BatchNorm, Conv2d, Dropout, Flatten, Linear, ModelSpec, Pool, Residual

from tests.core.toy_training import TINY_SPEC_2CONV

SHAPE, CLASSES = (3, 8, 8), 4
RICH_SPEC = ModelSpec(layers=(
    Conv2d(out_channels=5, kernel_size=3, padding=1), BatchNorm(), Residual(out_channels=6, stride=2),
    Pool("avg", 2, 2), Dropout(0.5), Flatten(), Linear("classes"),
))


@pytest.fixture
def model():
    torch.manual_seed(0)
    return build(TINY_SPEC_2CONV, SHAPE, CLASSES)


def test_conv_filters_per_conv_layer(model):
    filters = conv_filters(model, TINY_SPEC_2CONV)
    assert sorted(filters) == [0, 3]
    assert filters[0].shape == (4, 3, 3, 3) and filters[3].shape == (6, 4, 3, 3)
    assert all(f.dtype == np.float32 for f in filters.values())
    np.testing.assert_array_equal(filters[0], model[0].weight.detach().numpy())


def test_filters_are_copies_not_views_of_live_weights(model):
    filters = conv_filters(model, TINY_SPEC_2CONV)
    before = filters[0].copy()
    with torch.no_grad():
        model[0].weight.add_(1.0)
    np.testing.assert_array_equal(filters[0], before)


@pytest.mark.parametrize("spec", [TINY_SPEC_2CONV, RICH_SPEC])
def test_feature_maps_of_every_layer_match_inferred_shapes(spec):
    torch.manual_seed(0)
    net = build(spec, SHAPE, CLASSES)
    image = torch.randn(SHAPE)
    maps = feature_maps(net, image)
    infos = infer_shapes(spec, SHAPE, CLASSES)
    assert sorted(maps) == list(range(len(spec.layers)))
    for info in infos:
        assert maps[info.index].shape == tuple(info.output_shape), info
        assert maps[info.index].dtype == np.float32
    # the last layer's map is the logits of an eval-mode forward pass
    net.eval()
    with torch.no_grad():
        np.testing.assert_allclose(maps[len(spec.layers) - 1], net(image[None])[0].numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("training", [True, False])
def test_probes_restore_the_mode_and_leave_no_hooks(model, training):
    model.train(training)
    feature_maps(model, torch.randn(1, *SHAPE))
    class_probs(model, torch.randn(2, *SHAPE))
    make_snapshot(model, TINY_SPEC_2CONV, np.zeros(SHAPE, np.uint8), (0.5,) * 3, (0.2,) * 3, 3, 1, "k")
    assert all(m.training == training for m in model.modules())
    assert all(not child._forward_hooks for child in model)


def test_probes_use_eval_mode_so_dropout_is_off():
    torch.manual_seed(0)
    spec = ModelSpec(layers=(Flatten(), Dropout(0.9), Linear("classes")))
    net = build(spec, SHAPE, CLASSES).train()
    x = torch.randn(SHAPE)
    first, second = feature_maps(net, x), feature_maps(net, x)
    np.testing.assert_array_equal(first[1], second[1])
    np.testing.assert_array_equal(first[1], first[0])


def test_class_probs_sum_to_one(model):
    probs = class_probs(model, torch.randn(5, *SHAPE))
    assert probs.shape == (5, CLASSES) and probs.dtype == np.float32
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    single = class_probs(model, torch.randn(SHAPE))
    assert single.shape == (CLASSES,)


def test_make_snapshot_with_and_without_an_image(model):
    mean, std = (0.4, 0.5, 0.6), (0.2, 0.25, 0.3)
    image = np.random.default_rng(0).integers(0, 256, SHAPE, dtype=np.uint8)
    snap = make_snapshot(model, TINY_SPEC_2CONV, image, mean, std, step=7, epoch=2, key="val:3")
    assert isinstance(snap, Snapshot)
    assert (snap.step, snap.epoch, snap.image_key) == (7, 2, "val:3")
    assert sorted(snap.filters) == [0, 3] and sorted(snap.feature_maps) == list(range(9))
    x = normalise_image(image, mean, std)
    expected = feature_maps(model, x)
    for index, array in expected.items():
        np.testing.assert_allclose(snap.feature_maps[index], array, rtol=1e-6)
    np.testing.assert_allclose(snap.probs, class_probs(model, x)[0], rtol=1e-5)
    bare = make_snapshot(model, TINY_SPEC_2CONV, None, mean, std, step=7, epoch=2)
    assert bare.feature_maps == {} and bare.probs is None and sorted(bare.filters) == [0, 3]


def test_normalise_image_uses_the_dataset_statistics():
    image = np.full((3, 2, 2), 255, np.uint8)
    x = normalise_image(image, (0.5, 0.0, 1.0), (0.5, 1.0, 0.5))
    assert x.shape == (1, 3, 2, 2)
    np.testing.assert_allclose(x[0, :, 0, 0].numpy(), [1.0, 1.0, 0.0])

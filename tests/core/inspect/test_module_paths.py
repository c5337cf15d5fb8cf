"""Every view's job on opened models, with layers addressed by module path (``layer3.1.conv2``)."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from convnet_studio.core.inspect import attribution, health, lesion, probes, unit_examples, unit_viz
from convnet_studio.core.inspect.ascent_settings import AscentSettings
from convnet_studio.core.inspect.evaluation import evaluate
from convnet_studio.core.inspect.model_utils import layer_output
from convnet_studio.core.model.external.layers import discover_layers

from tests.core.model.external.opened_models import SIZE, opened
from tests.core.toy_training import quadrant_dataset

#: (model, a conv deep inside, a block output, a Linear unit layer)
CASES = {
    "resnet18": ("layer3.1.conv2", "layer4", "fc"),
    "mobilenet_v3_small": ("features.3.block.0.0", "features.12", "classifier.3"),
}


@pytest.fixture(params=sorted(CASES))
def case(request):
    model = opened(request.param)
    torch.manual_seed(1)
    image = torch.randn(3, SIZE, SIZE)
    return model, image, CASES[request.param]


def test_discovered_layers_have_paths_and_hooked_output_shapes(case):
    model, _, (conv, block, _) = case
    layers = {l.path: l for l in discover_layers(model.module, model.meta.input_shape)}
    assert layers[conv].is_conv and layers[conv].leaf
    assert len(layers[block].output_shape) == 3 and not layers[block].leaf
    assert sum(l.params for l in layers.values() if l.depth == 1) == sum(p.numel() for p in model.module.parameters())


def test_filters_feature_maps_and_probabilities(case):
    model, image, (conv, block, _) = case
    filters = probes.conv_filters(model.module, None)
    assert np.array_equal(filters[conv], model.module.get_submodule(conv).weight.detach().numpy())
    maps = probes.feature_maps(model.module, image, layers=[conv, block])
    assert set(maps) == {conv, block}
    with torch.no_grad():
        direct = layer_output(model.module.eval(), block, image[None])[0].numpy()
    np.testing.assert_allclose(maps[block], direct, rtol=1e-5, atol=1e-5)
    probs = probes.class_probs(model.module, image)
    assert probs.shape == (1000,) and probs.sum() == pytest.approx(1.0, abs=1e-4)
    snap = probes.make_snapshot(model.module, None, np.zeros((3, SIZE, SIZE), np.uint8), model.meta.mean,
                                model.meta.std, step=0, epoch=0, layers=[block])
    assert conv in snap.filters and set(snap.feature_maps) == {block} and snap.probs.shape == (1000,)


def test_maps_before_an_in_place_relu_are_not_overwritten():
    model = opened("resnet18").module
    image = torch.randn(3, SIZE, SIZE)
    maps = probes.feature_maps(model, image, layers=["bn1", "relu"])
    assert (maps["bn1"] < 0).any()                   # the in-place ReLU after bn1 did not rectify the copy


def test_attribution(case):
    model, image, (conv, block, _) = case
    assert attribution.saliency(model.module, image).shape == (SIZE, SIZE)
    default = attribution.default_cam_layer(model.module)
    assert isinstance(default, str)
    for layer in (None, block, conv):
        cam = attribution.grad_cam(model.module, image, target_class=3, layer_index=layer)
        assert cam.shape == (SIZE, SIZE) and 0 <= cam.min() and cam.max() <= 1
    drop = attribution.occlusion(model.module, image, patch=32, stride=32)
    assert drop.shape == (2, 2)


def test_unit_images_and_top_activating(case):
    model, _, (conv, block, _) = case
    assert unit_viz.layer_units(model.module, conv, model.meta.input_shape) == \
        model.module.get_submodule(conv).out_channels
    result = unit_viz.visualise_layer(model.module, conv, (3, 32, 32), model.meta.mean, model.meta.std,
                                      channels=(0, 1), settings=AscentSettings(steps=2))
    assert result.images.shape[:2] == (2, 3) and result.layer_index == conv
    data = quadrant_dataset(n_train=8, n_val=6, size=32)
    top = unit_examples.top_activating(model.module, data, block, channel=2, k=3)
    assert len(top.indices) == 3


def test_health_reports_module_paths(case):
    model, image, (conv, _, head) = case
    layers = health.health_layers(model.module)
    assert conv in layers and head in layers
    stats = health.layer_health(model.module, x=image[None].repeat(2, 1, 1, 1), lr=0.1, layers=layers)
    by_path = {s.index: s for s in stats}
    assert by_path[conv].weight_norm > 0 and by_path[conv].activation_hist is not None
    relus = [s for s in stats if s.dead_fraction is not None]
    assert relus
    health.diagnose(stats)


def test_lesions_by_module_path_restore_exactly(case):
    model, image, (conv, _, head) = case
    module = model.module.eval()
    before = probes.class_probs(module, image)
    weight = module.get_submodule(conv).weight.detach().clone()
    with lesion.lesioned(module, {conv: [0, 1], head: [3]}):
        assert module.get_submodule(conv).weight[:2].abs().sum() == 0
        with torch.no_grad():
            logits = module(image[None])[0]
    assert logits[3] == 0 and logits.abs().max() > 0
    assert torch.equal(module.get_submodule(conv).weight, weight)
    np.testing.assert_array_equal(probes.class_probs(module, image), before)
    with lesion.silenced(model.module, {conv: [0]}):
        probes.class_probs(model.module, image)
    with pytest.raises(ValueError, match="no layer called 'nope'"):
        lesion.apply_lesions(model.module, {"nope": [0]})


def test_evaluation_on_a_dataset_with_matching_classes(case):
    model, _, _ = case
    data = quadrant_dataset(n_train=4, n_val=6, size=32, classes=4)
    small = torch.nn.Sequential(model.module, torch.nn.Linear(1000, 4))   # a 4-class head on top
    result = evaluate(small, data)
    assert result.confusion.shape == (4, 4) and result.confusion.sum() == 6

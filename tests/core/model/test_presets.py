"""Presets: the files in resources/presets, their order, the tutorial net and every dataset shape."""
from __future__ import annotations

import json

import pytest
import torch

from convnet_studio import paths
from convnet_studio.core.model.builder import build, infer_shapes, summarize
from convnet_studio.core.model.presets import DEFAULT_PRESET, PRESET_NAMES, PRESETS, get_preset, load_presets
from convnet_studio.core.model.spec import CLASSES, Activation, Conv2d, Flatten, Linear, ModelSpec, Pool, SpecError


def test_presets_are_listed_in_order():
    assert list(PRESETS) == ["seed", "seed_bn", "vgg_small", "resnet_small", "mlp"] == list(PRESET_NAMES)
    assert DEFAULT_PRESET in PRESETS


def test_seed_is_exactly_the_tutorial_net():
    assert PRESETS["seed"].layers == (
        Conv2d(6, 5), Activation("relu"), Pool("max", 2, 2),
        Conv2d(16, 5), Activation("relu"), Pool("max", 2, 2),
        Flatten(), Linear(120), Activation("relu"), Linear(84), Activation("relu"), Linear(CLASSES),
    )
    total_params, _ = summarize(infer_shapes(PRESETS["seed"], (3, 32, 32), 10))
    assert total_params == 62006


def test_seed_bn_adds_batchnorm_after_each_conv():
    layers = PRESETS["seed_bn"].layers
    conv_positions = [i for i, layer in enumerate(layers) if layer.kind == "conv2d"]
    assert len(conv_positions) == 2
    assert all(layers[i + 1].kind == "batchnorm" for i in conv_positions)
    without_bn = tuple(layer for layer in layers if layer.kind != "batchnorm")
    assert without_bn == PRESETS["seed"].layers


def test_kinds_of_each_preset():
    kinds = {name: {layer.kind for layer in spec.layers} for name, spec in PRESETS.items()}
    assert {"conv2d", "batchnorm", "pool"} <= kinds["vgg_small"]
    assert {"residual", "global_avg_pool"} <= kinds["resnet_small"]
    assert kinds["mlp"] <= {"flatten", "linear", "activation", "dropout", "batchnorm"}


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_description_is_one_line(name):
    description = PRESETS[name].description
    assert description and "\n" not in description and len(description) <= 140
    assert PRESETS[name].name == name


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_preset_json_round_trip(name):
    spec = PRESETS[name]
    assert ModelSpec.from_json(spec.to_json()) == spec
    on_disk = json.loads((paths.PRESETS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    assert ModelSpec.from_dict(on_disk) == spec


@pytest.mark.parametrize("classes", [2, 3, 10, 47, 100])
@pytest.mark.parametrize("input_shape", [(3, 32, 32), (1, 28, 28)])
@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_preset_builds_for_every_dataset_shape(name, input_shape, classes):
    infos = infer_shapes(PRESETS[name], input_shape, classes)
    assert infos[-1].output_shape == (classes,)


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_mnist_shaped_forward(name):
    model = build(PRESETS[name], (1, 28, 28), 10).eval()
    with torch.no_grad():
        assert model(torch.zeros(3, 1, 28, 28)).shape == (3, 10)


def test_get_preset():
    assert get_preset("mlp") is PRESETS["mlp"]
    with pytest.raises(SpecError) as info:
        get_preset("resnet50")
    assert info.value.layer_index is None
    assert info.value.message == ("unknown preset 'resnet50' (choose from: "
                                  "seed, seed_bn, vgg_small, resnet_small, mlp)")
    with pytest.raises(SpecError):
        get_preset(None)


def test_broken_or_missing_preset_file(tmp_path):
    (tmp_path / "seed.json").write_text(PRESETS["seed"].to_json(), encoding="utf-8")
    assert load_presets(tmp_path, ("seed",)) == {"seed": PRESETS["seed"]}
    with pytest.raises(SpecError, match="preset file .*mlp.json is broken"):
        load_presets(tmp_path, ("seed", "mlp"))
    (tmp_path / "bad.json").write_text('{"name": "bad", "layers": [{"type": "dense"}]}', encoding="utf-8")
    with pytest.raises(SpecError, match="unknown layer type 'dense'"):
        load_presets(tmp_path, ("bad",))
    (tmp_path / "other.json").write_text(PRESETS["seed"].to_json(), encoding="utf-8")
    with pytest.raises(SpecError, match="names itself 'seed'"):
        load_presets(tmp_path, ("other",))

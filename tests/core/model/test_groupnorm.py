"""GroupNorm: JSON form, shape rule and parameters against torch, its errors, the built module."""
from __future__ import annotations

import json

import pytest
import torch

from convnet_studio.core.inspect.unit_examples import receptive_field
from convnet_studio.core.model.builder import build, count_params, infer_shapes
from convnet_studio.core.model.layers import kind_named
from convnet_studio.core.model.layers.groupnorm import GroupNorm
from convnet_studio.core.model.spec import (
    Activation, Conv2d, Flatten, GlobalAvgPool, Linear, ModelSpec, SpecError, layer_from_dict, layer_to_dict,
)

SPEC = ModelSpec(layers=(Conv2d(8, 3, padding=1), GroupNorm(4), Activation("relu"), GlobalAvgPool(),
                         Linear("classes")))


def test_json_form_and_round_trip(tmp_path):
    assert layer_to_dict(GroupNorm(4)) == {"type": "groupnorm", "groups": 4}
    assert layer_from_dict({"type": "groupnorm", "groups": 2}) == GroupNorm(2)
    assert layer_from_dict({"type": "groupnorm"}) == GroupNorm(4)
    text = json.dumps({"name": "gn", "layers": [layer_to_dict(layer) for layer in SPEC.layers]})
    spec = ModelSpec.from_json(text)
    assert spec.layers == SPEC.layers
    path = tmp_path / "gn.json"
    spec.save(path)
    assert ModelSpec.load(path) == spec
    with pytest.raises(SpecError, match="groupnorm has no field 'channels'"):
        layer_from_dict({"type": "groupnorm", "groups": 2, "channels": 8})


@pytest.mark.parametrize("groups", [1, 2, 4, 8])
def test_shape_and_params_match_torch(groups):
    spec = ModelSpec(layers=(Conv2d(8, 3, padding=1), GroupNorm(groups), Flatten(), Linear("classes")))
    infos = infer_shapes(spec, (3, 6, 5), 4)
    model = build(spec, (3, 6, 5), 4)
    norm = model[1]
    assert isinstance(norm, torch.nn.GroupNorm)
    assert (norm.num_groups, norm.num_channels) == (groups, 8)
    assert infos[1].output_shape == (8, 6, 5) and infos[1].kind == "groupnorm"
    assert infos[1].params == 2 * 8 == count_params(norm)
    assert infos[1].label == f"GroupNorm {groups}" and infos[1].mult_adds == 0
    assert model(torch.randn(2, 3, 6, 5)).shape == (2, 4)


def test_forward_normalises_each_group_of_each_image():
    torch.manual_seed(0)
    model = build(SPEC, (3, 7, 7), 3)
    x = torch.randn(5, 3, 7, 7) * 4 + 2
    out = model[:2](x)                                     # conv, then GroupNorm
    groups = out.reshape(5, 4, -1)                         # 4 groups of 2 channels × 7 × 7
    torch.testing.assert_close(groups.mean(-1), torch.zeros(5, 4), atol=1e-5, rtol=0)
    torch.testing.assert_close(groups.var(-1, unbiased=False), torch.ones(5, 4), atol=1e-3, rtol=0)
    # per image: the batch does not matter
    torch.testing.assert_close(model[:2](x[:1]), out[:1])


@pytest.mark.parametrize("layers, input_shape, index, phrase", [
    ((Conv2d(6, 3), GroupNorm(4)), (3, 8, 8), 1,
     "GroupNorm splits its 6 input channels into 4 groups, but 6 is not divisible by 4"),
    ((GroupNorm(2),), (3, 8, 8), 0, "3 is not divisible by 2"),
    ((Flatten(), GroupNorm(2)), (4, 8, 8), 1, "GroupNorm needs C×H×W feature maps, but its input is a flat vector"),
    ((Conv2d(4, 3), GroupNorm(0)), (3, 8, 8), 1, "groups must be at least 1, not 0"),
    ((Conv2d(4, 3), GroupNorm(2.5)), (3, 8, 8), 1, "groups must be a whole number, not 2.5"),
])
def test_impossible_groups_raise_one_clear_sentence(layers, input_shape, index, phrase):
    spec = ModelSpec(layers=(*layers, Flatten(), Linear("classes")))
    with pytest.raises(SpecError) as info:
        infer_shapes(spec, input_shape, 10)
    assert info.value.layer_index == index and phrase in info.value.message
    assert "\n" not in info.value.message
    with pytest.raises(SpecError, match="divisible|needs|groups must"):
        build(spec, input_shape, 10)


def test_receptive_field_passes_through_and_editor_field_follows_the_channels():
    assert receptive_field(SPEC, 1) == receptive_field(SPEC, 0)
    kind = kind_named("groupnorm")
    assert kind.keeps_shape and kind.describe(GroupNorm(4)) == "4 groups"
    (field,) = kind.fields
    assert (field.name, field.widget, field.minimum) == ("groups", "int", 1)
    assert field.input_maximum((16, 5, 5)) == 16

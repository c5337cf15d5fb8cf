"""ModelSpec JSON I/O: round trips for every layer kind, and malformed input -> SpecError."""
from __future__ import annotations

import copy
import json
import pickle

import pytest
from hypothesis import given, settings, strategies as st

from convnet_studio.core.model.spec import (
    ACTIVATIONS, CLASSES, LAYER_TYPES, POOL_MODES, Activation, BatchNorm, Conv2d, Dropout, Flatten,
    GlobalAvgPool, Linear, ModelSpec, Pool, Residual, SpecError, layer_from_dict, layer_to_dict,
)
from convnet_studio.core.model.layers import LAYER_KINDS

ONE_OF_EACH = (
    Conv2d(out_channels=8, kernel_size=5, stride=2, padding=1, bias=False),
    Pool(mode="avg", kernel_size=3, stride=1),
    BatchNorm(),
    Dropout(p=0.25),
    Activation(fn="leaky_relu"),
    Flatten(),
    GlobalAvgPool(),
    Linear(out_features=CLASSES),
    Residual(out_channels=32, stride=2),
)

#: ONE_OF_EACH, plus the Add-menu layer of every registered kind it lacks (kinds added later).
EXAMPLES = ONE_OF_EACH + tuple(kind.template for kind in LAYER_KINDS
                               if kind.name not in {layer.kind for layer in ONE_OF_EACH})

small = st.integers(1, 64)
layers = st.one_of(
    st.builds(Conv2d, small, small, small, st.integers(0, 8), st.booleans()),
    st.builds(Pool, st.sampled_from(POOL_MODES), small, small),
    st.just(BatchNorm()),
    st.builds(Dropout, st.floats(0, 0.99)),
    st.builds(Activation, st.sampled_from(ACTIVATIONS)),
    st.just(Flatten()),
    st.just(GlobalAvgPool()),
    st.builds(Linear, st.one_of(small, st.just(CLASSES))),
    st.builds(Residual, small, small),
)


def test_every_layer_kind_is_covered():
    assert sorted(layer.kind for layer in EXAMPLES) == sorted(LAYER_TYPES)
    assert LAYER_TYPES == {kind.name: kind.spec for kind in LAYER_KINDS}


@pytest.mark.parametrize("layer", EXAMPLES, ids=lambda layer: layer.kind)
def test_layer_round_trip(layer):
    data = layer_to_dict(layer)
    assert data["type"] == layer.kind
    assert layer_from_dict(json.loads(json.dumps(data))) == layer


def test_spec_round_trip_through_json_and_file(tmp_path):
    spec = ModelSpec(name="all", layers=EXAMPLES, description="one of each")
    assert ModelSpec.from_json(spec.to_json()) == spec
    path = tmp_path / "net.json"
    spec.save(path)
    assert ModelSpec.load(path) == spec


@settings(max_examples=60, deadline=None)
@given(name=st.text(max_size=12), description=st.text(max_size=40), body=st.lists(layers, max_size=8))
def test_random_spec_round_trip(name, description, body):
    spec = ModelSpec(name=name, layers=body, description=description)
    assert ModelSpec.from_json(spec.to_json()) == spec


def test_missing_fields_take_defaults():
    assert layer_from_dict({"type": "conv2d", "out_channels": 4}) == Conv2d(out_channels=4)
    assert ModelSpec.from_dict({"layers": []}) == ModelSpec(name="custom", layers=(), description="")


@pytest.mark.parametrize("text, phrase", [
    ("{not json", "not valid JSON"),
    ("", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ('{"name": "x"}', "'layers' list"),
    ('{"layers": {"type": "flatten"}}', "'layers' list"),
    ('{"layers": [3]}', "must be a JSON object"),
])
def test_malformed_json_raises_spec_error(text, phrase):
    with pytest.raises(SpecError, match=phrase):
        ModelSpec.from_json(text)


def test_unknown_layer_type_names_the_layer():
    text = json.dumps({"layers": [{"type": "flatten"}, {"type": "attention"}]})
    with pytest.raises(SpecError, match="unknown layer type 'attention'") as info:
        ModelSpec.from_json(text)
    assert info.value.layer_index == 1


def test_missing_type_is_unknown():
    with pytest.raises(SpecError, match="unknown layer type None"):
        layer_from_dict({"out_channels": 3}, 0)


def test_unknown_field_names_the_field():
    text = json.dumps({"layers": [{"type": "conv2d", "out_channels": 6, "kernal_size": 5}]})
    with pytest.raises(SpecError, match="conv2d has no field 'kernal_size'") as info:
        ModelSpec.from_json(text)
    assert info.value.layer_index == 0
    with pytest.raises(SpecError, match="flatten has no field 'p'"):
        layer_from_dict({"type": "flatten", "p": 0.5})


def test_unreadable_file_raises_spec_error(tmp_path):
    with pytest.raises(SpecError, match="cannot read spec file"):
        ModelSpec.load(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SpecError):
        ModelSpec.load(bad)


def test_spec_error_carries_index_and_survives_copy_and_pickle():
    err = SpecError(4, "the kernel is too large")
    assert str(err) == "layer 4: the kernel is too large"
    assert str(SpecError(None, "no layers")) == "no layers"
    for clone in (copy.copy(err), pickle.loads(pickle.dumps(err))):
        assert (clone.layer_index, clone.message, str(clone)) == (4, "the kernel is too large", str(err))


def test_layers_become_a_tuple_and_replace_layer_keeps_the_rest():
    spec = ModelSpec(layers=[Flatten(), Linear(10)])
    assert isinstance(spec.layers, tuple)
    changed = spec.replace_layer(1, Linear(CLASSES))
    assert changed.layers == (Flatten(), Linear(CLASSES))
    assert spec.layers == (Flatten(), Linear(10))

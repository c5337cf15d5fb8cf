"""The builder: analytic shapes/params/mult-adds agree with a real forward pass; impossible nets raise SpecError."""
from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
import torch
from hypothesis import HealthCheck, given, settings, strategies as st
from torch.utils.flop_counter import FlopCounterMode

from convnet_studio.core.model.builder import (
    LayerInfo, ResidualBlock, build, count_params, format_count, infer_partial, infer_shapes, summarize,
)
from convnet_studio.core.model.presets import PRESETS
from convnet_studio.core.model.spec import (
    ACTIVATIONS, CLASSES, Activation, BatchNorm, Conv2d, Dropout, Flatten, GlobalAvgPool, Linear,
    ModelSpec, Pool, Residual, SpecError,
)


def check_against_forward(spec: ModelSpec, input_shape: tuple, num_classes: int) -> list[LayerInfo]:
    """Build, run a batch of 2 and compare every layer's real output shape, params and mult-adds."""
    infos = infer_shapes(spec, input_shape, num_classes)
    model = build(spec, input_shape, num_classes)
    assert len(model) == len(spec.layers) == len(infos)
    shapes = {}
    for i, child in enumerate(model):
        child.register_forward_hook(lambda _m, _in, out, i=i: shapes.__setitem__(i, tuple(out.shape)))
    x = torch.randn(2, *input_shape)
    with FlopCounterMode(display=False) as flops:
        out = model(x)
    assert tuple(out.shape) == (2, num_classes)
    for info, child in zip(infos, model):
        assert shapes[info.index] == (2, *info.output_shape), info
        assert count_params(child) == info.params, info
    total_params, total_mult_adds = summarize(infos)
    assert total_params == count_params(model)
    # FlopCounterMode counts 2 flops per multiply-add of convs and matmuls, for the whole batch.
    assert flops.get_total_flops() == 2 * 2 * total_mult_adds
    return infos


@pytest.mark.parametrize("input_shape", [(3, 32, 32), (1, 28, 28)])
@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_matches_a_real_forward(name, input_shape):
    check_against_forward(PRESETS[name], input_shape, 10)


def test_seed_layer_table():
    infos = infer_shapes(PRESETS["seed"], (3, 32, 32), 10)
    assert [i.output_shape for i in infos] == [
        (6, 28, 28), (6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 10, 10), (16, 5, 5),
        (400,), (120,), (120,), (84,), (84,), (10,)]
    assert infos[0].label == "Conv2d 6, k5"
    assert infos[0].mult_adds == 6 * 28 * 28 * 3 * 5 * 5
    assert infos[7].params == 400 * 120 + 120 and infos[7].mult_adds == 400 * 120
    assert infos[11].label == "Linear 10 (classes)"
    assert summarize(infos)[0] == 62006


def test_every_layer_kind_through_builder():
    spec = ModelSpec(layers=(
        Conv2d(8, 3, stride=2, padding=1, bias=False), BatchNorm(), Activation("gelu"),
        Pool("avg", 2, 1), Residual(8, 1), Residual(12, 2), Dropout(0.2), Activation("elu"),
        Flatten(), BatchNorm(), Linear(20), Activation("tanh"), Dropout(0), Linear(CLASSES), Activation("sigmoid"),
    ))
    infos = check_against_forward(spec, (3, 17, 13), 7)
    model = build(spec, (3, 17, 13), 7)
    assert isinstance(model[4], ResidualBlock) and isinstance(model[4].shortcut, torch.nn.Identity)
    assert isinstance(model[5].shortcut, torch.nn.Sequential)
    assert isinstance(model[1], torch.nn.BatchNorm2d) and isinstance(model[9], torch.nn.BatchNorm1d)
    assert infos[0].label == "Conv2d 8, k3, s2, p1, no bias"
    assert infos[3].label == "AvgPool k2, s1" and infos[5].label == "Residual 12, s2"
    assert [i.kind for i in infos] == [layer.kind for layer in spec.layers]


@pytest.mark.parametrize("fn", ACTIVATIONS)
def test_each_activation_and_global_pool(fn):
    spec = ModelSpec(layers=(Conv2d(4, 3), Activation(fn), GlobalAvgPool(), Linear(CLASSES)))
    check_against_forward(spec, (1, 6, 6), 3)


def test_layer_info_is_frozen():
    info = infer_shapes(PRESETS["mlp"], (1, 28, 28), 10)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.params = 0


def net(*layers):
    return ModelSpec(layers=layers)


HEAD = (Flatten(), Linear(CLASSES))

# (spec, input shape, classes, layer index, phrase of the message)
IMPOSSIBLE = {
    "kernel larger than input": (net(Conv2d(6, 7), *HEAD), (3, 5, 5), 10, 0, "7×7 kernel is larger than its 5×5"),
    "kernel larger than padded input": (net(Conv2d(6, 7, padding=1), *HEAD), (3, 4, 4), 10, 0, "padded to 6×6"),
    "shrinks to nothing": (net(Pool(), Pool(), Pool(), *HEAD), (1, 4, 4), 10, 2, "shrink to nothing"),
    "pool window too large": (net(Conv2d(4, 3), Pool("max", 4, 4), *HEAD), (1, 5, 5), 10, 1,
                              "4×4 pooling window is larger than its 3×3 input"),
    "negative channels": (net(Conv2d(-4, 3), *HEAD), (3, 8, 8), 10, 0, "out channels must be at least 1"),
    "zero channels": (net(Conv2d(0, 3), *HEAD), (3, 8, 8), 10, 0, "out channels must be at least 1, not 0"),
    "float kernel": (net(Conv2d(4, 2.5), *HEAD), (3, 8, 8), 10, 0, "kernel size must be a whole number, not 2.5"),
    "bool as int": (net(Conv2d(True, 3), *HEAD), (3, 8, 8), 10, 0, "must be a whole number, not True"),
    "string size": (net(Flatten(), Linear("10")), (3, 8, 8), 10, 1, "whole number or 'classes'"),
    "zero linear": (net(Flatten(), Linear(0), Linear(CLASSES)), (3, 8, 8), 10, 1, "out features must be at least 1"),
    "negative padding": (net(Conv2d(4, 3, padding=-1), *HEAD), (3, 8, 8), 10, 0, "padding must be at least 0"),
    "padding too large": (net(Conv2d(4, 3, padding=3), *HEAD), (3, 8, 8), 10, 0, "more than a 3×3 kernel can use"),
    "stride zero": (net(Conv2d(4, 3, stride=0), *HEAD), (3, 8, 8), 10, 0, "stride must be at least 1"),
    "pool stride zero": (net(Pool("max", 2, 0), *HEAD), (3, 8, 8), 10, 0, "stride must be at least 1"),
    "residual stride zero": (net(Residual(4, 0), *HEAD), (3, 8, 8), 10, 0, "stride must be at least 1"),
    "bias not bool": (net(Conv2d(4, 3, bias="yes"), *HEAD), (3, 8, 8), 10, 0, "bias must be true or false"),
    "dropout one": (net(Dropout(1.0), *HEAD), (3, 8, 8), 10, 0, "at least 0 and below 1, not 1.0"),
    "dropout negative": (net(*HEAD, Dropout(-0.1)), (3, 8, 8), 10, 2, "below 1, not -0.1"),
    "dropout nan": (net(Dropout(float("nan")), *HEAD), (3, 8, 8), 10, 0, "below 1, not nan"),
    "dropout string": (net(Dropout("0.5"), *HEAD), (3, 8, 8), 10, 0, "must be a number"),
    "unknown activation": (net(Activation("swish"), *HEAD), (3, 8, 8), 10, 0, "unknown activation 'swish'"),
    "unknown pool mode": (net(Pool("min"), *HEAD), (3, 8, 8), 10, 0, "unknown pool mode 'min'"),
    "unknown layer type": (net(Flatten(), "dense", Linear(CLASSES)), (3, 8, 8), 10, 1, "unknown layer type"),
    "linear on 4-D": (net(Conv2d(4, 3), Linear(CLASSES)), (3, 8, 8), 10, 1,
                      "needs a flat vector, but its input is 4×6×6 feature maps; add a Flatten or GlobalAvgPool"),
    "flatten of flat": (net(Flatten(), Flatten(), Linear(CLASSES)), (3, 8, 8), 10, 1, "already a flat vector"),
    "conv after flatten": (net(Flatten(), Conv2d(4, 3), Linear(CLASSES)), (3, 8, 8), 10, 1, "move it before the Flatten"),
    "global pool of flat": (net(Flatten(), GlobalAvgPool(), Linear(CLASSES)), (3, 8, 8), 10, 1, "needs C×H×W"),
    "pool of flat": (net(Flatten(), Pool(), Linear(CLASSES)), (3, 8, 8), 10, 1, "needs C×H×W"),
    "wrong class count": (net(Flatten(), Linear(120), Activation(), Linear(84)), (3, 32, 32), 10, 3,
                          "the network ends with 84 outputs but the dataset has 10 classes; set the last Linear"),
    "ends with flatten": (net(Flatten()), (3, 2, 2), 10, 0, "ends with 12 outputs"),
    "ends with maps": (net(Conv2d(10, 3)), (3, 8, 8), 10, 0, "ends with 10×6×6 feature maps"),
    "too many parameters": (net(Flatten(), Linear(60000), Linear(CLASSES)), (3, 32, 32), 10, 1, "parameters"),
    "absurd size": (net(Conv2d(10**20, 3), *HEAD), (3, 8, 8), 10, 0, "must be at most"),
    "empty": (net(), (3, 8, 8), 10, None, "no layers"),
}


@pytest.mark.parametrize("case", IMPOSSIBLE.values(), ids=list(IMPOSSIBLE))
def test_impossible_nets(case):
    spec, input_shape, classes, index, phrase = case
    with pytest.raises(SpecError) as info:
        infer_shapes(spec, input_shape, classes)
    assert info.value.layer_index == index
    assert phrase in info.value.message
    assert "\n" not in info.value.message
    with pytest.raises(SpecError) as built:
        build(spec, input_shape, classes)
    assert str(built.value) == str(info.value)


@pytest.mark.parametrize("input_shape, classes", [((3, 32), 10), ((0, 8, 8), 10), ((3, 8, 8), 0), ((3, 8, 8), True)])
def test_bad_input_shape_or_class_count(input_shape, classes):
    with pytest.raises(SpecError) as info:
        infer_shapes(PRESETS["mlp"], input_shape, classes)
    assert info.value.layer_index is None


def test_infer_partial_returns_the_valid_prefix_and_the_error():
    spec = net(Conv2d(4, 3), Pool(), Linear(CLASSES))
    infos, error = infer_partial(spec, (3, 8, 8), 10)
    assert [i.output_shape for i in infos] == [(4, 6, 6), (4, 3, 3)]
    assert error.layer_index == 2
    infos, error = infer_partial(PRESETS["seed"], (3, 32, 32), 10)
    assert error is None and len(infos) == len(PRESETS["seed"].layers)


def test_summarize_and_format_count():
    infos = [LayerInfo(0, "linear", "Linear 3", (3,), 12, 9), LayerInfo(1, "activation", "ReLU", (3,), 0, 0)]
    assert summarize(infos) == (12, 9)
    assert summarize([]) == (0, 0)
    assert [format_count(n) for n in (7, 999, 62006, 999_999, 1_500_000, 3 * 10**9)] == \
        ["7", "999", "62.0k", "1.0M", "1.5M", "3.0G"]


# ---- property: any spec either builds with matching shapes, or raises SpecError ----

small = st.integers(1, 4)
spatial_layer = st.one_of(
    st.builds(Conv2d, small, small, st.integers(1, 3), st.integers(0, 1), st.booleans()),
    st.builds(Pool, st.sampled_from(["max", "avg"]), small, st.integers(1, 3)),
    st.builds(Residual, small, st.integers(1, 3)),
)
any_shape_layer = st.one_of(
    st.just(BatchNorm()), st.builds(Dropout, st.floats(0, 0.9)), st.builds(Activation, st.sampled_from(ACTIVATIONS)))
maps_layer = st.one_of(spatial_layer, spatial_layer, any_shape_layer)
flat_layer = st.one_of(st.builds(Linear, st.one_of(st.integers(1, 6), st.just(CLASSES))), any_shape_layer)
any_layer = st.one_of(maps_layer, flat_layer, st.just(Flatten()), st.just(GlobalAvgPool()))
# Hypothesis favours small integers; image sides should mostly be roomy, sometimes tiny.
side = st.integers(0, 11).map(lambda v: 12 - v)
BAD_VALUES = (0, -1, 2.0, 1.5, True, False, "3", "swish", "min", None, 10**7, float("nan"), 1.0)


@st.composite
def random_specs(draw):
    """A plausible net (maps, flatten, flat layers, classifier), damaged in about half the draws.

    Damage: one field set to junk, a layer replaced by a non-layer, a random layer
    inserted anywhere, or a layer removed.
    """
    layers = draw(st.lists(maps_layer, max_size=4)) + [draw(st.sampled_from([Flatten(), GlobalAvgPool()]))] \
        + draw(st.lists(flat_layer, max_size=2)) + [Linear(CLASSES)]
    damage = draw(st.sampled_from(["none", "field", "not a layer", "insert", "remove"]))
    i = draw(st.integers(0, len(layers) - 1))
    names = [f.name for f in dataclasses.fields(layers[i])]
    if damage == "field" and names:
        layers[i] = dataclasses.replace(layers[i], **{draw(st.sampled_from(names)): draw(st.sampled_from(BAD_VALUES))})
    elif damage == "not a layer":
        layers[i] = "not a layer"
    elif damage == "insert":
        layers.insert(i, draw(any_layer))
    elif damage == "remove":
        del layers[i]
    return ModelSpec(layers=layers)


def test_random_specs_build_or_raise_spec_error():
    outcomes = Counter()

    @settings(max_examples=150, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(spec=random_specs(),
           input_shape=st.tuples(st.integers(1, 3), side, side),
           classes=st.integers(2, 5))
    def check(spec, input_shape, classes):
        try:
            infer_shapes(spec, input_shape, classes)
        except SpecError as exc:
            assert exc.message and "\n" not in exc.message
            with pytest.raises(SpecError):
                build(spec, input_shape, classes)
            outcomes["error"] += 1
            return
        check_against_forward(spec, input_shape, classes)
        outcomes["built"] += 1
        outcomes["spatial layers built"] += sum(layer.kind in ("conv2d", "pool", "residual") for layer in spec.layers)

    torch.manual_seed(0)
    check()
    # Both outcomes must actually be exercised, or the property says nothing.
    assert outcomes["built"] >= 15 and outcomes["error"] >= 15, outcomes
    assert outcomes["spatial layers built"] >= 20, outcomes

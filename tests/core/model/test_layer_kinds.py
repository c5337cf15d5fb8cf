"""The layer-kind registry: every registered kind is complete, and its parts agree with each other.

These checks run over ``LAYER_KINDS``, so a kind added later is held to them without
editing this file: its JSON round-trips, its shape rule matches the module it builds,
its editor fields cover its dataclass, and its receptive windows match its shape rule.
"""
from __future__ import annotations

import dataclasses
import importlib
import json
import subprocess
import sys

import pytest
import torch

from convnet_studio.core.inspect import attribution
from convnet_studio.core.model import layers
from convnet_studio.core.model.builder import build, count_params
from convnet_studio.core.model.layers import KIND_MODULES, LAYER_KINDS, kind_named, kind_of
from convnet_studio.core.model.layers.activation import FUNCTIONS, module_types
from convnet_studio.core.model.shape_rules import apply_rule
from convnet_studio.core.model.spec import (
    ACTIVATIONS, Activation, Conv2d, Flatten, Linear, ModelSpec, SpecError, layer_from_dict, layer_to_dict,
)

KINDS = pytest.mark.parametrize("kind", LAYER_KINDS, ids=lambda kind: kind.name)
#: Inputs every kind is tried on: feature maps and a flat vector (channels divisible by small numbers).
INPUTS = ((8, 9, 7), (12,))


def variants(kind):
    """The kind's Add-menu layer, and that layer with each choice of each choice field."""
    yield kind.template
    for f in kind.fields:
        for value, _ in f.choices:
            yield dataclasses.replace(kind.template, **{f.name: value})


def accepted(layer, in_shape):
    try:
        return apply_rule(layer, 0, in_shape, 5)
    except SpecError:
        return None


def test_registry_lines_name_modules_with_distinct_kinds():
    assert len(set(KIND_MODULES)) == len(KIND_MODULES) == len(LAYER_KINDS)
    for module, kind in zip(KIND_MODULES, LAYER_KINDS):
        assert importlib.import_module(f"{layers.__name__}.{module}").KIND is kind
    assert len({kind.name for kind in LAYER_KINDS}) == len(LAYER_KINDS)
    assert len({kind.label for kind in LAYER_KINDS}) == len(LAYER_KINDS)
    for kind in LAYER_KINDS:
        assert kind_named(kind.name) is kind and kind_of(kind.template) is kind
    assert kind_named("attention") is None and kind_named(None) is None and kind_of("conv2d") is None


@KINDS
def test_spec_class_is_a_frozen_dataclass_with_an_editor_field_per_field(kind):
    assert dataclasses.is_dataclass(kind.spec) and kind.spec.__dataclass_params__.frozen
    assert (kind.spec.__doc__ or "").strip() and kind.add_tooltip
    assert [f.name for f in kind.fields] == [f.name for f in dataclasses.fields(kind.spec)]
    for f in kind.fields:
        assert f.widget in ("int", "float", "choice", "check") and f.label and f.tooltip
        if f.widget in ("int", "float"):
            assert f.minimum < f.maximum
        assert bool(f.choices) == (f.widget == "choice")


@KINDS
def test_template_round_trips_through_json(kind):
    data = json.loads(json.dumps(layer_to_dict(kind.template)))
    assert data["type"] == kind.name
    assert layer_from_dict(data) == kind.template


@KINDS
def test_every_variant_builds_the_module_its_rule_describes(kind):
    for layer in variants(kind):
        assert kind.describe(layer) and isinstance(kind.describe(layer), str)
        built = 0
        for in_shape in INPUTS:
            rule = accepted(layer, in_shape)
            if rule is None:
                continue
            module = kind.build(layer, in_shape, rule.output_shape)
            out = module(torch.randn(2, *in_shape))
            assert tuple(out.shape) == (2, *rule.output_shape), (layer, in_shape)
            assert count_params(module) == rule.params, (layer, in_shape)
            if kind.keeps_shape:
                assert rule.output_shape == in_shape
            built += 1
        assert built, f"{layer} accepts neither feature maps nor a flat vector"


@KINDS
def test_receptive_windows_agree_with_the_shape_rule(kind):
    windows = kind.windows(kind.template)
    if windows is None:
        return  # its units see the whole image
    in_shape = INPUTS[0]
    rule = accepted(kind.template, in_shape)
    assert rule is not None and len(rule.output_shape) == 3, "a layer with windows works on feature maps"
    h, w = in_shape[1:]
    for k, s, p in windows:
        h, w = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    assert (h, w) == rule.output_shape[1:]


def test_one_activation_table_drives_rule_builder_editor_and_grad_cam():
    assert ACTIVATIONS == tuple(FUNCTIONS)
    (fn_field,) = kind_named("activation").fields
    assert fn_field.choices == tuple(FUNCTIONS.items())
    assert set(module_types()) <= set(attribution._ELEMENTWISE)
    for fn, name in FUNCTIONS.items():
        spec = ModelSpec(layers=(Conv2d(2, 3), Activation(fn), Flatten(), Linear("classes")))
        model = build(spec, (1, 5, 5), 3)
        assert type(model[1]).__name__ == name and type(model[1]) in module_types()
        assert apply_rule(Activation(fn), 0, (4,), 3).label == name


def test_specs_presets_and_shape_rules_load_without_torch():
    code = ("import sys\n"
            "import convnet_studio.core.model.presets, convnet_studio.core.model.shape_rules\n"
            "print('torch' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

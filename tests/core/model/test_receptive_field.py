"""Receptive fields from the spec: a hand count for the seed net, and every preset checked
against the input gradient of real units (brute force)."""
import pytest
import torch

from convnet_studio.core.model.builder import build
from convnet_studio.core.model.layers import LAYER_KINDS
from convnet_studio.core.model.presets import PRESETS, get_preset
from convnet_studio.core.model.receptive_field import ReceptiveField, receptive_field, receptive_fields
from convnet_studio.core.model.spec import Conv2d, Flatten, Linear, ModelSpec, Pool, Residual


def test_seed_net_matches_a_hand_count():
    spec = get_preset("seed")   # conv k5, relu, pool 2, conv k5, relu, pool 2, flatten, linear...
    fields = receptive_fields(spec, (3, 32, 32))
    assert [(f.size, f.stride) for f in fields[:6]] == [(5, 1), (5, 1), (6, 2), (14, 2), (14, 2), (16, 4)]
    assert all(f.top == 0 for f in fields[:6])
    assert all(f.whole and f.size == 32 and f.stride == 0 for f in fields[6:])
    assert receptive_field(spec, 5) == fields[5]


def test_padding_moves_the_start_and_strides_multiply():
    spec = ModelSpec(layers=(Conv2d(4, 3, stride=2, padding=1), Conv2d(4, 3, padding=1), Pool("max", 3, 2),
                             Residual(4, stride=2), Flatten(), Linear("classes")))
    fields = receptive_fields(spec)
    assert fields[0] == ReceptiveField(size=3, stride=2, top=-1)
    assert fields[1] == ReceptiveField(size=7, stride=2, top=-3)
    assert fields[2] == ReceptiveField(size=11, stride=4, top=-3)
    # residual: 3×3 s2 p1 then 3×3 p1 -> +2*4 then +2*8; start -4 then -8
    assert fields[3] == ReceptiveField(size=35, stride=8, top=-15)
    assert fields[4].whole and fields[4].size == 0
    assert fields[1].box(0, 5, (8, 16)) == (0, 4, 7, 14)    # clipped at the top, inside along x


def test_every_layer_kind_declares_a_rule():
    for kind in LAYER_KINDS:
        windows = kind.windows(kind.template)
        assert windows is None or all(len(w) == 3 for w in windows), kind.name


def _spatial_layers(model, x):
    """Indices of the children whose output is still a feature map."""
    out, indices = x, []
    for index, child in enumerate(model):
        out = child(out)
        if out.dim() == 4:
            indices.append(index)
    return indices


@pytest.mark.parametrize("name", list(PRESETS))
@pytest.mark.parametrize("input_shape", [(1, 28, 28), (3, 32, 32)])
def test_every_preset_unit_sees_only_its_theoretical_rectangle(name, input_shape):
    spec = PRESETS[name]
    torch.manual_seed(0)
    model = build(spec, input_shape, 10).eval()
    fields = receptive_fields(spec, input_shape)
    _, h_in, w_in = input_shape
    checked = 0
    for layer in _spatial_layers(model, torch.zeros(1, *input_shape)):
        x = torch.randn(1, *input_shape, requires_grad=True)
        out = model[:layer + 1](x)
        h, w = out.shape[2:]
        for row, col in {(0, 0), (h // 2, w // 2), (h - 1, w - 1), (0, w - 1)}:
            x.grad = None
            out[0, :, row, col].abs().sum().backward(retain_graph=True)
            seen = x.grad[0].abs().sum(0) > 0
            y0, y1, x0, x1 = fields[layer].box(row, col, (h_in, w_in))
            inside = torch.zeros_like(seen)
            inside[y0:y1, x0:x1] = True
            assert not (seen & ~inside).any(), (name, layer, row, col)
            checked += int(seen.any())
    assert checked > 0 or not any(isinstance(layer, Conv2d) for layer in spec.layers)

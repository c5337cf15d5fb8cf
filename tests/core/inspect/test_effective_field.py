"""The effective receptive field against a convolution's own weights, and inside the theoretical one."""
import numpy as np
import torch

from convnet_studio.core.inspect.effective_field import effective_field
from convnet_studio.core.inspect.probe_transform import ProbeTransform
from convnet_studio.core.model.builder import build
from convnet_studio.core.model.presets import get_preset
from convnet_studio.core.model.receptive_field import receptive_fields
from convnet_studio.core.model.spec import Conv2d, Flatten, Linear, ModelSpec


def test_one_convolution_sees_its_own_kernel_weights():
    spec = ModelSpec(layers=(Conv2d(4, 3, padding=1), Flatten(), Linear("classes")))
    torch.manual_seed(0)
    model = build(spec, (2, 8, 8), 3)
    image = np.random.default_rng(0).integers(0, 255, (2, 8, 8), dtype=np.uint8)
    heat = effective_field(model, image, (0.5, 0.5), (0.25, 0.25), 0, channel=2, row=4, col=5)
    expected = np.zeros((8, 8), np.float32)
    expected[3:6, 4:7] = model[0].weight[2].detach().abs().sum(0).numpy()
    np.testing.assert_allclose(heat, expected, rtol=1e-6, atol=1e-7)
    assert all(p.grad is None for p in model.parameters())      # a live run's gradients stay as they are


def test_the_seed_net_field_stays_inside_the_theoretical_rectangle():
    spec = get_preset("seed")
    torch.manual_seed(1)
    model = build(spec, (1, 28, 28), 10)
    image = np.random.default_rng(1).integers(0, 255, (1, 28, 28), dtype=np.uint8)
    heat = effective_field(model, image, (0.5,), (0.25,), 3, channel=5, row=6, col=2,
                           transform=ProbeTransform(shift_x=2))
    y0, y1, x0, x1 = receptive_fields(spec, (1, 28, 28))[3].box(6, 2, (28, 28))
    outside = heat.copy()
    outside[y0:y1, x0:x1] = 0
    assert heat.max() > 0 and not outside.any()
    flat = effective_field(model, image, (0.5,), (0.25,), 7, channel=3)
    assert flat.shape == (28, 28) and (flat > 0).mean() > 0.5      # a Linear unit sees the whole image

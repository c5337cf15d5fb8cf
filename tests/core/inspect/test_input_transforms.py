"""Each probe transform against an independent computation."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from convnet_studio.core.inspect.input_transforms import (
    ProbeTransform, add_noise, apply_transform, brightness_contrast, flip, occlude, rotate_scale, shift,
    to_pixels, transform_from_text,
)


def _image(c=3, h=12, w=12, seed=0):
    return torch.rand(c, h, w, generator=torch.Generator().manual_seed(seed))


@pytest.mark.parametrize("dx,dy", [(3, 0), (0, -2), (-4, 5), (2, 2), (0, 0)])
def test_shift_is_a_roll_with_the_wrapped_part_zeroed(dx, dy):
    x = _image(h=10, w=14)
    expected = torch.roll(x, shifts=(dy, dx), dims=(1, 2))
    if dy > 0:
        expected[:, :dy] = 0
    elif dy < 0:
        expected[:, dy:] = 0
    if dx > 0:
        expected[:, :, :dx] = 0
    elif dx < 0:
        expected[:, :, dx:] = 0
    assert torch.equal(shift(x, dx, dy), expected)


def test_shift_past_the_border_leaves_nothing():
    assert not shift(_image(), 12, 0).any() and not shift(_image(), 0, -40).any()


def test_flip_is_torch_flip():
    x = _image(h=6, w=9)
    assert torch.equal(flip(x, horizontal=True), torch.flip(x, dims=(2,)))
    assert torch.equal(flip(x, vertical=True), torch.flip(x, dims=(1,)))
    assert torch.equal(flip(x, True, True), torch.flip(x, dims=(1, 2)))
    assert torch.equal(flip(x), x)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_rotating_by_quarter_turns_is_rot90_counter_clockwise(k):
    x = _image(h=10, w=10)
    expected = torch.from_numpy(np.rot90(x.numpy(), k=k, axes=(1, 2)).copy())
    torch.testing.assert_close(rotate_scale(x, 90 * k), expected, atol=1e-5, rtol=0)


def test_scaling_by_two_is_the_centre_crop_upsampled():
    x = _image(h=12, w=12)
    crop = x[:, 3:9, 3:9].unsqueeze(0)
    expected = F.interpolate(crop, scale_factor=2, mode="bilinear", align_corners=False)[0]
    got = rotate_scale(x, 0, 2.0)
    torch.testing.assert_close(got[:, 1:-1, 1:-1], expected[:, 1:-1, 1:-1], atol=1e-5, rtol=0)


def test_shrinking_by_half_takes_every_other_pixel_pair_mean_and_zero_border():
    x = _image(c=1, h=8, w=8)
    got = rotate_scale(x, 0, 0.5)
    expected_centre = F.avg_pool2d(x.unsqueeze(0), 2)[0]     # bilinear at the pixel corners
    torch.testing.assert_close(got[:, 2:6, 2:6], expected_centre, atol=1e-5, rtol=0)
    assert got[:, 0].abs().max() == 0 and got[:, :, -1].abs().max() == 0


def test_brightness_and_contrast_follow_the_formula():
    x = _image()
    got = brightness_contrast(x, 0.1, 1.5).numpy()
    np.testing.assert_allclose(got, (x.numpy() - 0.5) * 1.5 + 0.6, atol=1e-6)


def test_noise_is_seeded_gaussian():
    x = torch.full((1, 64, 64), 0.5)
    g = torch.Generator().manual_seed(7)
    expected = x + 0.1 * torch.randn(x.shape, generator=g)
    assert torch.equal(add_noise(x, 0.1, 7), expected)
    assert torch.equal(add_noise(x, 0.1, 7), add_noise(x, 0.1, 7))
    assert not torch.equal(add_noise(x, 0.1, 7), add_noise(x, 0.1, 8))
    assert abs(float((add_noise(x, 0.1, 3) - x).std()) - 0.1) < 0.01


def test_occluding_patch_covers_a_clipped_square():
    x = _image(h=10, w=10)
    expected = x.numpy().copy()
    expected[:, 3:8, 5:10] = 0.25                # centre (7, 5), size 5, clipped at the right
    np.testing.assert_array_equal(occlude(x, 7, 5, 5, 0.25).numpy(), expected)
    corner = x.numpy().copy()
    corner[:, 0:2, 0:2] = 0.5                    # centre (0, 0), size 4: two pixels each way
    np.testing.assert_array_equal(occlude(x, 0, 0, 4).numpy(), corner)


def test_apply_runs_every_step_and_clips():
    x = _image()
    t = ProbeTransform(shift_x=2, flip_h=True, brightness=0.3, contrast=2.0, patch=(4, 4, 3), patch_value=0.0)
    expected = occlude(brightness_contrast(flip(shift(x, 2, 0), True), 0.3, 2.0), 4, 4, 3, 0.0).clamp(0, 1)
    assert torch.equal(apply_transform(x, t), expected)
    assert torch.equal(apply_transform(x, ProbeTransform()), x)
    assert ProbeTransform().is_identity and not t.is_identity
    assert ProbeTransform(noise_seed=4).is_identity


def test_text_form_and_pixels():
    t = transform_from_text("shift=3,-1; rotate=15; flip=hv; patch=14,14,6; noise=0.1; seed=2")
    assert t == ProbeTransform(shift_x=3, shift_y=-1, rotate=15.0, flip_h=True, flip_v=True, patch=(14, 14, 6),
                               noise=0.1, noise_seed=2)
    with pytest.raises(ValueError, match="unknown probe transform"):
        transform_from_text("wobble=3")
    with pytest.raises(ValueError, match="scale"):
        transform_from_text("scale=0")
    assert to_pixels(torch.tensor([[[0.0, 0.5, 1.0, 2.0]]])).tolist() == [[[0, 128, 255, 255]]]

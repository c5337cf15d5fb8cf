"""Batch augmentation: exact flips, exact shifted crops, determinism, dtypes."""
import pytest
import torch
import torch.nn.functional as F

from convnet_studio.core.train.augment import PAD, augment_batch, random_crop
from convnet_studio.core.train.config import AUGMENTS, ConfigError


def _images(dtype=torch.uint8, n=48, c=3, h=12, w=10, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randint(0, 256, (n, c, h, w), generator=g)
    return x.to(dtype)


def _find_shift(out, padded, h, w):
    """The (dy, dx) for which out equals a window of the padded image, or None."""
    for dy in range(-PAD, PAD + 1):
        for dx in range(-PAD, PAD + 1):
            window = padded[:, PAD + dy:PAD + dy + h, PAD + dx:PAD + dx + w]
            if torch.equal(out, window):
                return dy, dx
    return None


def test_none_returns_the_batch_unchanged():
    x = _images()
    assert augment_batch(x, "none") is x


@pytest.mark.parametrize("dtype", [torch.uint8, torch.float32])
def test_flip_mirrors_exactly_the_chosen_images(dtype):
    x = _images(dtype)
    out = augment_batch(x, "flip", torch.Generator().manual_seed(1))
    assert out.shape == x.shape and out.dtype == dtype
    flipped = 0
    for i in range(x.shape[0]):
        same, mirrored = torch.equal(out[i], x[i]), torch.equal(out[i], x[i].flip(-1))
        assert same != mirrored          # random images are never symmetric
        flipped += mirrored
    assert 8 <= flipped <= 40            # about half of 48


@pytest.mark.parametrize("dtype", [torch.uint8, torch.float32])
@pytest.mark.parametrize("padding_mode,pad_mode", [("reflect", "reflect"), ("zeros", "constant")])
def test_crop_is_a_window_of_the_padded_image(dtype, padding_mode, pad_mode):
    x = _images(dtype)
    n, _, h, w = x.shape
    out = random_crop(x, torch.Generator().manual_seed(2), padding_mode=padding_mode)
    assert out.shape == x.shape and out.dtype == dtype
    padded = F.pad(x.double(), (PAD, PAD, PAD, PAD), mode=pad_mode).to(dtype)
    shifts = set()
    for i in range(n):
        shift = _find_shift(out[i], padded[i], h, w)
        assert shift is not None, f"image {i} is not a window of its padded image"
        shifts.add(shift)
    assert len(shifts) > 10              # the offsets really vary per image


def test_flip_and_crop_is_deterministic_with_a_seeded_generator():
    x = _images(torch.float32)
    a = augment_batch(x, "flip+crop", torch.Generator().manual_seed(3))
    b = augment_batch(x, "flip+crop", torch.Generator().manual_seed(3))
    c = augment_batch(x, "flip+crop", torch.Generator().manual_seed(4))
    assert torch.equal(a, b)
    assert not torch.equal(a, c)


def test_flip_and_crop_compose_both():
    x = _images(torch.uint8)
    n, _, h, w = x.shape
    out = augment_batch(x, "flip+crop", torch.Generator().manual_seed(5))
    padded = F.pad(x.double(), (PAD,) * 4, mode="reflect").to(torch.uint8)
    mirrored = 0
    for i in range(n):
        plain = _find_shift(out[i], padded[i], h, w)
        flipped = _find_shift(out[i].flip(-1), padded[i], h, w)
        assert (plain is not None) or (flipped is not None)
        mirrored += flipped is not None and plain is None
    assert 0 < mirrored < n


def test_every_configured_mode_is_accepted_and_unknown_is_refused():
    x = _images(torch.float32, n=4)
    for mode in AUGMENTS:
        assert augment_batch(x, mode).shape == x.shape
    with pytest.raises(ConfigError, match="augment must be one of"):
        augment_batch(x, "rotate")


def test_empty_batch_passes_through():
    x = _images(n=0)
    assert augment_batch(x, "flip+crop").shape == x.shape


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_runs_on_the_batch_device_with_a_cpu_generator():
    x = _images(torch.float32).cuda()
    out = augment_batch(x, "flip+crop", torch.Generator().manual_seed(0))
    assert out.device == x.device
    ref = augment_batch(x.cpu(), "flip+crop", torch.Generator().manual_seed(0))
    assert torch.equal(out.cpu(), ref)

"""Choosing an image folder's size and colour, and refusing what would not fit in memory."""
import numpy as np
import pytest
import torch
from PIL import Image

from convnet_studio.core.data import folder_cache, folder_plan, image_folder
from convnet_studio.core.data.dataset import DatasetError
from convnet_studio.core.data.folder_plan import (dataset_bytes, format_bytes, loading_bytes, survey_folder,
                                                  target_size)
from convnet_studio.core.data.sources import dataset_shape, load_dataset


def _folder(root, size=(40, 30), sizes=None, per_class=3):
    rng = np.random.default_rng(2)
    for k, name in enumerate(("cat", "dog")):
        (root / name).mkdir(parents=True)
        for i in range(per_class):
            w, h = (sizes or {}).get((name, i), size)
            Image.fromarray(rng.integers(0, 255, (h, w, 3), dtype=np.uint8)).save(root / name / f"{i}.png")
    return root


def test_a_chosen_size_and_grayscale_give_that_input_shape(tmp_path):
    root = _folder(tmp_path / "f")
    assert load_dataset(str(root)).input_shape == (3, 30, 40)                 # automatic: as they are, <= 64
    assert load_dataset(str(root), image_size=96).input_shape == (3, 96, 96)
    gray = load_dataset(str(root), image_size=32, grayscale=True)
    assert gray.input_shape == (1, 32, 32) and len(gray.mean) == 1
    assert load_dataset(str(root), image_size="native").input_shape == (3, 30, 40)
    assert dataset_shape(str(root), image_size=32, grayscale=True) == ((1, 32, 32), 2)


def test_grayscale_is_the_luminance_pillow_computes(tmp_path):
    root = _folder(tmp_path / "f", per_class=2)
    ds = load_dataset(str(root), val_fraction=0.0, grayscale=True)
    expected = np.asarray(Image.open(root / "cat" / "0.png").convert("L"))
    np.testing.assert_array_equal(ds.train_x[0, 0].numpy(), expected)


def test_large_photos_keep_their_size_only_when_asked(tmp_path):
    root = _folder(tmp_path / "f", size=(256, 192))
    assert load_dataset(str(root)).input_shape == (3, 48, 64)
    assert load_dataset(str(root), image_size="native").input_shape == (3, 192, 256)
    assert load_dataset(str(root), image_size=224).input_shape == (3, 224, 224)


def test_native_needs_one_shared_size(tmp_path):
    root = _folder(tmp_path / "f", sizes={("dog", 0): (20, 20)})
    with pytest.raises(DatasetError) as info:
        load_dataset(str(root), image_size="native")
    assert "not all the same size (e.g. 40×30 and 20×20)" in str(info.value) and "\n" not in str(info.value)
    survey = survey_folder(root)
    assert survey.files == 6 and survey.native_size is None
    assert survey_folder(_folder(tmp_path / "g")).native_size == (30, 40)


def test_a_size_that_does_not_fit_in_memory_is_refused_before_decoding(tmp_path, monkeypatch):
    root = _folder(tmp_path / "f")
    decoded = []
    monkeypatch.setattr(image_folder, "decode_images", lambda *a, **k: decoded.append(1))
    monkeypatch.setattr(folder_plan, "available_memory", lambda: 1_000_000)
    with pytest.raises(DatasetError) as info:
        load_dataset(str(root), image_size=224)
    message = str(info.value)
    assert message.startswith("6 colour images of 224×224 pixels from") and "\n" not in message
    assert "need about 1.8 MB of memory to load, but only 1.0 MB is available" in message
    assert decoded == []


def test_memory_figures():
    assert dataset_bytes(1000, (224, 224), 3) == 1000 * 3 * 224 * 224
    assert loading_bytes(10, (2, 5), 3) == 10 * 10 * 3 * 2
    assert loading_bytes(10, (2, 5), 1) == 10 * 10 * 3 + 2 * 10 * 10
    assert format_bytes(1_234_567_890) == "1.2 GB" and format_bytes(512) == "512 bytes"
    assert format_bytes(150_000_000) == "150 MB"
    assert folder_plan.available_memory() > 0


@pytest.mark.parametrize("bad", [0, (0, 5), "huge", True, 2.5])
def test_a_bad_size_is_one_sentence(bad):
    with pytest.raises(DatasetError, match="image size must be"):
        target_size(bad, None, "f")


def test_the_cache_keys_on_size_and_colour_mode(tmp_path, monkeypatch):
    root = _folder(tmp_path / "f")
    files = sorted(str(p) for p in root.rglob("*.png"))
    keys = {folder_cache.folder_key(files, (32, 32)), folder_cache.folder_key(files, (32, 32), True),
            folder_cache.folder_key(files, (64, 64)), folder_cache.folder_key(files, (64, 64), True)}
    assert len(keys) == 4 and None not in keys
    calls = []
    real = image_folder.decode_images
    monkeypatch.setattr(image_folder, "decode_images", lambda *a, **k: calls.append(1) or real(*a, **k))
    colour = load_dataset(str(root), image_size=32)
    gray = load_dataset(str(root), image_size=32, grayscale=True)
    again_colour = load_dataset(str(root), image_size=32)
    again_gray = load_dataset(str(root), image_size=32, grayscale=True)
    assert len(calls) == 2                                    # each mode decoded once, then cached
    assert again_colour.input_shape == (3, 32, 32) and again_gray.input_shape == (1, 32, 32)
    assert torch.equal(colour.train_x, again_colour.train_x) and torch.equal(gray.train_x, again_gray.train_x)


def test_registered_sets_refuse_folder_only_choices():
    with pytest.raises(DatasetError, match="are for image folders: mnist's images are 1×28×28"):
        dataset_shape("mnist", image_size=32)
    with pytest.raises(DatasetError, match="for image folders"):
        load_dataset("shapes", grayscale=True)

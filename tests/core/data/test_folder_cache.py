"""Decoded image folders are cached: the second load skips decoding, any file change invalidates."""
import os

import numpy as np
import pytest
import torch
from PIL import Image

from convnet_studio.core.data import folder_cache
from convnet_studio.core.data import image_folder
from convnet_studio.core.data.sources import load_dataset


@pytest.fixture
def folder(tmp_path):
    rng = np.random.default_rng(1)
    for name in ("a", "b"):
        (tmp_path / "imgs" / name).mkdir(parents=True)
        for i in range(6):
            Image.fromarray(rng.integers(0, 255, (16, 16, 3), dtype=np.uint8)).save(
                tmp_path / "imgs" / name / f"{i}.png")
    return tmp_path / "imgs"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVNET_STUDIO_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _count_decodes(monkeypatch):
    calls = []
    real = image_folder.decode_images
    monkeypatch.setattr(image_folder, "decode_images", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_second_load_comes_from_the_cache_and_is_identical(folder, cache, monkeypatch):
    calls = _count_decodes(monkeypatch)
    first = load_dataset(str(folder))
    messages = []
    second = load_dataset(str(folder), progress=lambda d, t, m: messages.append(m))
    assert len(calls) == 1
    assert any("cache" in m for m in messages)
    assert torch.equal(first.train_x, second.train_x) and torch.equal(first.val_y, second.val_y)
    assert len(list(cache.glob("*.pt"))) == 1


def test_changing_a_file_invalidates_the_entry(folder, cache, monkeypatch):
    calls = _count_decodes(monkeypatch)
    load_dataset(str(folder))
    target = folder / "a" / "0.png"
    Image.fromarray(np.zeros((16, 16, 3), np.uint8)).save(target)
    os.utime(target, ns=(1, 1))
    reloaded = load_dataset(str(folder), val_fraction=0.0)
    assert len(calls) == 2
    zeros = (reloaded.train_x.flatten(1) == 0).all(dim=1)
    assert zeros.sum() == 1


def test_a_corrupt_entry_is_ignored_and_replaced(folder, cache, monkeypatch):
    load_dataset(str(folder))
    (entry,) = cache.glob("*.pt")
    entry.write_bytes(b"not a cache entry")
    calls = _count_decodes(monkeypatch)
    again = load_dataset(str(folder))
    assert len(calls) == 1 and again.train_x.shape[0] > 0
    assert folder_cache.load(entry.stem) is not None


def test_cache_can_be_turned_off(folder, monkeypatch):
    monkeypatch.setenv("CONVNET_STUDIO_CACHE", "off")
    calls = _count_decodes(monkeypatch)
    load_dataset(str(folder))
    load_dataset(str(folder))
    assert len(calls) == 2


def test_only_the_newest_entries_are_kept(cache):
    images = np.zeros((2, 4, 4, 3), np.uint8)
    for i in range(folder_cache.MAX_ENTRIES + 2):
        folder_cache.store(f"key{i}", images, np.ones(2, bool), False)
        os.utime(cache / f"key{i}.pt", (1000 + i, 1000 + i))
    kept = sorted(p.stem for p in cache.glob("*.pt"))
    assert len(kept) == folder_cache.MAX_ENTRIES and "key0" not in kept


def test_an_entry_swapped_in_from_another_folder_is_not_trusted(folder, cache, monkeypatch, tmp_path):
    load_dataset(str(folder))
    (entry,) = cache.glob("*.pt")
    other = tmp_path / "other"
    for name in ("x", "y"):
        (other / name).mkdir(parents=True)
        for i in range(6):
            Image.new("RGB", (16, 16), (10 * i, 200, 0)).save(other / name / f"{i}.png")
    files = sorted(str(p) for p in other.rglob("*.png"))
    other_key = folder_cache.folder_key(files, (16, 16))
    (cache / f"{other_key}.pt").write_bytes(entry.read_bytes())   # same count, same size, other images
    assert folder_cache.load(other_key, len(files), (16, 16)) is None
    calls = _count_decodes(monkeypatch)
    ds = load_dataset(str(other))
    assert calls == [1]
    assert (ds.train_x[:, 1] > 150).all()                      # its own green images, not the cached noise


def test_an_entry_of_another_size_or_count_is_not_used(folder, cache):
    images = np.zeros((3, 8, 8, 3), np.uint8)
    folder_cache.store("k", images, np.ones(3, bool), False)
    assert folder_cache.load("k", 3, (8, 8)) is not None
    assert folder_cache.load("k", 4, (8, 8)) is None
    assert folder_cache.load("k", 3, (8, 9)) is None

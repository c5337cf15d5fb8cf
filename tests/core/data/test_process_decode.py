"""Decoding in forked processes gives exactly what the threads give, and survives a failing child."""
import os

import numpy as np
import pytest
from PIL import Image

from convnet_studio.core.data import image_folder
from convnet_studio.core.data.folder_layout import image_files
from convnet_studio.core.data import process_decode
from convnet_studio.core.data.sources import load_dataset

pytestmark = pytest.mark.skipif(not process_decode.can_fork(), reason="needs os.fork")


def _folder(root, n=700):
    """n images of every kind the decoders meet: RGB JPEG, grayscale JPEG, PNG, other sizes, junk."""
    rng = np.random.default_rng(0)
    for i in range(n):
        cls = root / f"c{i % 3}"
        cls.mkdir(parents=True, exist_ok=True)
        kind = i % 7
        if kind == 6:
            (cls / f"{i}.jpg").write_bytes(b"not a jpeg")
            continue
        size = (16, 16) if kind != 5 else (20, 12)
        pixels = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
        image = Image.fromarray(pixels)
        if kind == 3:
            image.convert("L").save(cls / f"{i}.jpg")
        elif kind == 4:
            image.save(cls / f"{i}.png")
        else:
            image.save(cls / f"{i}.jpg", quality=90)
    return root


def test_processes_decode_exactly_what_threads_decode(tmp_path):
    files = image_files(_folder(tmp_path / "f"))
    calls = []
    by_threads = image_folder.decode_images(files, (16, 16), workers=2)
    by_processes = image_folder.decode_images(files, (16, 16), processes=2,
                                              progress=lambda done, total, msg: calls.append((done, msg)))
    np.testing.assert_array_equal(by_processes[0], by_threads[0])
    np.testing.assert_array_equal(by_processes[1], by_threads[1])
    assert by_processes[2] == by_threads[2] is False
    assert (~by_processes[1]).sum() == 100                     # every 7th file is junk
    dones = [done for done, _ in calls]
    assert dones[0] == 0 and dones[-1] == len(files) and dones == sorted(dones)
    assert "100 unreadable, skipped" in calls[-1][1]


def test_a_failing_child_leaves_its_share_to_the_parent(monkeypatch):
    parent = os.getpid()

    def decode_range(lo, hi, out, ok, gray):
        if os.getpid() != parent and lo >= 900:
            raise RuntimeError("this child dies")
        out[lo:hi] = (np.arange(lo, hi) % 251)[:, None, None, None]
        ok[lo:hi] = True

    out, ok, gray = process_decode.decode_in_processes(1500, (2, 2, 3), decode_range, processes=2)
    assert ok.all() and not gray.any()
    np.testing.assert_array_equal(out[:, 0, 0, 0], np.arange(1500) % 251)


def test_load_dataset_with_processes_matches_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVNET_STUDIO_CACHE", "off")
    used = []
    real = process_decode.decode_in_processes
    monkeypatch.setattr(process_decode, "decode_in_processes", lambda *a, **k: used.append(1) or real(*a, **k))
    root = _folder(tmp_path / "f", n=600)
    a = load_dataset(str(root), decode_processes=2)
    b = load_dataset(str(root))
    assert used == [1]
    assert a.skipped == b.skipped > 0
    for name in ("train_x", "train_y", "val_x", "val_y"):
        assert getattr(a, name).equal(getattr(b, name))

"""Image-folder datasets: layouts, mixed sizes and modes, unreadable files, errors."""
import numpy as np
import pytest
import torch
from PIL import Image

from convnet_studio.core.data import image_folder
from convnet_studio.core.data.sources import load_dataset
from convnet_studio.core.data.dataset import DatasetError
from convnet_studio.core.data.image_folder import load_image_folder


def _save(path, colour=(200, 30, 60), size=(12, 10), mode="RGB", fmt=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).convert(mode).save(path, fmt)
    return path


def _error(path, **kwargs) -> str:
    with pytest.raises(DatasetError) as info:
        load_dataset(str(path), **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


def _flat_folder(root, per_class=5, classes=("cat", "dog", "fox")):
    for k, name in enumerate(classes):
        for i in range(per_class):
            _save(root / name / f"{i}.png", colour=(40 * k, 10 * i, 100))
    return root


def test_mixed_modes_and_sizes_become_one_rgb_shape(tmp_path):
    _save(tmp_path / "a" / "rgb.png")
    _save(tmp_path / "a" / "rgb2.png", colour=(1, 2, 3))
    _save(tmp_path / "a" / "gray.png", colour=(90, 90, 90), mode="L")
    _save(tmp_path / "a" / "palette.gif", mode="P")
    _save(tmp_path / "b" / "rgba.png", mode="RGBA")
    _save(tmp_path / "b" / "cmyk.jpg", colour=(0, 0, 255), mode="CMYK", size=(40, 30))
    _save(tmp_path / "b" / "big.bmp", colour=(0, 255, 0), size=(30, 20))
    _save(tmp_path / "b" / "nested" / "deep.png", colour=(255, 255, 0), size=(5, 7))
    (tmp_path / "b" / "notes.txt").write_text("not an image, ignored")
    ds = load_dataset(str(tmp_path), val_fraction=0.0)
    assert ds.class_names == ("a", "b")
    assert ds.train_x.shape == (8, 3, 10, 12)          # the most common size is 12x10 (w x h)
    assert ds.val_x.shape == (0, 3, 10, 12)
    assert ds.skipped == 0 and ds.train_y.tolist() == [0, 0, 0, 0, 1, 1, 1, 1]
    # Files are sorted per class: gray, palette, rgb, rgb2 | big, cmyk, nested/deep, rgba.
    gray, _, rgb = ds.train_x[0], ds.train_x[1], ds.train_x[2]
    assert torch.all(gray == 90)
    assert torch.equal(rgb[:, 0, 0], torch.tensor([200, 30, 60], dtype=torch.uint8))
    assert torch.equal(ds.train_x[4][:, 5, 5], torch.tensor([0, 255, 0], dtype=torch.uint8))
    blue = ds.train_x[5][:, 5, 5].int()                 # via CMYK and lossy JPEG
    assert blue[2] > 200 and blue[0] < 60 and blue[1] < 60


def test_transparency_is_composited_over_white(tmp_path):
    _save(tmp_path / "a" / "1.png")
    _save(tmp_path / "a" / "2.png")
    clear = Image.new("RGBA", (12, 10), (255, 0, 0, 0))
    clear.save(tmp_path / "a" / "3.png")
    _save(tmp_path / "b" / "1.png")
    ds = load_image_folder(tmp_path, val_fraction=0.0)
    assert torch.all(ds.train_x[2] == 255)


def test_all_grayscale_gives_one_channel(tmp_path):
    for name in ("x", "y"):
        for i in range(3):
            _save(tmp_path / name / f"{i}.png", colour=(30 * i, 0, 0), mode="L")
    ds = load_image_folder(tmp_path, val_fraction=0.0)
    assert ds.input_shape == (1, 10, 12)
    assert len(ds.mean) == 1


def test_large_images_are_capped_keeping_the_aspect_ratio(tmp_path):
    for name in ("x", "y"):
        _save(tmp_path / name / "1.jpg", size=(200, 100))
        _save(tmp_path / name / "2.jpg", size=(200, 100))
    ds = load_image_folder(tmp_path, val_fraction=0.0)
    assert ds.input_shape == (3, 32, 64)
    forced = load_image_folder(tmp_path, val_fraction=0.0, image_size=(20, 24))
    assert forced.input_shape == (3, 20, 24)
    assert load_dataset(str(tmp_path), image_size=16, val_fraction=0.0).input_shape == (3, 16, 16)


def test_unreadable_files_are_counted_reported_and_skipped(tmp_path):
    _flat_folder(tmp_path)
    (tmp_path / "cat" / "broken.jpg").write_bytes(b"\xff\xd8 definitely not a jpeg")
    (tmp_path / "dog" / "empty.png").write_bytes(b"")
    calls = []
    ds = load_dataset(str(tmp_path), val_fraction=0.0,
                      progress=lambda done, total, msg: calls.append((done, total, msg)))
    assert ds.skipped == 2 and ds.info().skipped == 2
    assert ds.train_x.shape[0] == 15
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1] == 17
    assert "2 unreadable" in calls[-1][2]


def test_stratified_split_is_per_class_and_follows_the_seed(tmp_path):
    _flat_folder(tmp_path, per_class=10)
    ds = load_image_folder(tmp_path, val_fraction=0.2, seed=1)
    assert torch.bincount(ds.val_y).tolist() == [2, 2, 2]
    assert torch.bincount(ds.train_y).tolist() == [8, 8, 8]
    again = load_image_folder(tmp_path, val_fraction=0.2, seed=1)
    other = load_image_folder(tmp_path, val_fraction=0.2, seed=2)
    assert torch.equal(ds.val_x, again.val_x)
    assert not torch.equal(ds.val_x, other.val_x)
    # Every image lands in exactly one split.
    both = torch.cat([ds.train_x, ds.val_x]).flatten(1)
    assert torch.unique(both, dim=0).shape[0] == 30


def test_a_small_class_still_gets_a_validation_image(tmp_path):
    _flat_folder(tmp_path, per_class=2)
    ds = load_image_folder(tmp_path, val_fraction=0.1)
    assert torch.bincount(ds.val_y).tolist() == [1, 1, 1]


def test_train_and_test_folders_are_used_as_given(tmp_path):
    _flat_folder(tmp_path / "train", per_class=4)
    _flat_folder(tmp_path / "test", per_class=1, classes=("cat", "dog", "fox", "owl"))
    ds = load_dataset(str(tmp_path), val_fraction=0.5)
    assert ds.class_names == ("cat", "dog", "fox", "owl")
    assert ds.train_x.shape[0] == 12 and ds.val_x.shape[0] == 4
    assert ds.val_y.tolist() == [0, 1, 2, 3]


def test_train_folder_alone_is_split(tmp_path):
    _flat_folder(tmp_path / "train", per_class=10)
    ds = load_image_folder(tmp_path, val_fraction=0.3)
    assert ds.class_names == ("cat", "dog", "fox")
    assert ds.val_x.shape[0] == 9


def test_progress_is_rate_limited(tmp_path, monkeypatch):
    _flat_folder(tmp_path, per_class=100)
    monkeypatch.setattr(image_folder, "_CHUNK", 4)
    monkeypatch.setattr(image_folder, "PROGRESS_INTERVAL_S", 3600.0)
    calls = []
    load_image_folder(tmp_path, progress=lambda d, t, m: calls.append(d))
    assert calls == [0, 300]              # start and end only, not one per chunk


def test_empty_and_flat_and_single_class_folders_are_refused(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no images were found" in _error(empty)
    flat = tmp_path / "flat"
    _save(flat / "1.png")
    assert "not sorted into class sub-folders" in _error(flat)
    single = tmp_path / "single"
    _save(single / "cat" / "1.png")
    _save(single / "cat" / "2.png")
    (single / "dog").mkdir()
    assert "only one class ('cat')" in _error(single)


def test_folder_of_only_unreadable_files_is_refused(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.png").write_bytes(b"junk")
    assert "none of the 2 image files" in _error(tmp_path)


def test_bad_arguments_give_one_sentence(tmp_path):
    _flat_folder(tmp_path)
    assert "validation fraction" in _error(tmp_path, val_fraction=1.0)
    assert "image size" in _error(tmp_path, image_size=(0, 5))
    assert "is not a folder" in _error(tmp_path / "cat" / "0.png")


def test_decoding_keeps_pixel_values_of_same_sized_images(tmp_path):
    rng = np.random.default_rng(0)
    arrays = [rng.integers(0, 256, (10, 12, 3), dtype=np.uint8) for _ in range(4)]
    for i, a in enumerate(arrays):
        (tmp_path / "ab"[i % 2]).mkdir(exist_ok=True)
        Image.fromarray(a).save(tmp_path / "ab"[i % 2] / f"{i}.png")
    ds = load_image_folder(tmp_path, val_fraction=0.0)
    np.testing.assert_array_equal(ds.train_x[0].permute(1, 2, 0).numpy(), arrays[0])
    np.testing.assert_array_equal(ds.train_x[2].permute(1, 2, 0).numpy(), arrays[1])


def test_an_unreadable_class_folder_is_named_not_dropped(tmp_path, monkeypatch):
    import os
    root = _flat_folder(tmp_path / "pets")
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith(os.sep + "dog"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)
    message = _error(root)
    assert message.startswith(f"cannot read the folder {root / 'dog'} (Permission denied)"), message


def test_very_large_images_give_a_note_not_a_raw_warning(tmp_path, monkeypatch):
    import warnings
    root = _flat_folder(tmp_path / "big")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)    # 12x10 = 120 pixels: "very large"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = load_image_folder(root)
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]
    assert len(ds.notes) == 1 and "very large" in ds.notes[0]
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    assert load_image_folder(root).notes == ()


def test_skipped_files_are_named_with_the_reason(tmp_path, monkeypatch):
    _flat_folder(tmp_path)
    (tmp_path / "cat" / "broken.jpg").write_bytes(b"\xff\xd8 definitely not a jpeg")
    (tmp_path / "dog" / "empty.png").write_bytes(b"")
    ds = load_dataset(str(tmp_path), val_fraction=0.0)
    named = dict(ds.skipped_files)
    assert sorted(named) == [str(tmp_path / "cat" / "broken.jpg"), str(tmp_path / "dog" / "empty.png")]
    assert named[str(tmp_path / "dog" / "empty.png")] == "the file is empty"
    assert named[str(tmp_path / "cat" / "broken.jpg")]
    monkeypatch.setattr(image_folder, "MAX_SKIPPED_LISTED", 1)
    capped = load_dataset(str(tmp_path), val_fraction=0.0)
    assert capped.skipped == 2 and len(capped.skipped_files) == 1

"""core.image_io.load_image_file: any PIL image -> uint8 (C, H, W) of the dataset's shape."""
import numpy as np
import pytest
from PIL import Image

from convnet_studio.core.data.image_io import ImageFileError, load_image_file


def _save(tmp_path, name, array, mode=None):
    path = tmp_path / name
    Image.fromarray(array, mode=mode).save(path)
    return path


def test_rgb_png_is_resized_to_the_input_shape(tmp_path):
    rgb = np.zeros((64, 64, 3), np.uint8)
    rgb[..., 0] = 200
    out = load_image_file(_save(tmp_path, "red.png", rgb), (3, 32, 32))
    assert out.shape == (3, 32, 32) and out.dtype == np.uint8 and out.flags.c_contiguous
    assert (out[0] == 200).all() and (out[1:] == 0).all()


def test_wide_image_is_centre_cropped_not_squashed(tmp_path):
    # 96x32: left third red, middle blue, right third green -> the centre crop is all blue.
    wide = np.zeros((32, 96, 3), np.uint8)
    wide[:, :32, 0] = 255
    wide[:, 32:64, 2] = 255
    wide[:, 64:, 1] = 255
    out = load_image_file(_save(tmp_path, "wide.jpg", wide), (3, 16, 16))
    assert out.shape == (3, 16, 16)
    assert out[2].mean() > 200 and out[0].mean() < 40 and out[1].mean() < 40


def test_colour_image_becomes_grey_for_one_channel_nets(tmp_path):
    rgb = np.full((40, 40, 3), 128, np.uint8)
    out = load_image_file(_save(tmp_path, "grey.bmp", rgb), (1, 28, 28))
    assert out.shape == (1, 28, 28)
    assert abs(int(out.mean()) - 128) <= 1


def test_grey_png_becomes_rgb(tmp_path):
    grey = np.tile(np.arange(0, 256, 8, dtype=np.uint8), (32, 1))
    out = load_image_file(_save(tmp_path, "ramp.png", grey, mode="L"), (3, 32, 32))
    assert out.shape == (3, 32, 32)
    assert (out[0] == out[1]).all() and (out[1] == out[2]).all()
    assert out[0, :, 0].mean() < out[0, :, -1].mean()


def test_transparent_pixels_become_white(tmp_path):
    rgba = np.zeros((8, 8, 4), np.uint8)           # fully transparent black
    out = load_image_file(_save(tmp_path, "clear.png", rgba, mode="RGBA"), (3, 8, 8))
    assert (out == 255).all()


def test_16_bit_grey_is_rescaled(tmp_path):
    deep = (np.arange(64, dtype=np.uint16).reshape(8, 8) * 1000)
    path = tmp_path / "deep.png"
    Image.fromarray(deep).save(path)
    out = load_image_file(path, (1, 8, 8))
    assert out.min() == 0 and out.max() == 255


@pytest.mark.parametrize("content", [b"this is not an image\n", b"\x89PNG\r\n\x1a\n broken", b""])
def test_unreadable_files_raise_one_sentence(tmp_path, content):
    path = tmp_path / "bad.png"
    path.write_bytes(content)
    with pytest.raises(ImageFileError) as info:
        load_image_file(path, (3, 32, 32))
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert "bad.png" in message and "\n" not in message and message.endswith(".")
    assert "Traceback" not in message


def test_missing_file_and_bad_shape_are_errors(tmp_path):
    with pytest.raises(ImageFileError, match="does not exist"):
        load_image_file(tmp_path / "nope.png", (3, 32, 32))
    ok = _save(tmp_path, "ok.png", np.zeros((4, 4, 3), np.uint8))
    with pytest.raises(ImageFileError):
        load_image_file(ok, (4, 32, 32))

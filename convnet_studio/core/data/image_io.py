"""Read one image file as a network input: uint8 (C, H, W) of a dataset's input shape.

Used by the feature-map view ("Open image…", drag and drop). Any format PIL reads
is accepted; the image is converted to RGB or greyscale to match the channel count,
centre-cropped to the target aspect ratio, then resized.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import one_sentence
from ..messages import Message


class ImageFileError(ValueError):
    """An image file that cannot be used; the message is one sentence for the user."""


def load_image_file(path, input_shape) -> np.ndarray:
    """Load ``path`` as uint8 (C, H, W) matching ``input_shape`` = (C, H, W) with C 1 or 3.

    Raises ImageFileError (a ValueError) with a one-sentence message when the file is
    missing, unreadable or not an image.
    """
    try:
        channels, height, width = (int(v) for v in input_shape)
    except (TypeError, ValueError):
        raise ImageFileError(f"The input shape {input_shape!r} is not (channels, height, width).") from None
    if channels not in (1, 3) or height < 1 or width < 1:
        raise ImageFileError(f"Images can only be converted to 1 or 3 channels, not shape {tuple(input_shape)}.")
    path = Path(path)
    name = path.name or str(path)
    if not path.is_file():
        raise ImageFileError(Message("image.no_such_file", name=name))
    try:
        with Image.open(path) as img:
            img.draft("RGB" if channels == 3 else "L", (width, height))
            img = ImageOps.exif_transpose(img)
            img = _to_mode(img, "RGB" if channels == 3 else "L")
            img = ImageOps.fit(img, (width, height), method=Image.Resampling.BILINEAR)
            array = np.asarray(img, dtype=np.uint8)
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise ImageFileError(Message("image.not_an_image", name=name)) from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageFileError(Message("image.unreadable", name=name, reason=one_sentence(exc))) from None
    if array.ndim == 2:
        array = array[None]
    else:
        array = array.transpose(2, 0, 1)
    return np.ascontiguousarray(array)


def _to_mode(img: Image.Image, mode: str) -> Image.Image:
    """Convert to RGB or L; 16-bit/float greyscale is rescaled, transparency goes on white."""
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        data = np.asarray(img, dtype=np.float32)
        lo, hi = float(data.min()), float(data.max())
        scaled = np.zeros_like(data) if hi <= lo else (data - lo) * (255.0 / (hi - lo))
        img = Image.fromarray(scaled.astype(np.uint8), mode="L")
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, rgba)
    return img.convert(mode)

"""The size, colour and memory of an image folder, worked out before any image is decoded.

Sizes: ``None`` picks the most common size among a sample of the files, scaled down
(keeping its aspect ratio) so that its longer side is at most ``AUTO_MAX_SIDE``; an
int N gives N×N; (h, w) that size; ``NATIVE`` the images' own size, which they must
share. Other images are resized (not cropped) to it.
Memory: a folder is decoded whole; ``check_fits`` refuses, with one sentence, a
choice that would not fit in the memory available now. Torch-free, like the layout.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from .errors import DatasetError
from .folder_layout import find_layout, image_files, is_dir
from ..messages import Message

AUTO_MAX_SIDE = 64
SIZE_SAMPLE = 200
NATIVE = "native"
#: The sizes the window and the CLI's help offer.
SIZE_CHOICES = (32, 64, 96, 128, 224)


def sample_sizes(files: list[str]) -> Counter:
    """{(width, height): count} over a spread-out sample of at most SIZE_SAMPLE files (unreadable ones left out)."""
    step = max(1, len(files) // SIZE_SAMPLE)
    sizes: Counter = Counter()
    for path in files[::step][:SIZE_SAMPLE]:
        try:
            with Image.open(path) as im:
                sizes[im.size] += 1
        except Exception:  # unreadable: counted later, when decoding
            continue
    return sizes


def _auto_size(sizes: Counter) -> tuple[int, int]:
    if not sizes:
        return 32, 32
    (w, h), _ = sizes.most_common(1)[0]
    scale = min(1.0, AUTO_MAX_SIDE / max(w, h))
    return max(1, round(h * scale)), max(1, round(w * scale))


def shown_size(size_wh: tuple[int, int]) -> str:
    """``(640, 480)`` -> ``"640×480"`` (width × height, as image viewers say it)."""
    return f"{size_wh[0]}×{size_wh[1]}"


def target_size(image_size, sizes: Counter, folder) -> tuple[int, int]:
    """(height, width) every image becomes, for an ``image_size`` choice (see the module docstring)."""
    if image_size is None:
        return _auto_size(sizes)
    if isinstance(image_size, str) and image_size.strip().lower() == NATIVE:
        if len(sizes) > 1:
            (a, _), (b, _) = sizes.most_common(2)
            raise DatasetError(Message("dataset.sizes_differ", folder=folder, a=shown_size(a), b=shown_size(b),
                                       choice=SIZE_CHOICES[1]))
        (w, h), = sizes or {(32, 32): 1}
        return h, w
    try:
        if isinstance(image_size, bool):
            raise TypeError
        size_hw = (image_size, image_size) if isinstance(image_size, int) else tuple(int(s) for s in image_size)
    except (TypeError, ValueError):
        size_hw = ()
    if len(size_hw) != 2 or min(size_hw) < 1:
        raise DatasetError(Message("dataset.bad_image_size", native=NATIVE, value=image_size))
    return size_hw


def dataset_bytes(n: int, size_hw: tuple[int, int], channels: int) -> int:
    """Bytes of ``n`` decoded images in memory: N × C × H × W (one byte per value)."""
    return n * channels * size_hw[0] * size_hw[1]


def loading_bytes(n: int, size_hw: tuple[int, int], channels: int) -> int:
    """Bytes needed at the peak of loading: the decoded RGB images, a grayscale copy, the split copy."""
    pixels = n * size_hw[0] * size_hw[1]
    return pixels * 3 + dataset_bytes(n, size_hw, channels) * (2 if channels == 1 else 1)


def available_memory() -> int:
    """Bytes of memory available now: MemAvailable from /proc/meminfo, else the physical memory."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return 1 << 62                      # unknown: let the load try


def format_bytes(n: int) -> str:
    """``1234567890`` -> ``"1.2 GB"`` (powers of 1000, as file managers show them)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            value = n / scale
            return f"{value:.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"
    return f"{n} bytes"


def check_fits(n: int, size_hw: tuple[int, int], channels: int, folder) -> None:
    """DatasetError (one sentence) when loading ``n`` images at this size would not fit in memory."""
    need, have = loading_bytes(n, size_hw, channels), available_memory()
    if need > have:
        raise DatasetError(Message("dataset.too_large_grayscale" if channels == 1 else "dataset.too_large_colour",
                                   n=n, w=size_hw[1], h=size_hw[0], folder=folder, need=format_bytes(need),
                                   have=format_bytes(have)))


@dataclass(frozen=True)
class FolderSurvey:
    """What a quick look at an image folder found: its file count and a sample of its image sizes."""
    path: str
    files: int
    sizes: tuple = ()              # ((width, height), count), most common first

    @property
    def native_size(self):
        """(height, width) when every sampled image has the same size, else None."""
        if len(self.sizes) != 1:
            return None
        (w, h), _ = self.sizes[0]
        return h, w

    def size_for(self, image_size) -> tuple[int, int]:
        """(height, width) that ``image_size`` gives for this folder; DatasetError when it cannot."""
        return target_size(image_size, Counter(dict(self.sizes)), self.path)


def survey_folder(path) -> FolderSurvey:
    """Count a folder's image files and sample their sizes, without decoding; DatasetError if unreadable."""
    path = Path(path).expanduser()
    if not is_dir(path):
        raise DatasetError(Message("dataset.not_a_folder", path=path))
    train, val = find_layout(path)
    files = [f for split in (train, val or {}) for paths in split.values() for f in paths]
    if not files:
        files = image_files(path)
    return FolderSurvey(str(path), len(files), tuple(sample_sizes(files).most_common()))

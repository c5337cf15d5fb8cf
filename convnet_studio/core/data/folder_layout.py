"""Where an image folder's images are: class sub-folders, optional train/ and val/ splits.

Torch-free, so the window can look at a folder (count its files, sample their sizes)
before loading it.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import DatasetError
from ..messages import Message

IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif",
                              ".tiff", ".ppm", ".pgm", ".pbm", ".pnm"})
TRAIN_DIRS = ("train", "training")
VAL_DIRS = ("val", "valid", "validation", "test")


def unreadable(folder, exc: OSError) -> DatasetError:
    """The one-sentence error for a folder that cannot be read."""
    return DatasetError(Message("dataset.unreadable_folder", path=folder, reason=str(exc.strerror or exc)))


def _raise_unreadable(exc: OSError) -> None:
    raise unreadable(exc.filename, exc)


def is_dir(path: Path) -> bool:
    """``path.is_dir()``, with a DatasetError naming the folder above when it cannot be entered."""
    try:
        return path.is_dir()
    except OSError as exc:              # the folder holding it may not be entered
        raise unreadable(path.parent, exc) from None


def image_files(folder: Path) -> list[str]:
    """Image files under ``folder`` (recursively, hidden entries skipped), sorted, as path strings.

    Strings, not Paths: building a ``Path`` costs more than reading a small image file.
    A folder on the way that cannot be read raises ``DatasetError`` naming it: quietly
    leaving it out would drop a class, or some of its images, without a word.
    """
    found = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=_raise_unreadable):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(os.path.join(dirpath, f) for f in sorted(filenames)
                     if not f.startswith(".") and os.path.splitext(f)[1].lower() in IMAGE_EXTENSIONS)
    return found


def class_folders(folder: Path) -> dict[str, list[str]]:
    """{class name: image files} for each non-empty sub-folder of ``folder``, sorted by name."""
    classes = {}
    try:
        entries = sorted(e for e in folder.iterdir() if e.is_dir() and not e.name.startswith("."))
    except OSError as e:
        raise unreadable(folder, e) from None
    for entry in entries:
        files = image_files(entry)
        if files:
            classes[entry.name] = files
    return classes


def find_layout(path: Path) -> tuple[dict, dict | None]:
    """(train classes, val classes or None): ``train/`` + ``val/`` folders, else class folders at the top."""
    for train_name in TRAIN_DIRS:
        train_dir = path / train_name
        if is_dir(train_dir):
            train = class_folders(train_dir)
            if train:
                for val_name in VAL_DIRS:
                    if is_dir(path / val_name):
                        return train, class_folders(path / val_name)
                return train, None
    return class_folders(path), None

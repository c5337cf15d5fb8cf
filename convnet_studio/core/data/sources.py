"""Dataset registry: the built-in ``shapes``, the torchvision sets, and image folders.

``load_dataset(name_or_path, ...)`` is the one entry point the CLI and the GUI use; it
returns an InMemoryDataset or raises DatasetError with a one-sentence message.
"""
from __future__ import annotations

import os
from pathlib import Path

from .dataset import DatasetError, InMemoryDataset, ProgressFn

DEFAULT_DATASET = "shapes"
DATA_ENV = "CONVNET_STUDIO_DATA"

#: name -> one-line description a learner understands (ordered as shown to users).
DATASETS: dict[str, str] = {
    "shapes": "Built-in: 10 kinds of drawn shapes (circle, ring, star, arrow, ...) on cluttered "
              "colour backgrounds, 32x32 RGB, generated offline in about a second.",
    "mnist": "Handwritten digits 0-9, 28x28 grayscale, 60,000 training and 10,000 test images.",
    "fashion-mnist": "Zalando clothing photos in 10 classes (shirt, sneaker, bag, ...), "
                     "28x28 grayscale, 60,000 + 10,000 images.",
    "kmnist": "Handwritten Japanese (Kuzushiji) characters in 10 classes, 28x28 grayscale, "
              "60,000 + 10,000 images.",
    "cifar10": "Small photos of 10 things (plane, car, bird, cat, ...), 32x32 RGB, "
               "50,000 training and 10,000 test images.",
    "cifar100": "Small photos of 100 kinds of things, 32x32 RGB, 50,000 + 10,000 images: "
                "much harder than CIFAR-10.",
    "svhn": "House-number digits cropped from Street View photos, 32x32 RGB, "
            "73,257 + 26,032 images (needs SciPy).",
}

_ALIASES = {"fashionmnist": "fashion-mnist", "fmnist": "fashion-mnist", "cifar-10": "cifar10",
            "cifar-100": "cifar100"}


def dataset_names() -> list[str]:
    """Registered dataset names, the default first."""
    return list(DATASETS)


def default_data_root() -> Path:
    """Where downloaded datasets live: $CONVNET_STUDIO_DATA, else ~/.cache/convnet-studio/data."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "convnet-studio" / "data"


def _registered(name: str) -> str | None:
    key = name.strip().lower().replace("_", "-")
    key = _ALIASES.get(key, key)
    return key if key in DATASETS else None


def _looks_like_path(name: str) -> bool:
    return os.sep in name or "/" in name or name.startswith(("~", "."))


def describe_dataset(name: str) -> str:
    """One-line description of a registered dataset, or of an image folder path."""
    key = _registered(str(name))
    if key is not None:
        return DATASETS[key]
    return f"Images from the folder {name}, one sub-folder per class."


#: Input shape (C, H, W) and class count of the registered sets, known without their files.
_SHAPES = {"shapes": ((3, 32, 32), 10), "mnist": ((1, 28, 28), 10), "fashion-mnist": ((1, 28, 28), 10),
           "kmnist": ((1, 28, 28), 10), "cifar10": ((3, 32, 32), 10), "cifar100": ((3, 32, 32), 100),
           "svhn": ((3, 32, 32), 10)}


def dataset_shape(name_or_path, data_root=None) -> tuple[tuple, int]:
    """(input_shape, num_classes) of a dataset; registered sets need no files, folders are loaded."""
    name = str(name_or_path)
    key = None if _looks_like_path(name) else _registered(name)
    if key is not None:
        return _SHAPES[key]
    ds = load_dataset(name, data_root=data_root)
    return ds.input_shape, ds.num_classes


def _check_data_root(root: Path) -> None:
    """DatasetError when the data folder, or a folder above it, is a regular file."""
    for folder in (root, *root.parents):
        try:
            if folder.exists():
                if not folder.is_dir():
                    raise DatasetError(f"the data folder {root} cannot be used: {folder} is a file, not a "
                                       f"folder (set the data folder, or ${DATA_ENV}, to a folder)")
                return
        except OSError as exc:
            raise DatasetError(f"cannot reach the data folder {root} ({exc.strerror or exc})") from None


def _unknown(name: str) -> DatasetError:
    return DatasetError(f"unknown dataset '{name}': choose one of {', '.join(DATASETS)} "
                        f"or give a folder of images")


def _subset(ds: InMemoryDataset, n_train: int | None, n_val: int | None) -> InMemoryDataset:
    if n_train is None and n_val is None:
        return ds
    nt = ds.train_x.shape[0] if n_train is None else n_train
    nv = ds.val_x.shape[0] if n_val is None else n_val
    return InMemoryDataset(ds.name, ds.class_names, ds.train_x[:nt], ds.train_y[:nt],
                           ds.val_x[:nv], ds.val_y[:nv], skipped=ds.skipped, notes=ds.notes)


def load_dataset(name_or_path, data_root=None, val_fraction: float = 0.1, seed: int = 0,
                 progress: ProgressFn | None = None, download: bool = True, *,
                 n_train: int | None = None, n_val: int | None = None,
                 image_size=None, decode_processes: int = 0) -> InMemoryDataset:
    """Load a dataset by registry name or image-folder path, whole, into memory.

    - ``shapes``: generated from ``seed``; ``n_train``/``n_val`` set its sizes
      (default 10000 + 2000).
    - torchvision sets: read from ``data_root`` (default ``default_data_root()``),
      downloaded there first when missing and ``download`` is true; the official test
      split is the validation set; ``n_train``/``n_val`` keep only the first images.
    - a folder of images: split by ``val_fraction`` with ``seed`` unless it has
      train/ and val/ (or test/) folders; ``image_size`` forces a size (int or (h, w));
      ``n_train``/``n_val`` keep only the first images of each split;
      ``decode_processes`` > 1 decodes in forked processes, for callers with no other
      busy thread (the CLI), see ``core/process_decode.py``.
    Raises DatasetError (one sentence) for anything that cannot be loaded.
    """
    for label, value in (("training", n_train), ("validation", n_val)):
        if value is not None and (not isinstance(value, int) or value < 0):
            raise DatasetError(f"the number of {label} images must be a whole number of "
                               f"at least 0, not {value!r}")
    name = str(name_or_path)
    key = None if _looks_like_path(name) else _registered(name)
    if key == "shapes":
        from .shapes import make_shapes
        return make_shapes(10000 if n_train is None else n_train,
                           2000 if n_val is None else n_val, seed, progress)
    if key is not None:
        from .torchvision_sets import load_torchvision_set
        root = Path(data_root).expanduser() if data_root else default_data_root()
        _check_data_root(root)
        return _subset(load_torchvision_set(key, root, download, progress), n_train, n_val)
    path = Path(name).expanduser()
    try:
        is_dir = path.is_dir()
    except OSError as exc:        # e.g. a folder on the way that may not be entered
        raise DatasetError(f"cannot read the folder {path} ({exc.strerror or exc}): check that "
                           f"you may read it") from None
    if not is_dir:
        if _looks_like_path(name) or path.exists():
            raise DatasetError(f"{path} is not a folder: give a folder with one sub-folder of "
                               f"images per class, or one of {', '.join(DATASETS)}")
        raise _unknown(name)
    from .image_folder import load_image_folder
    ds = load_image_folder(path, val_fraction, seed, progress, image_size, decode_processes)
    return _subset(ds, n_train, n_val)

"""The one entry point to datasets: registered sources by name, image folders by path.

``load_dataset(name_or_path, ...)`` is what the CLI and the GUI call; it returns an
InMemoryDataset or raises DatasetError with a one-sentence message. The registered
names come from ``catalog`` (the dataset sources registry); anything else is taken as
a folder of images. Importing this module does not import torch.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..messages import Message
from . import catalog
from .catalog import LoadOptions
from .data_root import DATA_ENV, default_data_root
from .errors import DatasetError, ProgressFn

DEFAULT_DATASET = "shapes"

__all__ = ["DATA_ENV", "DEFAULT_DATASET", "DatasetError", "dataset_names", "dataset_shape",
           "default_data_root", "describe_dataset", "load_dataset"]


def __getattr__(name: str):
    if name == "DATASETS":          # name -> description, read from the registry each time
        return {source.name: source.description for source in catalog.DATASET_SOURCES}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def dataset_names() -> list[str]:
    """Registered dataset names, the default first."""
    return catalog.source_names()


def _looks_like_path(name: str) -> bool:
    return os.sep in name or "/" in name or name.startswith(("~", "."))


def _source(name: str):
    return None if _looks_like_path(name) else catalog.source_named(name)


def describe_dataset(name: str) -> str:
    """One-line description of a registered dataset, or of an image folder path."""
    source = catalog.source_named(str(name))
    if source is not None:
        return source.description
    return Message("dataset.folder", name=name)


def dataset_shape(name_or_path, data_root=None, *, image_size=None, grayscale: bool = False) -> tuple[tuple, int]:
    """(input_shape, num_classes) of a dataset; registered sets need no files, folders are loaded.

    ``image_size``/``grayscale``: as for ``load_dataset`` (image folders only).
    """
    name = str(name_or_path)
    source = _source(name)
    if source is not None:
        _check_folder_only_options(source, image_size, grayscale)
        return source.input_shape, source.num_classes
    ds = load_dataset(name, data_root=data_root, image_size=image_size, grayscale=grayscale)
    return ds.input_shape, ds.num_classes


def _unknown(name: str) -> DatasetError:
    return DatasetError(Message("dataset.unknown", name=name, names=', '.join(dataset_names())))


def _check_folder_only_options(source, image_size, grayscale: bool) -> None:
    if image_size is not None or grayscale:
        c, h, w = source.input_shape
        raise DatasetError(Message("dataset.folder_only_options", name=source.name, c=c, h=h, w=w))


def _subset(ds, n_train: int | None, n_val: int | None):
    if n_train is None and n_val is None:
        return ds
    from .dataset import InMemoryDataset
    nt = ds.train_x.shape[0] if n_train is None else n_train
    nv = ds.val_x.shape[0] if n_val is None else n_val
    if nt >= ds.train_x.shape[0] and nv >= ds.val_x.shape[0]:
        return ds
    return InMemoryDataset(ds.name, ds.class_names, ds.train_x[:nt], ds.train_y[:nt],
                           ds.val_x[:nv], ds.val_y[:nv], skipped=ds.skipped, notes=ds.notes,
                           skipped_files=ds.skipped_files)


def load_dataset(name_or_path, data_root=None, val_fraction: float = 0.1, seed: int = 0,
                 progress: ProgressFn | None = None, download: bool = True, *,
                 n_train: int | None = None, n_val: int | None = None,
                 image_size=None, grayscale: bool = False, decode_processes: int = 0):
    """Load a dataset by registry name or image-folder path, whole, into memory.

    - registered sources (``dataset_names()``): ``shapes`` is generated from ``seed``
      (``n_train``/``n_val`` set its sizes, default 10000 + 2000); the torchvision sets
      are read from ``data_root`` (default ``default_data_root()``), downloaded there
      first when missing and ``download`` is true, their official test split being the
      validation set; ``n_train``/``n_val`` keep only the first images.
    - a folder of images: split by ``val_fraction`` with ``seed`` unless it has
      train/ and val/ (or test/) folders; ``image_size`` is None (automatic), an int
      (square), (h, w) or ``"native"`` (see ``core/data/image_folder.py``), and
      ``grayscale`` makes one channel; ``n_train``/``n_val`` keep only the first
      images of each split; ``decode_processes`` > 1 decodes in forked processes, for
      callers with no other busy thread (the CLI), see ``core/data/process_decode.py``.
    Raises DatasetError (one sentence) for anything that cannot be loaded.
    """
    for label, value in (("training", n_train), ("validation", n_val)):
        if value is not None and (not isinstance(value, int) or value < 0):
            raise DatasetError(f"the number of {label} images must be a whole number of "
                               f"at least 0, not {value!r}")
    name = str(name_or_path)
    source = _source(name)
    if source is not None:
        _check_folder_only_options(source, image_size, grayscale)
        root = Path(data_root).expanduser() if data_root else default_data_root()
        options = LoadOptions(root, download, seed, progress, n_train, n_val)
        return _subset(source.load(options), n_train, n_val)
    path = Path(name).expanduser()
    try:
        is_dir = path.is_dir()
    except OSError as exc:        # e.g. a folder on the way that may not be entered
        raise DatasetError(Message("dataset.cannot_read_folder", path=path, reason=str(exc.strerror or exc))) from None
    if not is_dir:
        if _looks_like_path(name) or path.exists():
            raise DatasetError(Message("dataset.not_a_folder_or_name", path=path, names=', '.join(dataset_names())))
        raise _unknown(name)
    from .image_folder import load_image_folder
    ds = load_image_folder(path, val_fraction, seed, progress, image_size, decode_processes, grayscale=grayscale)
    return _subset(ds, n_train, n_val)

"""The torchvision datasets, read straight from their on-disk files into tensors.

The files sit where torchvision puts them under ``root``:

- MNIST / FashionMNIST / KMNIST: ``<root>/<MNIST|FashionMNIST|KMNIST>/raw/`` holding the
  four IDX files, gzipped or not (``train-images-idx3-ubyte[.gz]``, ...);
- CIFAR-10: ``<root>/cifar-10-batches-py/`` (or ``<root>/cifar-10-python.tar.gz``);
- CIFAR-100: ``<root>/cifar-100-python/`` (or ``<root>/cifar-100-python.tar.gz``);
- SVHN: ``<root>/train_32x32.mat`` and ``<root>/test_32x32.mat`` (reading needs SciPy).

Each file is read whole with numpy (no per-image PIL work). The official test split
is the validation set. URLs and checksums come from torchvision's dataset classes;
the download itself is ours (short timeouts, progress, no printing). Which sets exist,
with their names and shapes, is declared in ``catalog/torchvision_sets.py``.
"""
from __future__ import annotations

import gzip
import io
import pickle
import tarfile
import zlib
from pathlib import Path

import numpy as np
import torch

from .dataset import DatasetError, InMemoryDataset, ProgressFn
from ..util.download import DownloadFailed, download
from ..messages import Message, reason_of

DIGITS = tuple(str(d) for d in range(10))
IDX_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


def _tv_class(class_name: str):
    """The torchvision dataset class called ``class_name``: its URLs, checksums and file names."""
    import torchvision.datasets as tvd
    return getattr(tvd, class_name)


def _corrupt(path: Path, reason: str) -> DatasetError:
    return DatasetError(Message("dataset.damaged", path=path, reason=reason))


def _missing(title: str, where: Path, what: str, failure: str | None) -> DatasetError:
    if failure is None:
        return DatasetError(Message("dataset.missing_no_download", title=title, where=where, what=what))
    return DatasetError(Message("dataset.missing_download_failed", title=title, where=where, what=what,
                                failure=failure))


def _dataset(name: str, classes, train, val) -> InMemoryDataset:
    tx, ty = train
    vx, vy = val
    return InMemoryDataset(name, tuple(classes), torch.from_numpy(tx), torch.from_numpy(ty),
                           torch.from_numpy(vx), torch.from_numpy(vy))


def _check_labels(path: Path, labels: np.ndarray, n_images: int, n_classes: int) -> np.ndarray:
    labels = np.asarray(labels).reshape(-1).astype(np.int64)
    if labels.shape[0] != n_images:
        raise _corrupt(path, f"{labels.shape[0]} labels for {n_images} images")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise _corrupt(path, f"labels outside 0..{n_classes - 1}")
    return labels


# ---- MNIST family: IDX files -------------------------------------------------------------

def read_idx(path: Path, ndim: int) -> np.ndarray:
    """Read an IDX file of unsigned bytes (gzipped when the name ends in .gz) with ``ndim`` dims."""
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as e:
        raise _corrupt(path, f"cannot read it: {e}") from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise _corrupt(path, "no IDX header")
    if raw[2] != 0x08:
        raise _corrupt(path, f"element type {raw[2]:#04x} instead of unsigned byte")
    if raw[3] != ndim:
        raise _corrupt(path, f"{raw[3]} dimensions instead of {ndim}")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise _corrupt(path, "truncated header")
    dims = tuple(int(d) for d in np.frombuffer(raw, ">u4", ndim, 4))
    if len(raw) - header != int(np.prod(dims)):
        raise _corrupt(path, f"{len(raw) - header} data bytes for dimensions {dims}")
    return np.frombuffer(raw, np.uint8, offset=header).reshape(dims)


def _find_idx(raw_dir: Path, gz_name: str) -> Path | None:
    plain = raw_dir / gz_name[:-3]
    gz = raw_dir / gz_name
    return plain if plain.is_file() else gz if gz.is_file() else None


def load_mnist_family(name: str, title: str, tv_class: str, root: Path, download_ok: bool = True,
                      progress: ProgressFn | None = None, classes: tuple | None = None) -> InMemoryDataset:
    """An MNIST-like set (torchvision class ``tv_class``) from ``<root>/<tv_class>/raw``, downloaded if allowed.

    ``classes``: the class names, when not the torchvision class's ``classes``.
    """
    cls = _tv_class(tv_class)
    raw_dir = root / cls.__name__ / "raw"
    md5s = dict(cls.resources)
    files = list(IDX_FILES)
    missing = [(gz, md5s.get(gz)) for gz in files if _find_idx(raw_dir, gz) is None]
    if missing:
        if not download_ok:
            raise _missing(title, raw_dir, ", ".join(files), None)
        for gz, md5 in missing:
            error = "no mirror"
            for mirror in cls.mirrors:
                try:
                    download(mirror + gz, raw_dir / gz, md5, progress, f"{title} {gz}")
                    break
                except DownloadFailed as e:
                    error = reason_of(e)
            else:
                raise _missing(title, raw_dir, ", ".join(files), error)
    if progress is not None:
        progress(0, 0, f"Reading {title}")
    paths = [_find_idx(raw_dir, gz) for gz in files]
    arrays = [read_idx(p, 3 if "images" in p.name else 1) for p in paths]
    splits = []
    for (images, labels), (ip, lp) in zip((arrays[:2], arrays[2:]), (paths[:2], paths[2:])):
        labels = _check_labels(lp, labels, images.shape[0], 10)
        splits.append((images[:, None].copy(), labels))
    return _dataset(name, tuple(classes or cls.classes), *splits)


# ---- CIFAR: pickled batches --------------------------------------------------------------

def _np_reconstruct():
    try:
        from numpy._core.multiarray import _reconstruct
    except ImportError:                    # numpy 1.x
        from numpy.core.multiarray import _reconstruct
    return _reconstruct


class _ArrayUnpickler(pickle.Unpickler):
    """Unpickles plain containers and numpy arrays only: nothing in the file can run code."""

    def find_class(self, module, name):
        if module in ("numpy.core.multiarray", "numpy._core.multiarray") and name == "_reconstruct":
            return _np_reconstruct()
        if module == "numpy" and name in ("ndarray", "dtype"):
            return getattr(np, name)
        if module == "_codecs" and name == "encode":     # protocol-2 pickles store bytes so
            import _codecs
            return _codecs.encode
        raise pickle.UnpicklingError(f"refused to load {module}.{name}")


def _read_pickle(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            data = _ArrayUnpickler(io.BytesIO(f.read()), encoding="latin1").load()
    except Exception as e:  # any malformed pickle: report the file, never a traceback
        raise _corrupt(path, f"cannot unpickle it: {e}") from None
    if not isinstance(data, dict):
        raise _corrupt(path, "not a CIFAR batch")
    return {k.decode("latin1") if isinstance(k, bytes) else k: v for k, v in data.items()}


def _cifar_batch(path: Path, label_key: str, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    batch = _read_pickle(path)
    data, labels = batch.get("data"), batch.get(label_key)
    if not isinstance(data, np.ndarray) or labels is None:
        raise _corrupt(path, f"no 'data' array or '{label_key}'")
    if data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != 3 * 32 * 32:
        raise _corrupt(path, f"data of shape {data.shape} and type {data.dtype}")
    labels = _check_labels(path, labels, data.shape[0], n_classes)
    return data.reshape(-1, 3, 32, 32), labels


def _extract(tarball: Path, root: Path, progress: ProgressFn | None) -> None:
    if progress is not None:
        progress(0, 0, f"Unpacking {tarball.name}")
    try:
        with tarfile.open(tarball, "r:gz") as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(root, filter="data")
            else:                                             # Python < 3.11.4
                tar.extractall(root)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as e:
        raise _corrupt(tarball, f"cannot unpack it: {e}") from None


def load_cifar(name: str, title: str, tv_class: str, label_key: str, root: Path, download_ok: bool = True,
               progress: ProgressFn | None = None) -> InMemoryDataset:
    """A CIFAR-like set (torchvision class ``tv_class``) from its extracted python batches.

    Unpacked, or downloaded, first when needed; ``label_key`` names the batches' labels.
    """
    cls = _tv_class(tv_class)
    folder = root / cls.base_folder
    names = [n for n, _ in cls.train_list] + [n for n, _ in cls.test_list] + [cls.meta["filename"]]
    what = f"{cls.filename} or the extracted {cls.base_folder} folder"
    if not all((folder / n).is_file() for n in names):
        tarball = root / cls.filename
        if not tarball.is_file():
            if not download_ok:
                raise _missing(title, root, what, None)
            try:
                download(cls.url, tarball, cls.tgz_md5, progress, title)
            except DownloadFailed as e:
                raise _missing(title, root, what, reason_of(e)) from None
        _extract(tarball, root, progress)
        absent = [n for n in names if not (folder / n).is_file()]
        if absent:
            raise _corrupt(tarball, f"it lacks {cls.base_folder}/{absent[0]}")
    if progress is not None:
        progress(0, 0, f"Reading {title}")
    meta_path = folder / cls.meta["filename"]
    classes = _read_pickle(meta_path).get(cls.meta["key"])
    if not isinstance(classes, list) or not classes:
        raise _corrupt(meta_path, f"no '{cls.meta['key']}' list")
    classes = [c.decode() if isinstance(c, bytes) else str(c) for c in classes]
    splits = []
    for group in (cls.train_list, cls.test_list):
        parts = [_cifar_batch(folder / n, label_key, len(classes)) for n, _ in group]
        splits.append((np.concatenate([p[0] for p in parts]),
                       np.concatenate([p[1] for p in parts])))
    return _dataset(name, classes, *splits)


# ---- SVHN: MATLAB files ------------------------------------------------------------------

def _read_svhn_mat(path: Path, loadmat) -> tuple[np.ndarray, np.ndarray]:
    try:
        mat = loadmat(str(path), variable_names=["X", "y"])
    except Exception as e:  # scipy raises many types for malformed files
        raise _corrupt(path, f"cannot read it as a MATLAB file: {e}") from None
    x, y = mat.get("X"), mat.get("y")
    if not isinstance(x, np.ndarray) or x.ndim != 4 or x.shape[:3] != (32, 32, 3) or y is None:
        raise _corrupt(path, "no X array of 32x32x3xN images or no y labels")
    labels = np.asarray(y).reshape(-1).astype(np.int64) % 10      # SVHN stores digit 0 as 10
    labels = _check_labels(path, labels, x.shape[3], 10)
    images = np.ascontiguousarray(np.transpose(x, (3, 2, 0, 1)))   # (H, W, C, N) -> (N, C, H, W)
    return images.astype(np.uint8, copy=False), labels


def load_svhn(root: Path, download_ok: bool = True,
              progress: ProgressFn | None = None) -> InMemoryDataset:
    """SVHN (cropped digits) from ``<root>/train_32x32.mat`` and ``test_32x32.mat``."""
    try:
        from scipy.io import loadmat
    except ImportError:
        raise DatasetError(Message("dataset.svhn_needs_scipy")) from None
    cls = _tv_class("SVHN")
    parts = [cls.split_list["train"], cls.split_list["test"]]
    files = " and ".join(p[1] for p in parts)
    for url, filename, md5 in parts:
        if not (root / filename).is_file():
            if not download_ok:
                raise _missing("SVHN", root, files, None)
            try:
                download(url, root / filename, md5, progress, f"SVHN {filename}")
            except DownloadFailed as e:
                raise _missing("SVHN", root, files, reason_of(e)) from None
    if progress is not None:
        progress(0, 0, "Reading SVHN")
    train, val = (_read_svhn_mat(root / p[1], loadmat) for p in parts)
    return _dataset("svhn", DIGITS, train, val)

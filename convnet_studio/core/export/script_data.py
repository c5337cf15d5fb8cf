"""The data part of an exported script: ``load_data`` returning the run's images as uint8 tensors.

- ``shapes``: the studio's generator itself, copied into the script (numpy only), so the
  script draws exactly the studio's images from the same seed without the studio installed.
- the torchvision sets: ``torchvision.datasets`` (downloading to the data folder when
  missing), converted to the same tensors the studio reads from those files.
- an image folder: the studio's own folder loader (its decoding, resizing and split are
  too much to copy), so such a script needs ``convnet_studio`` installed.
"""
from __future__ import annotations

import inspect

from ..data.catalog import source_named

#: ``load_data``'s contract, shared by every loader below.
_DOC = ('    """(train_x, train_y, val_x, val_y): uint8 (N, C, H, W) images and int64 labels; the sizes keep\n'
        '    only the first images (None: all)."""')

_TORCHVISION = {
    # name: (torchvision class, how a split is chosen, images expression, labels expression)
    "mnist": ("MNIST", "train={train}", "ds.data.unsqueeze(1)", "ds.targets"),
    "fashion-mnist": ("FashionMNIST", "train={train}", "ds.data.unsqueeze(1)", "ds.targets"),
    "kmnist": ("KMNIST", "train={train}", "ds.data.unsqueeze(1)", "ds.targets"),
    "cifar10": ("CIFAR10", "train={train}", "torch.from_numpy(ds.data).permute(0, 3, 1, 2)",
                "torch.tensor(ds.targets)"),
    "cifar100": ("CIFAR100", "train={train}", "torch.from_numpy(ds.data).permute(0, 3, 1, 2)",
                 "torch.tensor(ds.targets)"),
    "svhn": ("SVHN", "split={split!r}", "torch.from_numpy(ds.data)", "torch.from_numpy(ds.labels)"),
}


def shapes_generator_source() -> str:
    """The drawing code of ``core/data/shapes.py``: its constants and functions up to ``make_shapes``."""
    from ..data import shapes
    text = inspect.getsource(shapes)
    start, end = text.index("\nSIZE = "), text.index("\ndef make_shapes(")
    return text[start:end].strip() + "\n"


def data_section(dataset: str, input_shape: tuple) -> tuple[str, bool]:
    """(source of ``load_data`` and what it needs, whether the script needs convnet_studio)."""
    source = source_named(dataset)
    if source is not None and source.name == "shapes":
        return _shapes(), False
    if source is not None and source.name in _TORCHVISION:
        return _torchvision(source.name), False
    return _folder(dataset, input_shape), True


def _shapes() -> str:
    from ..data.sources import load_dataset
    seed = inspect.signature(load_dataset).parameters["seed"].default
    from ..data.catalog.shapes import TRAIN_SIZE, VAL_SIZE
    return f'''# The studio's generator of the built-in shapes (core/data/shapes.py), copied unchanged.
{shapes_generator_source()}

DATA_SEED = {seed}
DEFAULT_SIZES = ({TRAIN_SIZE}, {VAL_SIZE})


def load_data(data_root, train_size=None, val_size=None):
{_DOC}
    train_size = DEFAULT_SIZES[0] if train_size is None else train_size
    val_size = DEFAULT_SIZES[1] if val_size is None else val_size
    train_x, train_y = render_shapes(train_size, DATA_SEED, stream=0)
    val_x, val_y = render_shapes(val_size, DATA_SEED, stream=1)
    return train_x, train_y, val_x, val_y
'''


def _torchvision(name: str) -> str:
    cls, split, images, labels = _TORCHVISION[name]
    train_split = split.format(train=True, split="train")
    val_split = split.format(train=False, split="test")
    return f'''def load_data(data_root, train_size=None, val_size=None):
{_DOC}
    import torchvision   # downloads the {cls} files into data_root when they are missing

    def tensors(ds, size):
        x = {images}.contiguous().to(torch.uint8)
        y = {labels}.long()
        return x[:size], y[:size]

    train = torchvision.datasets.{cls}(data_root, {train_split}, download=True)
    val = torchvision.datasets.{cls}(data_root, {val_split}, download=True)
    return (*tensors(train, train_size), *tensors(val, val_size))
'''


def _folder(path: str, input_shape: tuple) -> str:
    c, h, w = input_shape
    return f'''def load_data(data_root, train_size=None, val_size=None):
{_DOC}
    # Read by ConvNet Studio's folder loader (pip install convnet-studio): the same decoding,
    # resizing and train/validation split as in the studio.
    from convnet_studio.core.data.sources import load_dataset
    ds = load_dataset({path!r}, image_size=({h}, {w}), grayscale={c == 1}, n_train=train_size, n_val=val_size)
    return ds.train_x, ds.train_y, ds.val_x, ds.val_y
'''

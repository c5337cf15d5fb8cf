"""The torchvision sets, read from their files under the data folder (downloaded when missing).

Each family (IDX files, pickled CIFAR batches, SVHN's MATLAB files) has one reader in
``core/data/torchvision_sets.py``; a further set of a known family is one entry here.
"""
from __future__ import annotations

from ...messages import define
from .base import DatasetSource, LoadOptions

DIGITS = tuple(str(d) for d in range(10))


def _mnist_like(name: str, title: str, tv_class: str, description: str, *, aliases: tuple = (),
                classes: tuple | None = None) -> DatasetSource:
    def load(options: LoadOptions):
        from ..data_root import check_data_root
        from ..torchvision_sets import load_mnist_family
        check_data_root(options.data_root)
        return load_mnist_family(name, title, tv_class, options.data_root, options.download,
                                 options.progress, classes)
    return DatasetSource(name, title, define(f"dataset.{name}", description), (1, 28, 28), 10, load, aliases)


def _cifar_like(name: str, title: str, tv_class: str, label_key: str, num_classes: int, description: str,
                *, aliases: tuple = ()) -> DatasetSource:
    def load(options: LoadOptions):
        from ..data_root import check_data_root
        from ..torchvision_sets import load_cifar
        check_data_root(options.data_root)
        return load_cifar(name, title, tv_class, label_key, options.data_root, options.download, options.progress)
    return DatasetSource(name, title, define(f"dataset.{name}", description), (3, 32, 32), num_classes, load, aliases)


def _load_svhn(options: LoadOptions):
    from ..data_root import check_data_root
    from ..torchvision_sets import load_svhn
    check_data_root(options.data_root)
    return load_svhn(options.data_root, options.download, options.progress)


SOURCES = (
    _mnist_like("mnist", "MNIST", "MNIST",
                "Handwritten digits 0-9, 28x28 grayscale, 60,000 training and 10,000 test images.",
                classes=DIGITS),
    _mnist_like("fashion-mnist", "Fashion-MNIST", "FashionMNIST",
                "Zalando clothing photos in 10 classes (shirt, sneaker, bag, ...), "
                "28x28 grayscale, 60,000 + 10,000 images.", aliases=("fashionmnist", "fmnist")),
    _mnist_like("kmnist", "KMNIST", "KMNIST",
                "Handwritten Japanese (Kuzushiji) characters in 10 classes, 28x28 grayscale, "
                "60,000 + 10,000 images."),
    _cifar_like("cifar10", "CIFAR-10", "CIFAR10", "labels", 10,
                "Small photos of 10 things (plane, car, bird, cat, ...), 32x32 RGB, "
                "50,000 training and 10,000 test images.", aliases=("cifar-10",)),
    _cifar_like("cifar100", "CIFAR-100", "CIFAR100", "fine_labels", 100,
                "Small photos of 100 kinds of things, 32x32 RGB, 50,000 + 10,000 images: "
                "much harder than CIFAR-10.", aliases=("cifar-100",)),
    DatasetSource("svhn", "SVHN",
                  define("dataset.svhn", "House-number digits cropped from Street View photos, 32x32 RGB, "
                                         "73,257 + 26,032 images (needs SciPy)."), (3, 32, 32), 10, _load_svhn),
)

"""The built-in ``shapes`` set, generated offline from the seed."""
from __future__ import annotations

from ...messages import define
from .base import DatasetSource, LoadOptions

TRAIN_SIZE = 10000
VAL_SIZE = 2000


def _load(options: LoadOptions):
    from ..shapes import make_shapes
    return make_shapes(TRAIN_SIZE if options.n_train is None else options.n_train,
                       VAL_SIZE if options.n_val is None else options.n_val, options.seed, options.progress)


SOURCES = (
    DatasetSource(
        "shapes", "Shapes",
        define("dataset.shapes", "Built-in: 10 kinds of drawn shapes (circle, ring, star, arrow, ...) on cluttered "
                                 "colour backgrounds, 32x32 RGB, generated offline in about a second."),
        (3, 32, 32), 10, _load),
)

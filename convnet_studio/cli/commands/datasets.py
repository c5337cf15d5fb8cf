"""``convnet-studio datasets``: the dataset sources."""
from __future__ import annotations

from ..arguments import emit

NAME = "datasets"


def add_parser(sub) -> None:
    """Add the ``datasets`` sub-parser."""
    sub.add_parser(NAME, help="list the datasets").add_argument("--json", action="store_true")


def run(args) -> int:
    """List the datasets with their one-line descriptions."""
    from ...core.data.sources import dataset_names, describe_dataset
    names = dataset_names()
    if args.json:
        emit([{"name": n, "description": describe_dataset(n)} for n in names])
    else:
        width = max(map(len, names))
        for n in names:
            print(f"{n:<{width}}  {describe_dataset(n)}")
        print(f"{'PATH':<{width}}  any folder with one sub-folder of images per class")
    return 0

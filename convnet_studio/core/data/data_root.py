"""Where downloadable datasets live, and the check that the folder can be used."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import DatasetError
from ..messages import Message

DATA_ENV = "CONVNET_STUDIO_DATA"


def default_data_root() -> Path:
    """Where downloaded datasets live: $CONVNET_STUDIO_DATA, else ~/.cache/convnet-studio/data."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "convnet-studio" / "data"


def check_data_root(root: Path) -> None:
    """DatasetError when the data folder, or a folder above it, is a regular file."""
    for folder in (root, *root.parents):
        try:
            if folder.exists():
                if not folder.is_dir():
                    raise DatasetError(Message("dataset.data_root_is_file", root=root, folder=folder, env=DATA_ENV))
                return
        except OSError as exc:
            raise DatasetError(Message("dataset.data_root_unreachable", root=root, reason=str(exc.strerror or exc))) from None

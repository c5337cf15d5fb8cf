"""``train --tensorboard [DIR]``: TensorBoard logs in the run's folder, or in a folder of the user's.

Without ``DIR`` the logs go into the kept run's folder, ``<run>/tensorboard/`` (``tensorboard
--logdir`` on the runs folder then shows every run); with it, into ``DIR``. Either is checked
before data loads or training starts.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

from .errors import UsageError

#: ``--tensorboard`` without a folder: the logs go into the kept run's folder.
IN_RUN_FOLDER = ""


def add_tensorboard_arg(p) -> None:
    """Add ``--tensorboard [DIR]``."""
    p.add_argument("--tensorboard", metavar="DIR", nargs="?", const=IN_RUN_FOLDER,
                   help="also write TensorBoard logs (scalars, weight histograms, filter images): into the run's "
                        "folder (<run>/tensorboard/; `tensorboard --logdir` on the runs folder shows every run), "
                        "or into DIR; needs convnet-studio[tensorboard]")


def tensorboard_hooks(args) -> list:
    """The hooks ``--tensorboard`` asks for before the run has a folder (``--tensorboard DIR``'s);
    UsageError, before anything runs, for a missing tensorboard package, a file in DIR's place, or
    logs in the run's folder with ``--no-keep``."""
    if args.tensorboard is None:
        return []
    from ..core.train.tensorboard_log import TensorBoardHooks, tensorboard_missing
    missing = tensorboard_missing()
    if missing:
        raise UsageError(missing)
    if args.tensorboard == IN_RUN_FOLDER:
        if getattr(args, "no_keep", False):
            raise UsageError("--tensorboard without a folder writes into the run's folder; with --no-keep give it "
                             "one (--tensorboard DIR)")
        return []                             # added once the run has its folder (tensorboard_in_run_folder)
    folder = Path(args.tensorboard)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--tensorboard {folder} is a file; give a folder for the logs")
    return [TensorBoardHooks(folder)]


def tensorboard_in_run_folder(args, folder, hooks: list) -> Optional[Path]:
    """Where this run's TensorBoard logs go (None: nowhere). For ``--tensorboard`` without a folder,
    adds the hook writing into ``folder`` (the kept run's ``RunFolder``) to ``hooks``."""
    if args.tensorboard is None:
        return None
    if args.tensorboard != IN_RUN_FOLDER:
        return Path(args.tensorboard)
    if folder is None:
        print("note: this run writes no TensorBoard logs: it has no run folder to keep them in", file=sys.stderr)
        return None
    from ..core.train.tensorboard_log import TensorBoardHooks
    hooks.append(TensorBoardHooks(folder.tensorboard_dir))
    return folder.tensorboard_dir

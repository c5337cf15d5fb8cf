"""Argument types and the model/data/config arguments that several commands share.

Nothing here imports torch at module level: the parser is built on every start,
also when the window opens, and must stay quick.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading

from .errors import UsageError


class Parser(argparse.ArgumentParser):
    """argparse with its own errors in the same one-line format and status 2."""

    def error(self, message):
        raise UsageError(message)


def positive_float(text: str) -> float:
    """An argparse type: a finite number > 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, not {text}")
    return value


def nonneg_float(text: str) -> float:
    """An argparse type: a finite number >= 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be zero or a positive number, not {text}")
    return value


def positive_int(text: str) -> int:
    """An argparse type: a whole number >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text}")
    return value


def add_model_args(p: argparse.ArgumentParser) -> None:
    """``--preset`` or ``--spec``: the network a command works on."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("--preset", help="a built-in network (see `convnet-studio presets`); default: seed")
    group.add_argument("--spec", metavar="FILE", help="a network spec JSON file (as saved by the studio)")


def spec_from_args(args):
    """The ``ModelSpec`` named by ``--spec`` or ``--preset`` (default: the seed preset)."""
    from ..core.model.presets import DEFAULT_PRESET, get_preset
    from ..core.model.spec import ModelSpec, SpecError
    try:
        if getattr(args, "spec", None):
            return ModelSpec.load(args.spec)
        return get_preset(args.preset or DEFAULT_PRESET)
    except SpecError as exc:
        raise UsageError(str(exc)) from None


def load_data(args, quiet: bool):
    """Load ``--dataset`` (default: the built-in one), with progress on a terminal."""
    from ..core.data.dataset import DatasetError
    from ..core.data.sources import DEFAULT_DATASET, load_dataset

    def progress(done: int, total: int, message: str) -> None:
        if not quiet and sys.stderr.isatty():
            share = f" {100 * done // total}%" if total else ""
            print(f"\r{message}{share}\033[K", end="", file=sys.stderr, flush=True)

    kwargs = {}
    if getattr(args, "val_fraction", None) is not None:
        if not 0 < args.val_fraction < 1:
            raise UsageError(f"--val-fraction must be between 0 and 1, not {args.val_fraction}")
        kwargs["val_fraction"] = args.val_fraction
    if threading.active_count() == 1:   # nothing else runs: image folders may decode in forked processes
        kwargs["decode_processes"] = os.cpu_count() or 1
    try:
        data = load_dataset(args.dataset or DEFAULT_DATASET, data_root=args.data_root, progress=progress, **kwargs)
    except DatasetError as exc:
        raise UsageError(str(exc)) from None
    finally:
        if not quiet and sys.stderr.isatty():
            print("\r\033[K", end="", file=sys.stderr, flush=True)
    if data.skipped and not quiet:
        print(f"note: skipped {data.skipped} unreadable image file(s)", file=sys.stderr)
    return data


def emit(obj) -> None:
    """Print ``obj`` as one JSON line, flushed (scripts read these as they come)."""
    print(json.dumps(obj), flush=True)

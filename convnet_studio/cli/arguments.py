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


#: The largest number a float argument takes: beyond it a value is a typo, and would
#: overflow where it is used (warm-up steps, Qt's millisecond timers).
MAX_FLOAT = 1e6
#: The largest whole number an int argument takes (tensor indices, Qt sizes stay in range).
MAX_INT = 2 ** 31 - 1
#: ``torch.manual_seed`` takes 64 bits; the augmentation generator uses ``seed + 1``.
MAX_SEED = 2 ** 63 - 2
#: How many skipped image files are named on the terminal.
SKIPPED_SHOWN = 5


def _shown(text: str, keep: int = 24) -> str:
    """``text`` quoted, cut short when it is very long (a 5000-digit number stays one line)."""
    return repr(text) if len(text) <= keep else repr(text[:keep]) + f"... ({len(text)} characters)"


def _float(text: str) -> float:
    try:
        value = float(text)
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not a number") from None
    if value > MAX_FLOAT and value != float("inf"):
        raise argparse.ArgumentTypeError(f"{_shown(text)} is far too large (at most {MAX_FLOAT:g})")
    return value


def _int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:        # not a number, or more digits than Python converts
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not a whole number") from None
    return value


def positive_float(text: str) -> float:
    """An argparse type: a finite number > 0 (and at most ``MAX_FLOAT``)."""
    value = _float(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, not {_shown(text)}")
    return value


def nonneg_float(text: str) -> float:
    """An argparse type: a finite number >= 0 (and at most ``MAX_FLOAT``)."""
    value = _float(text)
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be zero or a positive number, not {_shown(text)}")
    return value


def positive_int(text: str) -> int:
    """An argparse type: a whole number from 1 to ``MAX_INT``."""
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {_shown(text)}")
    if value > MAX_INT:
        raise argparse.ArgumentTypeError(f"{_shown(text)} is far too large (at most {MAX_INT})")
    return value


def seed_int(text: str) -> int:
    """An argparse type: a random seed, a whole number from 0 to ``MAX_SEED``."""
    value = _int(text)
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"a seed must be a whole number from 0 to {MAX_SEED}, not {_shown(text)}")
    return value


def thread_count(text: str) -> int:
    """An argparse type: a CPU thread count from 0 (measure the fastest) to 1024."""
    value = _int(text)
    if not 0 <= value <= 1024:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 (automatic) to 1024, not {_shown(text)}")
    return value


def add_model_args(p: argparse.ArgumentParser) -> None:
    """``--preset``, ``--spec`` or ``--model`` (with ``--weights``, ``--pretrained``, ``--trust-code``,
    ``--input-size``):
    the network a command works on."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("--preset", help="a built-in network (see `convnet-studio presets`); default: seed")
    group.add_argument("--spec", metavar="FILE", help="a network spec JSON file (as saved by the studio)")
    group.add_argument("--model", metavar="NAME_OR_PATH",
                       help="your own model: a torchvision architecture (resnet18, mobilenet_v3_small, ...), "
                            "a TorchScript file (.pt) or a Python file defining an nn.Module (.py, needs --trust-code)")
    p.add_argument("--weights", metavar="FILE|pretrained",
                   help="with --model: a weights (state dict) file, or 'pretrained' for torchvision's own; "
                        "default: random init")
    p.add_argument("--pretrained", action="store_true", default=False,
                   help="with --model NAME: torchvision's pretrained weights, downloaded into torch hub's cache "
                        "unless they are there already")
    p.add_argument("--trust-code", action="store_true", default=False,
                   help="with --model FILE.py: run that Python file (it is code: only if you trust it)")
    p.add_argument("--input-size", type=positive_int, metavar="N",
                   help="with --model: the side of the square input images (default: the model's own, or 224)")


def model_source_from_args(args):
    """The ``ModelSource`` of ``--model`` (None without it), its pretrained weights fetched into torch
    hub's cache when asked for; UsageError for a name no kind claims, a failed download, or for
    ``--weights``/``--pretrained``/``--trust-code``/``--input-size`` without ``--model``."""
    from ..core.model.external import ModelSourceError, source_for
    from .pretrained import ensure_pretrained
    pretrained = bool(getattr(args, "pretrained", False))
    if not getattr(args, "model", None):
        extra = [flag for flag, value in (("--weights", getattr(args, "weights", None)),
                                          ("--pretrained", pretrained),
                                          ("--trust-code", getattr(args, "trust_code", False)),
                                          ("--input-size", getattr(args, "input_size", None))) if value]
        if extra:
            raise UsageError(f"{extra[0]} goes with --model")
        return None
    if pretrained and args.weights:
        raise UsageError("give --weights or --pretrained, not both")
    try:
        source = source_for(args.model, weights="pretrained" if pretrained else args.weights,
                            trust_code=args.trust_code, input_size=args.input_size)
    except ModelSourceError as exc:
        raise UsageError(str(exc)) from None
    ensure_pretrained(source, "--pretrained" if pretrained else "--weights pretrained")
    return source


def open_model_from_args(args):
    """The ``OpenedModel`` of ``--model``; UsageError (one sentence) when it cannot be opened."""
    from ..core.model.external import ModelSourceError, open_model
    try:
        return open_model(model_source_from_args(args))
    except ModelSourceError as exc:
        raise UsageError(str(exc)) from None


def spec_from_args(args):
    """The ``ModelSpec`` named by ``--spec`` or ``--preset`` (default: the seed preset)."""
    from ..core.model.presets import DEFAULT_PRESET, get_preset
    from ..core.model.spec import ModelSpec, SpecError
    model_source_from_args(args)          # refuses --weights/--pretrained/... without --model
    try:
        if getattr(args, "spec", None):
            return ModelSpec.load(args.spec)
        return get_preset(args.preset or DEFAULT_PRESET)
    except SpecError as exc:
        raise UsageError(str(exc)) from None


#: TrainConfig fields that ``add_optimizer_args`` offers as flags of the same name.
OPTIMIZER_FLAGS = ("optimizer", "momentum", "nesterov", "weight_decay", "batch_size", "loss", "label_smoothing",
                   "augment", "device", "seed")


def add_optimizer_args(p: argparse.ArgumentParser) -> None:
    """The optimizer, batch, loss, augmentation, device and seed flags, as ``train`` has them."""
    from ..core.train.config import AUGMENTS, DEVICES, LOSSES, OPTIMIZERS
    p.add_argument("--optimizer", choices=OPTIMIZERS)
    p.add_argument("--momentum", type=nonneg_float)
    p.add_argument("--nesterov", action="store_true", default=None)
    p.add_argument("--weight-decay", type=nonneg_float)
    p.add_argument("--batch-size", type=positive_int)
    p.add_argument("--loss", choices=LOSSES)
    p.add_argument("--label-smoothing", type=nonneg_float)
    p.add_argument("--augment", choices=AUGMENTS)
    p.add_argument("--device", choices=DEVICES)
    p.add_argument("--seed", type=seed_int)


def config_from_args(args, base=None, names=OPTIMIZER_FLAGS):
    """``base`` (default: ``TrainConfig()``) with the flags in ``names`` that were given; ``UsageError`` if invalid."""
    from ..core.train.config import ConfigError, TrainConfig
    changes = {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}
    if changes.get("optimizer", "sgd") != "sgd" and "nesterov" not in changes:
        changes["nesterov"] = False
    try:
        return (base if base is not None else TrainConfig()).replace(**changes).validate()
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def image_size(text: str):
    """An argparse type: ``native`` or a whole number of pixels from 1 to ``MAX_INT``."""
    from ..core.data.folder_plan import NATIVE
    if text.strip().lower() == NATIVE:
        return NATIVE
    try:
        return positive_int(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"must be a number of pixels or '{NATIVE}', not {_shown(text)}") from None


def add_dataset_args(p: argparse.ArgumentParser, purpose: str = "") -> None:
    """``--dataset`` (names read from the dataset sources registry), ``--image-size`` and ``--grayscale``."""
    from ..core.data.catalog import source_names
    from ..core.data.folder_plan import AUTO_MAX_SIDE, SIZE_CHOICES
    names = source_names()
    what = f"the dataset {purpose}: " if purpose else ""
    p.add_argument("--dataset", help=f"{what}{names[0]} (default), {', '.join(names[1:])}, "
                   f"or a folder of images with one sub-folder per class")
    p.add_argument("--image-size", type=image_size, metavar="N|native",
                   help=f"image folders: resize every image to N×N pixels (e.g. "
                        f"{', '.join(map(str, SIZE_CHOICES))}), or keep the size they share (native); "
                        f"default: their most common size, at most {AUTO_MAX_SIDE} px a side")
    p.add_argument("--grayscale", action="store_true", default=False,
                   help="image folders: one grey channel instead of colour")


def dataset_options(args) -> dict:
    """The ``--image-size``/``--grayscale`` keyword arguments for ``load_dataset``/``dataset_shape``."""
    options = {}
    if getattr(args, "image_size", None) is not None:
        options["image_size"] = args.image_size
    if getattr(args, "grayscale", False):
        options["grayscale"] = True
    return options


def load_data(args, quiet: bool):
    """Load ``--dataset`` (default: the built-in one), with progress on a terminal."""
    from ..core.data.dataset import DatasetError
    from ..core.data.sources import DEFAULT_DATASET, load_dataset

    def progress(done: int, total: int, message: str) -> None:
        if not quiet and sys.stderr.isatty():
            share = f" {100 * done // total}%" if total else ""
            print(f"\r{message}{share}\033[K", end="", file=sys.stderr, flush=True)

    kwargs = dataset_options(args)
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
        for path, reason in data.skipped_files[:SKIPPED_SHOWN]:
            print(f"note: skipped {path}: {reason}", file=sys.stderr)
        if data.skipped > SKIPPED_SHOWN:
            print(f"note: ... and {data.skipped - SKIPPED_SHOWN} more", file=sys.stderr)
    for note in getattr(data, "notes", ()) if not quiet else ():
        print(f"note: {note}", file=sys.stderr)
    return data


def emit(obj) -> None:
    """Print ``obj`` as one JSON line, flushed (scripts read these as they come)."""
    print(json.dumps(obj), flush=True)

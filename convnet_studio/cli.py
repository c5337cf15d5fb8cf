"""Command line: no command opens the studio; ``train``, ``summary``, ``presets``, ``datasets``.

The CLI calls the same core functions as the GUI, so anything the window can
train, the CLI trains with the same numbers. Bad input exits 2 with one line on
stderr starting ``error:``; never a traceback.
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
from typing import Optional, Sequence

from .core.train.config import AUGMENTS, DEVICES, LOSSES, OPTIMIZERS, SCHEDULES

EXIT_BAD_INPUT = 2
EXIT_RUN_FAILED = 1
VIEWS = ("plots", "filters", "features", "dataset", "model", "evaluation", "attribution", "units", "health")


class UsageError(Exception):
    """Bad input from the user: printed as one ``error:`` line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: same one-line format, status 2
        raise UsageError(message)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, not {text}")
    return value


def _nonneg_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be zero or a positive number, not {text}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text}")
    return value


def _add_model_args(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--preset", help="a built-in network (see `convnet-studio presets`); default: seed")
    group.add_argument("--spec", metavar="FILE", help="a network spec JSON file (as saved by the studio)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command (exposed for tests and docs)."""
    p = _Parser(prog="convnet-studio", description="A desktop playground for convolutional networks. "
                "Without a command, opens the studio window.")
    p.add_argument("--screenshot", metavar="PATH", help="open the window, train briefly, save a PNG of it, exit")
    p.add_argument("--train-seconds", type=_nonneg_float, default=8.0, help="with --screenshot: seconds to train")
    p.add_argument("--view", choices=VIEWS, default="features", help="with --screenshot: the view to show")
    p.add_argument("--size", default="1280x800", help="with --screenshot: window size WxH")
    p.add_argument("--preset", dest="gui_preset", default=None, help=argparse.SUPPRESS)
    p.add_argument("--dataset", dest="gui_dataset", default=None, help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    t = sub.add_parser("train", help="train a network headless and print progress")
    _add_model_args(t)
    t.add_argument("--dataset", help="shapes (default), mnist, fashion-mnist, kmnist, cifar10, cifar100, svhn, "
                   "or a folder of images with one sub-folder per class")
    t.add_argument("--data-root", metavar="DIR", help="where torchvision datasets live / are downloaded")
    t.add_argument("--val-fraction", type=float, default=None, help="image folders without test/: held-out share")
    t.add_argument("--epochs", type=_positive_int)
    t.add_argument("--batch-size", type=_positive_int)
    t.add_argument("--lr", type=_positive_float, help="learning rate, e.g. 1e-3 for adam, 0.05 for sgd")
    t.add_argument("--optimizer", choices=OPTIMIZERS)
    t.add_argument("--momentum", type=_nonneg_float)
    t.add_argument("--nesterov", action="store_true", default=None)
    t.add_argument("--weight-decay", type=_nonneg_float)
    t.add_argument("--schedule", choices=SCHEDULES)
    t.add_argument("--warmup-epochs", type=_nonneg_float)
    t.add_argument("--loss", choices=LOSSES)
    t.add_argument("--label-smoothing", type=_nonneg_float)
    t.add_argument("--augment", choices=AUGMENTS)
    t.add_argument("--device", choices=DEVICES)
    t.add_argument("--seed", type=int)
    t.add_argument("--save", metavar="FILE", help="save the run (weights, optimizer, history) to FILE")
    t.add_argument("--resume", metavar="FILE", help="continue a saved run; --epochs is the new total")
    t.add_argument("--json", action="store_true", help="one JSON object per line instead of text")

    s = sub.add_parser("summary", help="print the layer table of a network")
    _add_model_args(s)
    s.add_argument("--dataset", default=None, help="dataset whose input shape and classes to use (default shapes)")
    s.add_argument("--data-root", metavar="DIR")
    s.add_argument("--json", action="store_true")

    pr = sub.add_parser("presets", help="list the built-in networks")
    pr.add_argument("--json", action="store_true")
    ds = sub.add_parser("datasets", help="list the datasets")
    ds.add_argument("--json", action="store_true")
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of ``convnet-studio`` and ``python -m convnet_studio``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            return _run_gui(args)
        from . import cli_commands
        return cli_commands.COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT


def _run_gui(args) -> int:
    if args.screenshot:
        try:
            width, height = (int(v) for v in args.size.lower().split("x"))
        except ValueError:
            raise UsageError(f"--size must look like 1280x800, not {args.size!r}") from None
        from .core.data.dataset import DatasetError
        from .core.model.spec import SpecError
        from .gui.diagnostics.screenshot_demo import DemoError, run_screenshot
        try:
            result = run_screenshot(args.screenshot, train_seconds=args.train_seconds,
                                    preset=args.gui_preset or "seed", dataset=args.gui_dataset or "shapes",
                                    view=args.view, size=(width, height))
        except (DemoError, SpecError, DatasetError) as exc:
            raise UsageError(str(exc)) from None
        print(json.dumps(result))
        return 0
    from .gui.app import main as gui_main
    return gui_main([])

"""Command line: no command opens the studio; each command lives in ``cli/commands``.

The CLI calls the same core functions as the GUI, so anything the window can
train, the CLI trains with the same numbers. Bad input exits 2 with one line on
stderr starting ``error:``; never a traceback.
"""
from __future__ import annotations

import importlib
import signal
import sys
from typing import Optional, Sequence

from .errors import EXIT_BAD_INPUT, UsageError
from .parser import build_parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of ``convnet-studio`` and ``python -m convnet_studio``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            from .window import run_window
            return run_window(args)
        return importlib.import_module(f"{__name__}.commands.{args.command}").run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT

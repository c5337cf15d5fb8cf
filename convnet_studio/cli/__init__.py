"""Command line: no command opens the studio; each command lives in ``cli/commands``.

The CLI calls the same core functions as the GUI, so anything the window can
train, the CLI trains with the same numbers. Bad input exits 2 with one line on
stderr starting ``error:``; never a traceback. Ctrl-C and SIGTERM end a command
with status 130 and 143 (``train`` first stops and saves its run).
"""
from __future__ import annotations

import importlib
import os
import signal
import sys
from typing import Optional, Sequence

from .errors import EXIT_BAD_INPUT, UsageError
from .interrupts import exit_status, raising_interrupts
from .parser import build_parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of ``convnet-studio`` and ``python -m convnet_studio``.

    A process that trained as one rank of a process group ends here without Python's
    finalization (everything it writes is written and flushed by then): a gloo worker
    thread that still holds a tensor releases its Python object while the interpreter is
    being torn down, and that aborts the process (``terminate called without an active
    exception``, SIGABRT) after a run that succeeded, now and then.
    """
    status = _main(argv)
    group = sys.modules.get("convnet_studio.core.train.distributed")     # imported by train alone
    if group is not None and group.joined_a_process_group():
        exit_without_finalizing(status)
    return status


def exit_without_finalizing(status: int) -> None:
    """Flush stdout and stderr and end the process with ``status`` at once."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


def _main(argv: Optional[Sequence[str]]) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        with raising_interrupts():
            args = build_parser().parse_args(argv)
            args.argv = tuple(argv)        # e.g. for train --nproc, which runs the command again
            if args.command is None:
                from .window import run_window
                return run_window(args)
            module = args.command.replace("-", "_")        # `lr-find` lives in lr_find.py
            return importlib.import_module(f"{__name__}.commands.{module}").run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as exc:
        print("error: interrupted", file=sys.stderr)
        return exit_status(getattr(exc, "signum", signal.SIGINT))
    except BrokenPipeError:              # the reader left (e.g. `| head`): nothing more to say
        _silence_stdout()
        return 1


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

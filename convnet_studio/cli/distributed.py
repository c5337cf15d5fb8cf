"""``train`` in several processes: one rank under ``torchrun``, or ``--nproc N`` on this machine.

Under torchrun every process runs the whole ``train`` command; ``in_process_group`` joins
the group once the device is known, keeps the other ranks quiet (rank 0 prints and writes
files; another rank prints only its own ``error:`` line when its run fails) and leaves the
group at the end. ``--nproc N`` runs torchrun's own launcher (``torch.distributed.run``,
``--standalone``) in this process with the same command line minus ``--nproc``.
"""
from __future__ import annotations

import logging
import os
import sys

from .arguments import positive_float, positive_int
from .errors import EXIT_BAD_INPUT, EXIT_RUN_FAILED, UsageError

#: Seconds a process waits for the others (data loading, each collective) before failing.
DEFAULT_TIMEOUT_S = 300.0


def add_distributed_args(p) -> None:
    """``--nproc`` and ``--dist-timeout``."""
    p.add_argument("--nproc", type=positive_int, metavar="N",
                   help="train data-parallel in N processes on this machine (one GPU each on CUDA, gloo on the "
                        "CPU) through torchrun's launcher; for several machines run torchrun yourself")
    p.add_argument("--dist-timeout", type=positive_float, default=DEFAULT_TIMEOUT_S, metavar="SECONDS",
                   help=f"data-parallel runs: how long a process waits for the others before the run fails "
                        f"(default {DEFAULT_TIMEOUT_S:g})")


class Ranks:
    """This process's part in a ``train`` command: alone, or one rank of a torchrun group."""

    def __init__(self, timeout_s: float = DEFAULT_TIMEOUT_S):
        from ..core.train.distributed import SINGLE, placement_from_environment
        try:
            self.placement = placement_from_environment()
        except Exception as exc:           # a ConfigError: torchrun's variables are malformed
            raise UsageError(str(exc)) from None
        self.timeout_s = timeout_s
        self.world = SINGLE

    @property
    def is_main(self) -> bool:
        """True for the process that prints progress and writes files."""
        return self.placement is None or self.placement.rank == 0

    def start(self, config):
        """Join the process group for ``config``'s device (a no-op alone); returns the trainer's ``distributed``."""
        if self.placement is None:
            return self.world
        from ..core.train.config import ConfigError
        from ..core.train.device import resolve_device
        from ..core.train.distributed import check_batch, start
        try:
            check_batch(config.batch_size, self.placement.world_size)
            self.world = start(resolve_device(config.device), self.timeout_s, self.placement)
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
        return self.world

    @property
    def world_size(self) -> int:
        return 1 if self.placement is None else self.placement.world_size

    def note_world_size(self, folder) -> None:
        """Say in the kept run's run.json how many processes train it (a failed write only loses that)."""
        from ..core.runs.folder import RunFolderError
        try:
            folder.update_meta(world_size=self.world_size)
        except RunFolderError:
            pass

    def close(self, failed: bool) -> None:
        self.world.close(failed)


def in_process_group(args, body) -> int:
    """``body(args, ranks)`` as one rank of a torchrun group (or alone); its exit status.

    Only rank 0 reports bad input: every rank parses the same command line and fails alike.
    """
    from ..core.train.distributed import ProcessGroupError
    ranks = Ranks(getattr(args, "dist_timeout", DEFAULT_TIMEOUT_S))
    status = EXIT_RUN_FAILED
    try:
        status = body(args, ranks)
        return status
    except ProcessGroupError as exc:   # the others never came, or the rendezvous failed
        print(f"error: {exc}", file=sys.stderr)
        return status
    except UsageError:
        status = EXIT_BAD_INPUT
        if ranks.is_main:
            raise
        return status
    finally:
        ranks.close(failed=status != 0)


class SilentPrinter:
    """What ranks other than 0 print: nothing (rank 0 reports the run)."""

    def __call__(self, event) -> None:
        pass

    def finish(self, reason: str, seconds: float) -> None:
        pass


def _without_nproc(argv) -> list:
    out, skip = [], False
    for item in argv:
        if skip:
            skip = False
        elif item == "--nproc":
            skip = True
        elif not item.startswith("--nproc="):
            out.append(item)
    return out


def _quiet_launcher_logs() -> None:
    """torchrun's agent logs every worker failure at length; the command prints one line instead."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("torch.distributed"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def launch_local(args) -> int:
    """Run ``train`` in ``args.nproc`` processes through ``torch.distributed.run --standalone``."""
    from ..core.train.distributed import placement_from_environment
    if placement_from_environment() is not None:
        raise UsageError("--nproc starts the processes itself; leave it out under torchrun")
    argv = _without_nproc(getattr(args, "argv", None) or sys.argv[1:])
    nproc = args.nproc
    if (os.cpu_count() or 1) < nproc and args.device in (None, "cpu", "auto"):
        print(f"note: {nproc} processes share {os.cpu_count()} CPU core(s); expect no speed-up",
              file=sys.stderr)
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // nproc)))
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
    from torch.distributed.elastic.multiprocessing.api import SignalException
    from torch.distributed.run import parse_args, run
    _quiet_launcher_logs()
    launcher = parse_args(["--standalone", "--nproc-per-node", str(nproc), "-m", "convnet_studio", *argv])
    try:
        run(launcher)
    except ChildFailedError as exc:
        return _report_failure(exc)
    except SignalException as exc:
        from .interrupts import Interrupted
        raise Interrupted(int(exc.sigval)) from None
    return 0


def _report_failure(exc) -> int:
    """Exit status of the first failed process; one ``error:`` line unless its own line said it all."""
    rank, failure = exc.get_first_failure()
    code = failure.exitcode
    if code in (EXIT_BAD_INPUT, EXIT_RUN_FAILED) or code > 128:
        return code if code > 0 else EXIT_RUN_FAILED      # the process printed its own error line
    how = f"was killed by {failure.signal_name()}" if code < 0 else f"exited with status {code}"
    print(f"error: training process {rank} {how}, so the run stopped on every process", file=sys.stderr)
    return EXIT_RUN_FAILED

"""Data-parallel training across processes: ``torch.distributed`` + ``DistributedDataParallel``.

``torchrun`` starts the same command N times and tells each process its place through
the environment (``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK``, ``MASTER_ADDR``/``MASTER_PORT``).
``start()`` joins that process group (``nccl`` on CUDA, one GPU per ``LOCAL_RANK``;
``gloo`` on the CPU) and returns a ``DataParallel``, which the ``Trainer`` consults at a
few points; without torchrun it uses ``SINGLE``, whose points change nothing.

What makes N processes train like one:
- every process draws the same global shuffled order and the same augmentation of the
  whole global batch, then keeps its own slice (``shard``), so the generators stay equal
  on every rank and a checkpoint of rank 0 is the checkpoint of the run;
- DDP averages the gradients; a final batch that does not split evenly is weighted
  (``backward``) so the average is the gradient of the global batch's mean loss;
- per-step losses and correct counts are summed across ranks when they are read back,
  which all ranks do at the same steps (rank 0's clock picks the next read-back step
  and sends it along), so every rank sees the same numbers, notices a divergence at the
  same step, and agrees to stop at the same step when any of them was asked to.
Batch-norm statistics stay per process (each normalises its own slice), as in plain DDP.
"""
from __future__ import annotations

import contextlib
import datetime
import math
import os
import time
from dataclasses import dataclass
from typing import Iterator, Optional

import numpy as np
import torch

from .config import ConfigError
from .hooks import TrainerHooks

#: How long a process waits for the others in one collective before the run fails.
DEFAULT_TIMEOUT_S = 300.0
#: Read-backs are at least this many steps apart at most (a very fast net on many GPUs).
MAX_READ_BACK_GAP = 1000


class ProcessGroupError(RuntimeError):
    """This process could not join the others (one sentence)."""


@dataclass(frozen=True)
class Placement:
    """Where torchrun put this process: ``rank`` of ``world_size``, ``local_rank`` on its node."""
    rank: int
    world_size: int
    local_rank: int


def placement_from_environment(environ=os.environ) -> Optional[Placement]:
    """This process's ``Placement`` under torchrun (``WORLD_SIZE`` > 1), else None."""
    try:
        world = int(environ.get("WORLD_SIZE", "1"))
        rank = int(environ.get("RANK", "0"))
        local = int(environ.get("LOCAL_RANK", str(rank)))
    except ValueError:
        raise ConfigError("RANK, WORLD_SIZE and LOCAL_RANK must be whole numbers (they are set by torchrun)") from None
    if world <= 1:
        return None
    if not 0 <= rank < world:
        raise ConfigError(f"RANK {rank} is outside the {world} processes that WORLD_SIZE announces")
    return Placement(rank, world, local)


def check_batch(batch_size: int, world_size: int) -> None:
    """``ConfigError`` unless the global batch splits evenly across ``world_size`` processes."""
    if batch_size % world_size:
        raise ConfigError(f"the batch size {batch_size} does not split evenly across {world_size} processes; "
                          f"choose a multiple of {world_size}")


def split(total: int, parts: int, index: int) -> tuple[int, int]:
    """``[lo, hi)`` of part ``index`` when ``total`` items are cut into ``parts`` nearly equal
    runs (the first ``total % parts`` runs one longer), as ``torch.tensor_split`` does."""
    base, extra = divmod(total, parts)
    lo = index * base + min(index, extra)
    return lo, lo + base + (1 if index < extra else 0)


class SingleProcess(TrainerHooks):
    """The one-process case: every point the ``Trainer`` calls leaves things as they are."""

    rank, world_size, local_rank = 0, 1, 0

    @property
    def is_main(self) -> bool:
        """True for the process that prints and writes files (rank 0)."""
        return self.rank == 0

    def place(self, device: torch.device) -> torch.device:
        """The device this process trains on, given the configured one."""
        return device

    def configure(self, config, commands) -> None:
        """Check ``config`` for this many processes (``ConfigError``) and keep what the loop needs."""

    def steps_per_epoch(self, n: int, batch_size: int) -> int:
        """Optimizer steps per epoch; a final batch too small to give every process two images
        (batch norm needs two) is dropped."""
        short = n > batch_size and 0 < n % batch_size < 2 * self.world_size
        return max(1, math.ceil(n / batch_size) - (1 if short else 0))

    def wrap(self, model: torch.nn.Module) -> torch.nn.Module:
        """The module whose forward pass trains (DDP's wrapper around ``model``)."""
        return model

    def shard(self, batch: torch.Tensor) -> torch.Tensor:
        """This process's slice of a global batch (the whole batch alone)."""
        return batch

    def backward(self, loss: torch.Tensor) -> None:
        """Back-propagate this process's mean ``loss`` so that the averaged gradient is the global one."""
        loss.backward()

    def read_back_due(self, step: int, time_due: bool) -> bool:
        """Whether to read metrics back after ``step``; alone, when the clock says so."""
        return time_due

    def obey_commands(self) -> bool:
        """Whether the loop may act on its pending commands now."""
        return True

    def reduce_steps(self, values: torch.Tensor, sizes: np.ndarray, step: int) -> torch.Tensor:
        """Per-step ``[losses, corrects]`` (2, k) of this process -> those of the global batches."""
        return values

    def shard_validation(self, data) -> None:
        """Keep only this process's share of the validation set in ``data`` (a ``DeviceData``)."""

    def combine_validation(self, result: tuple[float, float]) -> tuple[float, float]:
        """``(loss, accuracy)`` on this process's share -> on the whole validation set."""
        return result

    def alone(self) -> contextlib.AbstractContextManager:
        """A block in which nothing waits for the other processes (e.g. rank 0 saving on its own)."""
        return contextlib.nullcontext()

    def local_first(self) -> contextlib.AbstractContextManager:
        """A block that the first process of each machine runs before the others (e.g. downloads)."""
        return contextlib.nullcontext()

    def close(self, failed: bool = False) -> None:
        """Leave the process group."""


SINGLE = SingleProcess()

_joined = False            # this process joined a process group (``start``), whether or not it left it since


def joined_a_process_group() -> bool:
    """Whether this process joined a process group: its gloo/NCCL threads may outlive the group."""
    return _joined


class DataParallel(SingleProcess):
    """One process of a data-parallel run (the process group is already initialised)."""

    def __init__(self, placement: Placement, device_type: str, timeout_s: float = DEFAULT_TIMEOUT_S):
        self.rank, self.world_size, self.local_rank = placement.rank, placement.world_size, placement.local_rank
        self.device_type, self.timeout_s = device_type, timeout_s
        self.broken = False                 # a collective failed: no more talking to the others
        self._alone = False
        self._scale = 1.0
        self._commands = None
        self._stop_agreed = False
        self._next_read_back = 0            # the first step is read back
        self._clock = (0, time.perf_counter())
        self._interval = 0.1
        self._val_count = 0
        self._reduce_device = torch.device("cpu")

    # ------------------------------------------------------------ set-up
    def place(self, device: torch.device) -> torch.device:
        if device.type == "cuda":
            device = torch.device("cuda", self.local_rank)
            torch.cuda.set_device(device)
        elif device.type != "cpu":
            raise ConfigError(f"data-parallel training runs on CUDA GPUs or the CPU, not on {device.type}")
        self._reduce_device = device
        return device

    def configure(self, config, commands) -> None:
        check_batch(config.batch_size, self.world_size)
        self._commands, self._interval = commands, 1.0 / config.metrics_hz

    def steps_per_epoch(self, n: int, batch_size: int) -> int:
        if n < 2 * self.world_size:
            raise ConfigError(f"{n} training image(s) are too few for {self.world_size} processes "
                              f"(each needs at least two per batch)")
        return super().steps_per_epoch(n, batch_size)

    def wrap(self, model: torch.nn.Module) -> torch.nn.Module:
        from torch.nn.parallel import DistributedDataParallel
        device_ids = [self._reduce_device] if self._reduce_device.type == "cuda" else None
        return DistributedDataParallel(model, device_ids=device_ids, gradient_as_bucket_view=True)

    # ------------------------------------------------------------ each step
    def shard(self, batch: torch.Tensor) -> torch.Tensor:
        total = int(batch.shape[0])
        lo, hi = split(total, self.world_size, self.rank)
        self._scale = self.world_size * (hi - lo) / total
        return batch[lo:hi]

    def _part(self, total: int) -> int:
        lo, hi = split(total, self.world_size, self.rank)
        return hi - lo

    def backward(self, loss: torch.Tensor) -> None:
        (loss if self._scale == 1.0 else loss * self._scale).backward()

    def read_back_due(self, step: int, time_due: bool) -> bool:
        return step >= self._next_read_back

    def obey_commands(self) -> bool:
        return self._stop_agreed or self.broken

    def reduce_steps(self, values: torch.Tensor, sizes: np.ndarray, step: int) -> torch.Tensor:
        local = np.array([self._part(int(size)) for size in sizes], dtype=np.float64)
        if self.broken or self._alone:      # this process's own figures, counts scaled up to the batch
            scale = torch.as_tensor(sizes / np.maximum(local, 1), dtype=values.dtype, device=values.device)
            return torch.stack([values[0], values[1] * scale])
        weights = torch.as_tensor(local / np.maximum(sizes, 1), dtype=values.dtype, device=values.device)
        control = torch.tensor([float(bool(self._commands is not None and self._commands.stop_requested)),
                                float(self._gap(step) if self.is_main else 0)], dtype=values.dtype)
        packed = torch.cat([(values * torch.stack([weights, torch.ones_like(weights)])).flatten(),
                            control.to(values.device)])
        packed = self._all_reduce(packed)
        count = values.shape[1]
        stop, gap = packed[2 * count:].cpu().tolist()
        self._next_read_back = step + max(1, int(gap))
        if stop > 0 and not self._stop_agreed:
            self._stop_agreed = True
            self._commands.stop()
        return packed[:2 * count].view(2, count)

    def _gap(self, step: int) -> int:
        """Rank 0's choice of steps until the next read-back: about one per metrics interval."""
        last_step, last_time = self._clock
        now = time.perf_counter()
        self._clock = (step, now)
        if step <= last_step:
            return 1
        per_step = (now - last_time) / (step - last_step)
        return int(min(MAX_READ_BACK_GAP, max(1, round(self._interval / max(per_step, 1e-9)))))

    # ------------------------------------------------------------ validation
    def shard_validation(self, data) -> None:
        lo, hi = split(int(data.val_x.shape[0]), self.world_size, self.rank)
        data.val_x, data.val_y = data.val_x[lo:hi], data.val_y[lo:hi]
        self._val_count = hi - lo

    def combine_validation(self, result: tuple[float, float]) -> tuple[float, float]:
        n = self._val_count
        loss, acc = result if n else (0.0, 0.0)
        sums = self._all_reduce(torch.tensor([loss * n, acc * n, float(n)], dtype=torch.float64,
                                             device=self._reduce_device)).cpu().tolist()
        if sums[2] == 0:
            return float("nan"), float("nan")
        return sums[0] / sums[2], sums[1] / sums[2]

    # ------------------------------------------------------------ the group
    def _all_reduce(self, tensor: torch.Tensor) -> torch.Tensor:
        import torch.distributed as dist
        try:
            dist.all_reduce(tensor)
        except RuntimeError:
            self.broken = True
            raise
        return tensor

    def on_run_end(self, trainer, ended) -> None:
        if ended is None or str(ended.reason) == "error":
            self.broken = True

    @contextlib.contextmanager
    def alone(self) -> Iterator[None]:
        self._alone, before = True, self._alone
        try:
            yield
        finally:
            self._alone = before

    @contextlib.contextmanager
    def local_first(self) -> Iterator[None]:
        if self.local_rank == 0:
            yield
            self.barrier()
        else:
            self.barrier()
            yield

    def barrier(self) -> None:
        """Wait for every process (fails after the timeout)."""
        import torch.distributed as dist
        try:
            if self.device_type == "cuda":
                dist.barrier(device_ids=[self.local_rank])
            else:
                dist.barrier()
        except RuntimeError as exc:
            self.broken = True
            raise ProcessGroupError(f"another training process failed or stopped answering while waiting for "
                                    f"the others ({describe_failure(exc)})") from None

    def close(self, failed: bool = False) -> None:
        import torch.distributed as dist
        if not dist.is_initialized():
            return
        if failed or self.broken:
            abort = getattr(dist.distributed_c10d, "_abort_process_group", None)
            with contextlib.suppress(Exception):
                if abort is not None and self.device_type == "cuda":
                    abort()
                    return
        with contextlib.suppress(Exception):
            dist.destroy_process_group()


def start(device: torch.device, timeout_s: float = DEFAULT_TIMEOUT_S,
          placement: Optional[Placement] = None) -> SingleProcess:
    """Join torchrun's process group for training on ``device`` (``SINGLE`` when not under torchrun).

    ``timeout_s`` bounds every wait for the other processes: a process that died or hangs
    makes the others fail with an error instead of waiting for ever.
    """
    placement = placement or placement_from_environment()
    if placement is None:
        return SINGLE
    import torch.distributed as dist
    if not dist.is_available():
        raise ConfigError("this PyTorch build has no torch.distributed, so it cannot train in several processes")
    backend = "nccl" if device.type == "cuda" else "gloo"
    if backend == "gloo" and not dist.is_gloo_available():
        raise ConfigError("this PyTorch build has no gloo backend for training on the CPU in several processes")
    if backend == "nccl":
        if not dist.is_nccl_available():
            raise ConfigError("this PyTorch build has no NCCL backend for training on GPUs in several processes")
        if placement.local_rank >= torch.cuda.device_count():
            raise ConfigError(f"process {placement.rank} wants GPU {placement.local_rank} but this machine has "
                              f"{torch.cuda.device_count()}; start at most that many processes per machine")
        torch.cuda.set_device(placement.local_rank)
        # Errors and timeouts in NCCL raise in this process instead of aborting it, so the
        # run ends with its own error line.
        os.environ.setdefault("TORCH_NCCL_ASYNC_ERROR_HANDLING", "2")
    timeout = datetime.timedelta(seconds=timeout_s)
    try:
        dist.init_process_group(backend, timeout=timeout, rank=placement.rank, world_size=placement.world_size)
    except (RuntimeError, ValueError) as exc:
        raise ProcessGroupError(f"could not join the other {placement.world_size - 1} training process(es): "
                          f"{describe_failure(exc)}") from None
    global _joined
    _joined = True
    return DataParallel(placement, device.type, timeout_s)


def describe_failure(exc: BaseException) -> str:
    """A collective's failure as a clause: the backend's own words without its source location."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    if text.startswith("[") and "] " in text:        # "[../gloo/transport/tcp/pair.cc:534] Connection closed"
        text = text.split("] ", 1)[1]
    return text.split(". ", 1)[0].rstrip(".")         # gloo adds advice and an emoji after the first sentence


def is_collective_failure(exc: BaseException) -> bool:
    """True when ``exc`` says that the other processes could not be reached or timed out."""
    import torch.distributed as dist
    if isinstance(exc, getattr(dist, "DistError", ())):
        return True
    text = str(exc)
    return any(word in text for word in ("gloo", "Gloo", "NCCL", "Connection closed by peer",
                                          "Connection reset by peer", "Timed out", "timed out"))

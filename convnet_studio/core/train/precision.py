"""What a run computes in: bf16 or fp16 autocast, or plain fp32, chosen from what the device does well.

* CUDA with native bfloat16 (compute capability 8.0 and newer: A100, RTX 30/40, H100):
  bf16 autocast. bf16 has fp32's range, so no loss scaling is needed.
* CUDA with fast float16 but no native bf16 (tensor cores from 7.0 -- V100, T4, RTX 20 --
  and the P100's 6.0): fp16 autocast with a ``GradScaler``. On these GPUs bf16 is
  emulated and slower than fp32.
* Apple's MPS: fp16 autocast where the installed torch supports autocast there.
* Everything else (the CPU, GTX 10-series and older GPUs, whose fp16 arithmetic is slow):
  fp32.

``TrainConfig.mixed_precision`` off means fp32 everywhere; ``TrainConfig.precision``
names a precision outright (for experiments, or to test the fp16 path on a CPU).
With fp16 the scaler skips a step whose gradients overflowed and lowers the scale:
that is normal operation, not a divergence (the loss itself stays finite).
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Callable, Optional

import torch

from ..messages import Message
from .config import ConfigError

#: The loss scale a fp16 run starts with (``GradScaler``'s own default).
INITIAL_LOSS_SCALE = 2.0 ** 16

_DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": None}


@dataclass(frozen=True)
class DeviceFacts:
    """What the precision choice depends on, gathered once per run (and faked in tests)."""
    type: str                                  # "cuda", "mps", "cpu", ...
    capability: Optional[tuple] = None         # CUDA compute capability (major, minor)
    bf16_native: bool = False                  # CUDA: bf16 without emulation
    autocast: bool = False                     # torch supports autocast on this device type


def device_facts(device: torch.device) -> DeviceFacts:
    """The ``DeviceFacts`` of ``device`` as this torch sees them."""
    autocast = _autocast_available(device.type)
    if device.type != "cuda":
        return DeviceFacts(device.type, autocast=autocast)
    capability = tuple(torch.cuda.get_device_capability(device))
    try:
        native = bool(torch.cuda.is_bf16_supported(including_emulation=False))
    except TypeError:                          # torch < 2.3 has no including_emulation
        native = capability >= (8, 0)
    return DeviceFacts("cuda", capability, native and capability >= (8, 0), autocast)


def _autocast_available(device_type: str) -> bool:
    check = getattr(torch.amp.autocast_mode, "is_autocast_available", None)
    if check is None:
        return device_type in ("cuda", "cpu")
    try:
        return bool(check(device_type))
    except RuntimeError:
        return False


def choose_precision(facts: DeviceFacts, mixed_precision: bool = True, requested: str = "auto") -> str:
    """``"bf16"``, ``"fp16"`` or ``"fp32"`` for a run on a device with ``facts``.

    ``requested`` other than ``"auto"`` is honoured where the device can autocast to it,
    else ``ConfigError`` says why in one sentence.
    """
    if requested != "auto":
        if requested not in _DTYPES:
            raise ConfigError(Message("config.precision_unknown", choices=', '.join(_DTYPES), value=requested))
        if requested != "fp32" and not facts.autocast:
            raise ConfigError(Message("config.precision_unsupported", precision=requested, device=facts.type))
        if requested == "bf16" and facts.type == "cuda" and not facts.bf16_native:
            raise ConfigError(Message("config.no_native_bf16"))
        return requested
    if not mixed_precision or not facts.autocast:
        return "fp32"
    if facts.type == "cuda":
        if facts.bf16_native:
            return "bf16"
        if facts.capability is not None and (facts.capability >= (7, 0) or facts.capability == (6, 0)):
            return "fp16"
        return "fp32"
    if facts.type == "mps":
        return "fp16"
    return "fp32"


def autocast_factory(precision: str, device: torch.device) -> Callable[[], contextlib.AbstractContextManager]:
    """A callable that returns the autocast context for each step (a null context for fp32)."""
    dtype = _DTYPES[precision]
    if dtype is None:
        return contextlib.nullcontext
    return lambda: torch.autocast(device.type, dtype=dtype)


def make_scaler(precision: str, device: torch.device) -> Optional["torch.amp.GradScaler"]:
    """A ``GradScaler`` for fp16 runs (their small range needs loss scaling), else None."""
    if precision != "fp16":
        return None
    return torch.amp.GradScaler(device.type, init_scale=INITIAL_LOSS_SCALE)

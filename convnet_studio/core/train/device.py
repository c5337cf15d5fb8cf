"""Which torch device a run uses: ``auto`` picks CUDA, then Apple's MPS, else the CPU."""
from __future__ import annotations

import torch

from ..messages import Message
from .config import DEVICES, ConfigError


def _mps_available() -> bool:
    mps = getattr(torch.backends, "mps", None)
    return bool(mps is not None and mps.is_available())


def available_devices() -> list[str]:
    """Device names a user may pick here: ``["auto", "cpu"]`` plus ``"cuda"``/``"mps"`` when present."""
    names = ["auto", "cpu"]
    if torch.cuda.is_available():
        names.append("cuda")
    if _mps_available():
        names.append("mps")
    return names


def resolve_device(name: str = "auto") -> torch.device:
    """The ``torch.device`` for ``name`` (one of ``config.DEVICES``, or ``"cuda:N"``).

    Raises ``ConfigError`` with one sentence when the device is unknown or not available.
    """
    base, _, index = str(name).partition(":")
    if base not in DEVICES or (index and (base != "cuda" or not index.isdigit())):
        raise ConfigError(f"device must be one of {', '.join(DEVICES)}, not {name!r}")
    if base == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if _mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    if base == "cuda":
        if not torch.cuda.is_available():
            raise ConfigError(Message("config.no_cuda"))
        if index and int(index) >= torch.cuda.device_count():
            raise ConfigError(Message("config.no_such_gpu", index=index, count=torch.cuda.device_count()))
        return torch.device(name)
    if base == "mps" and not _mps_available():
        raise ConfigError(Message("config.no_mps"))
    return torch.device(base)


def describe_device(device: torch.device) -> str:
    """A short human label, e.g. ``"cuda (NVIDIA H200)"`` or ``"cpu"``."""
    if device.type == "cuda":
        try:
            return f"cuda ({torch.cuda.get_device_name(device)})"
        except (RuntimeError, AssertionError):
            return "cuda"
    return device.type


def prepare_device(device: torch.device) -> None:
    """One-time set-up before a run: initialise CUDA up front and let cuDNN pick fast kernels.

    Input shapes are fixed for a whole run, so ``cudnn.benchmark`` pays off after the first steps.
    """
    if device.type == "cuda":
        torch.cuda.init()
        torch.backends.cudnn.benchmark = True


# The channels-last batch-norm kernels vectorise across channels: narrower than one
# AVX2 register of floats, they run slower than the standard layout's.
_MIN_CHANNELS_LAST_BATCHNORM = 8


def preferred_memory_format(model: torch.nn.Module, device: torch.device,
                            mixed_precision: bool) -> torch.memory_format | None:
    """``torch.channels_last`` where it makes this model train faster on ``device``, else None.

    On CUDA with bf16 autocast it always helps convolutions (tensor cores). On the CPU,
    oneDNN's convolutions and pooling are faster in channels-last (the seed net trains
    ~15 % faster), except when a batch norm has fewer than 8 channels. Nets without
    convolutions keep the standard layout.
    """
    modules = list(model.modules())
    if not any(isinstance(m, torch.nn.Conv2d) for m in modules):
        return None
    if device.type == "cuda":
        return torch.channels_last if mixed_precision else None
    if device.type == "cpu" and all(m.num_features >= _MIN_CHANNELS_LAST_BATCHNORM
                                    for m in modules if isinstance(m, torch.nn.BatchNorm2d)):
        return torch.channels_last
    return None

"""``Commands``: what other threads ask of a training run, read by the loop between steps.

One object is shared by whoever steers a run (the GUI's worker, the CLI, a test) and
the ``Trainer`` (and its hooks) that obey it. Every setter checks its value at once and
raises ``ValueError`` (``ConfigError`` for hyperparameters) with one sentence: a bad
value is refused where it was given, never dropped later in the loop.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

import numpy as np

from .config import LIVE_HPARAMS, ConfigError, TrainConfig


@dataclass
class Requests:
    """The loop's own requests since it last looked (``Commands.take``)."""
    stop: bool = False
    pause: bool = False
    hparams: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProbeRequest:
    """A snapshot to take: ``image`` uint8 ``(C, H, W)`` or None (filters only), the caller's ``key``,
    and a ``ProbeTransform`` to apply to the image first (None: as it is)."""
    image: Optional[np.ndarray]
    key: Optional[str]
    transform: Any = None


def check_hparams(values: Mapping[str, float]) -> dict:
    """``values`` for live hyperparameters (``LIVE_HPARAMS``) as floats; ``ConfigError`` for a bad one."""
    unknown = sorted(set(values) - set(LIVE_HPARAMS))
    if unknown:
        raise ConfigError(f"{unknown[0]} cannot change during a run (only {', '.join(LIVE_HPARAMS)} can)")
    clean = {}
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
            raise ConfigError(f"{name.replace('_', ' ')} must be a number, not {value!r}")
        clean[name] = float(value)
    TrainConfig().replace(**clean).validate()      # the same rules as a run's own config
    return clean


def _whole(number) -> bool:
    return isinstance(number, (int, np.integer)) and not isinstance(number, bool) and number >= 0


def check_lesions(lesions: Mapping[int, Sequence[int]]) -> dict[int, tuple[int, ...]]:
    """``{layer: channels}`` with whole, non-negative numbers (sorted, empty layers dropped)."""
    clean = {}
    for layer, channels in dict(lesions).items():
        channels = tuple(channels)
        for number in (layer, *channels):
            if not _whole(number):
                raise ValueError(f"lesions name layers and channels by whole numbers from 0, not {number!r}")
        if channels:
            clean[int(layer)] = tuple(sorted({int(c) for c in channels}))
    return clean


class Commands:
    """Requests from any thread: pause/resume/stop, live hyperparameters, snapshots, lesions.

    ``pending`` is a plain bool the loop reads every step without locking (a cheap hint)
    for its own requests (``take``); ``snapshot_pending`` likewise for ``take_snapshot``.
    ``wake`` unblocks a paused loop (any command sets it). ``image_shape``: the run's input
    shape, which probe images must have (None: not checked).
    """

    def __init__(self, image_shape: Optional[Sequence[int]] = None,
                 lesions: Mapping[int, Sequence[int]] = None) -> None:
        self.image_shape = tuple(image_shape) if image_shape is not None else None
        self._lock = threading.Lock()
        self._req = Requests()
        self._snapshot: Optional[ProbeRequest] = None
        self._lesions = check_lesions(lesions or {})
        self.pending = False
        self.snapshot_pending = False
        self.wake = threading.Event()

    # ------------------------------------------------------------ any thread
    def stop(self) -> None:
        """End the run after the current step."""
        self._update(stop=True)

    def pause(self) -> None:
        """Pause before the next step."""
        self._update(pause=True)

    def resume(self) -> None:
        """Continue a paused run (or cancel a pause not yet taken)."""
        self._update(pause=False)

    def set_hparams(self, lr: Optional[float] = None, momentum: Optional[float] = None,
                    weight_decay: Optional[float] = None) -> None:
        """Change live hyperparameters from the next step on; ``ConfigError`` for a bad value."""
        values = check_hparams({k: v for k, v in (("lr", lr), ("momentum", momentum),
                                                  ("weight_decay", weight_decay)) if v is not None})
        if not values:
            return
        with self._lock:
            self._req.hparams.update(values)
            self.pending = True
        self.wake.set()

    def request_snapshot(self, image: Optional[np.ndarray] = None, key: Optional[str] = None,
                         transform: Any = None) -> None:
        """Ask for a snapshot of ``image`` (uint8 ``(C, H, W)``; None: filters only) after ``transform``
        (a ``ProbeTransform``); a newer request replaces one not yet taken.

        ``ValueError`` when the image is not of ``image_shape`` (a 2-D image may stand for
        one channel).
        """
        if image is not None:
            image = np.array(image, dtype=np.uint8, copy=True)
            shape = self.image_shape
            if image.ndim == 2 and (shape is None or shape[0] == 1):
                image = image[None]
            if shape is not None and image.shape != shape:
                raise ValueError(f"the probe image must have shape {shape}, not {image.shape}")
            if image.ndim != 3:
                raise ValueError(f"the probe image must have shape (C, H, W), not {image.shape}")
        with self._lock:
            self._snapshot = ProbeRequest(image, key, transform)
            self.snapshot_pending = True
        self.wake.set()

    def set_lesions(self, lesions: Mapping[int, Sequence[int]]) -> None:
        """Show snapshots with exactly these ``{layer: channels}`` switched off (training never sees them)."""
        clean = check_lesions(lesions)
        with self._lock:
            self._lesions = clean

    @property
    def lesions(self) -> dict[int, tuple[int, ...]]:
        """The lesions now in force (a copy)."""
        with self._lock:
            return dict(self._lesions)

    def wake_up(self) -> None:
        """Wake a paused loop without a request (e.g. analysis work arrived)."""
        self.wake.set()

    @property
    def stop_requested(self) -> bool:
        """True once ``stop`` was called (a hint read without the lock, like ``pending``)."""
        return self._req.stop

    # ------------------------------------------------------------ the loop's thread
    def take(self) -> Requests:
        """The loop's requests; the one-shot ones (hyperparameters) are consumed."""
        with self._lock:
            req = self._req
            self._req = Requests(stop=req.stop, pause=req.pause)
            self.pending = req.stop or req.pause
            return req

    def take_snapshot(self) -> Optional[ProbeRequest]:
        """The newest snapshot request since the last call, or None."""
        with self._lock:
            req, self._snapshot = self._snapshot, None
            self.snapshot_pending = False
            return req

    def _update(self, **changes) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(self._req, name, value)
            self.pending = True
        self.wake.set()

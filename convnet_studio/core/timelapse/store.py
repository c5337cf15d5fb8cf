"""The time-lapse files under ``<run_dir>/timelapse/`` and their reader (numpy only, no torch).

Files:
- ``meta.json``: written once when recording starts (atomically): the frame layout (one
  entry per array: name, kind, layer, shape, dtype), the probe image's label and key, the
  class names, the planned steps and the size limit.
- ``probe.npy``: the probe image, uint8 (C, H, W).
- ``frames.bin``: the frames back to back, each ``frame_bytes`` long, in the layout's order.
- ``index.csv``: ``step,epoch`` per frame, appended after the frame's bytes are written, so
  a reader sees only whole frames, even while a run is recording.

Filters are stored as float32 (exactly), feature maps as float16 (clipped to its range),
probabilities as float32.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from ..events import Snapshot
from ..messages import Message

FORMAT = "convnet-studio-timelapse"
VERSION = 1
FOLDER = "timelapse"
META, PROBE, FRAMES, INDEX = "meta.json", "probe.npy", "frames.bin", "index.csv"
FILTERS, MAPS, PROBS = "filters", "maps", "probs"
#: How each kind of array is stored.
DTYPES = {FILTERS: "float32", MAPS: "float16", PROBS: "float32"}


class TimelapseError(ValueError):
    """A time-lapse folder that cannot be read; the message is one clause for people."""


def timelapse_dir(run_dir) -> Path:
    """Where a run folder keeps its time-lapse."""
    return Path(run_dir) / FOLDER


@dataclass(frozen=True)
class ArraySlot:
    """One array of every frame: ``kind`` (filters, maps, probs), spec ``layer`` (-1 for probs)."""
    kind: str
    layer: int
    shape: tuple
    dtype: str

    @property
    def nbytes(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64)) * np.dtype(self.dtype).itemsize

    def to_dict(self) -> dict:
        return {"kind": self.kind, "layer": self.layer, "shape": list(self.shape), "dtype": self.dtype}

    @classmethod
    def from_dict(cls, d: dict) -> "ArraySlot":
        return cls(str(d["kind"]), int(d["layer"]), tuple(int(v) for v in d["shape"]), str(d["dtype"]))


def frame_layout(filters: dict, maps: dict, probs: Optional[np.ndarray]) -> list[ArraySlot]:
    """The slots of a frame holding these arrays (as one snapshot gives them), in storage order."""
    slots = [ArraySlot(FILTERS, int(k), tuple(np.shape(v)), DTYPES[FILTERS]) for k, v in sorted(filters.items())]
    slots += [ArraySlot(MAPS, int(k), tuple(np.shape(v)), DTYPES[MAPS]) for k, v in sorted(maps.items())]
    if probs is not None:
        slots.append(ArraySlot(PROBS, -1, tuple(np.shape(probs)), DTYPES[PROBS]))
    return slots


def encode_frame(slots: list[ArraySlot], filters: dict, maps: dict, probs: Optional[np.ndarray]) -> bytes:
    """One frame's bytes; ``ValueError`` when an array does not fit its slot."""
    parts = []
    for slot in slots:
        value = probs if slot.kind == PROBS else (filters if slot.kind == FILTERS else maps).get(slot.layer)
        if value is None or tuple(np.shape(value)) != slot.shape:
            raise ValueError(f"the {slot.kind} of layer {slot.layer} no longer have the shape {slot.shape}")
        array = np.asarray(value, dtype=np.float32)
        if slot.dtype == "float16":
            array = np.clip(array, -65504.0, 65504.0)
        parts.append(np.ascontiguousarray(array, dtype=slot.dtype).tobytes())
    return b"".join(parts)


@dataclass(frozen=True)
class FrameInfo:
    """When a frame was recorded: the global step (optimizer steps taken) and the 1-based epoch."""
    step: int
    epoch: int


class TimelapseStore:
    """Reads a run folder's time-lapse; ``refresh()`` picks up frames appended since.

    ``TimelapseError`` when the folder has no readable time-lapse.
    """

    def __init__(self, run_dir):
        self.run_dir = Path(run_dir)
        self.folder = timelapse_dir(run_dir)
        meta_path = self.folder / META
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise TimelapseError(Message("timelapse.none", path=self.run_dir)) from None
        except (OSError, ValueError) as exc:
            raise TimelapseError(Message("timelapse.unreadable", path=self.run_dir, reason=str(exc))) from None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise TimelapseError(Message("timelapse.foreign", path=meta_path))
        if int(meta.get("version", 0)) > VERSION:
            raise TimelapseError(Message("timelapse.newer", path=self.run_dir))
        try:
            self.slots = [ArraySlot.from_dict(d) for d in meta["slots"]]
            self.frame_bytes = int(meta["frame_bytes"])
        except (KeyError, TypeError, ValueError):
            raise TimelapseError(Message("timelapse.incomplete", path=meta_path)) from None
        self.meta = meta
        self.class_names: list[str] = [str(n) for n in meta.get("class_names", [])]
        self.probe_label: Optional[int] = meta.get("probe_label")
        self._frames: list[FrameInfo] = []
        self._probe: Optional[np.ndarray] = None
        self.refresh()

    # ----------------------------------------------------------------- listing
    def refresh(self) -> int:
        """Re-read the index (a recording run appends to it); returns the number of frames."""
        frames = []
        try:
            lines = (self.folder / INDEX).read_text(encoding="utf-8").splitlines()
            size = (self.folder / FRAMES).stat().st_size
        except OSError:
            lines, size = [], 0
        whole = size // self.frame_bytes if self.frame_bytes > 0 else 0
        for line in lines[1:]:
            fields = line.split(",")
            if len(fields) < 2 or len(frames) >= whole:
                break
            try:
                frames.append(FrameInfo(int(fields[0]), int(fields[1])))
            except ValueError:
                break
        self._frames = frames
        return len(frames)

    def __len__(self) -> int:
        return len(self._frames)

    @property
    def frames(self) -> list[FrameInfo]:
        """Step and epoch of every frame, oldest first."""
        return list(self._frames)

    @property
    def steps(self) -> list[int]:
        return [f.step for f in self._frames]

    def nearest(self, step: int) -> int:
        """Index of the last frame recorded at or before ``step`` (the first frame if none)."""
        steps = np.asarray(self.steps)
        if steps.size == 0:
            raise TimelapseError(Message("timelapse.no_frames", path=self.run_dir))
        return max(int(np.searchsorted(steps, int(step), side="right")) - 1, 0)

    @property
    def conv_layers(self) -> list[int]:
        return [s.layer for s in self.slots if s.kind == FILTERS]

    @property
    def map_layers(self) -> list[int]:
        return [s.layer for s in self.slots if s.kind == MAPS]

    @property
    def probe_image(self) -> Optional[np.ndarray]:
        """The probe image (uint8 (C, H, W)) the maps and probabilities are of, or None."""
        if self._probe is None:
            try:
                self._probe = np.load(self.folder / PROBE, allow_pickle=False)
            except (OSError, ValueError):
                return None
        return self._probe

    # ----------------------------------------------------------------- frames
    def _arrays(self, index: int) -> list[np.ndarray]:
        if not 0 <= index < len(self._frames):
            raise IndexError(f"frame {index} is not among the {len(self._frames)} frames")
        with open(self.folder / FRAMES, "rb") as fh:
            fh.seek(index * self.frame_bytes)
            data = fh.read(self.frame_bytes)
        if len(data) != self.frame_bytes:
            raise TimelapseError(Message("timelapse.cut_short", index=index, path=self.run_dir))
        out, at = [], 0
        for slot in self.slots:
            count = int(np.prod(slot.shape, dtype=np.int64))
            out.append(np.frombuffer(data, dtype=slot.dtype, count=count, offset=at).reshape(slot.shape))
            at += slot.nbytes
        return out

    def load(self, index: int) -> Snapshot:
        """Frame ``index`` as a ``Snapshot`` (float32 arrays; ``image_key`` names the frame)."""
        info = self._frames[index] if 0 <= index < len(self._frames) else None
        arrays = self._arrays(index)
        filters, maps, probs = {}, {}, None
        for slot, array in zip(self.slots, arrays):
            value = array.astype(np.float32)
            if slot.kind == FILTERS:
                filters[slot.layer] = value
            elif slot.kind == MAPS:
                maps[slot.layer] = value
            else:
                probs = value
        return Snapshot(step=info.step, epoch=info.epoch, filters=filters, feature_maps=maps, probs=probs,
                        image_key=f"timelapse:{info.step}")


def has_timelapse(run_dir) -> bool:
    """True when ``run_dir`` holds a time-lapse description (it may have no frames yet)."""
    return (timelapse_dir(run_dir) / META).is_file()

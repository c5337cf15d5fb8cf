"""``TimelapseRecorder``: a trainer hook that writes a run's time-lapse at log-spaced steps.

At each planned step (``schedule.log_schedule`` over the run's steps) it takes one
snapshot of the probe image (``inspect.probes.make_snapshot``: the filters of every conv
layer, one no-grad forward for the feature maps and class probabilities) and appends it
to ``<run_dir>/timelapse/`` (see ``store``). Between planned steps it costs one integer
comparison per step.

The size limit is kept by planning: the frame size is known at the start (the layer
shapes are fixed), so the schedule gets only as many frames as fit, log-spaced all the
same. Should a frame still not fit (e.g. a final frame after a full schedule), recording
stops. A frame larger than the whole limit means no frames; ``problem`` says why.
A failing disk stops the recording, never the run.
"""
from __future__ import annotations

import json
import os
from typing import Optional

import numpy as np

from ..inspect.probes import make_snapshot
from ..train.hooks import TrainerHooks
from ..util.atomic import atomic_write, atomic_write_text
from .schedule import frames_for_run, log_schedule
from .store import (FORMAT, FRAMES, INDEX, META, PROBE, VERSION, TimelapseError, TimelapseStore, encode_frame,
                    frame_layout, timelapse_dir)

#: Default bound on a run's time-lapse files.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _first_image(dataset) -> tuple[Optional[np.ndarray], Optional[int]]:
    """The first validation image (or training image) of ``dataset`` and its label."""
    for x, y in ((dataset.val_x, dataset.val_y), (dataset.train_x, dataset.train_y)):
        if int(x.shape[0]):
            return np.ascontiguousarray(x[0].cpu().numpy(), dtype=np.uint8), int(y[0])
    return None, None


class TimelapseRecorder(TrainerHooks):
    """Records the time-lapse of the run it is given to into ``<run_dir>/timelapse/``.

    ``probe_image``: uint8 (C, H, W) of the dataset's input shape (default: the first
    validation image); ``frames``: how many frames to aim for (None: ``DEFAULT_FRAMES`` for a long
    run, fewer for a short one, see ``schedule.frames_for_run``); ``max_bytes``: the bound on the files. A time-lapse already in the folder goes on when it is of the same network and has
    frames up to the step the run starts from (a resumed run: later frames are dropped, its probe
    image is kept); any other is replaced.
    """

    def __init__(self, run_dir, probe_image: Optional[np.ndarray] = None, probe_label: Optional[int] = None,
                 frames: Optional[int] = None, max_bytes: int = DEFAULT_MAX_BYTES):
        if int(max_bytes) <= 0:
            raise ValueError(f"the time-lapse size limit must be positive, not {max_bytes}")
        self.folder = timelapse_dir(run_dir)
        self.frames = None if frames is None else int(frames)
        self.max_bytes = int(max_bytes)
        self._probe = None if probe_image is None else np.ascontiguousarray(probe_image, dtype=np.uint8)
        self._label = probe_label
        self.planned: list[int] = []
        self.recorded: list[int] = []
        self.bytes_written = 0
        self.problem = ""
        self._slots = []
        self._frame_bytes = 0
        self._next = 0              # index into planned of the next step to record
        self._data = None           # open frames.bin
        self._index = None          # open index.csv

    # ----------------------------------------------------------------- hooks
    def on_run_start(self, trainer):
        if trainer.spec is None or getattr(trainer, "model_factory", None) is not None:
            self.problem = "the time-lapse records networks built from a spec, not opened models"
            return None
        try:
            self._start(trainer)
        except OSError as exc:
            self._give_up(f"the time-lapse cannot be written: {exc}")
        return None

    def on_step_end(self, trainer):
        if self._next < len(self.planned) and trainer.step >= self.planned[self._next]:
            self._record(trainer)
        return None

    def on_run_end(self, trainer, ended):
        if self._data is not None and ended is not None and (not self.recorded or trainer.step > self.recorded[-1]):
            self._record(trainer, final=True)
        self._close()
        return None

    # ----------------------------------------------------------------- internals
    def _snapshot(self, trainer):
        ds = trainer.dataset
        return make_snapshot(trainer.model, trainer.spec, self._probe, ds.mean, ds.std,
                             trainer.step, trainer.epoch_no)

    def _start(self, trainer) -> None:
        ds = trainer.dataset
        if self._probe is None or tuple(self._probe.shape) != tuple(ds.input_shape):
            self._probe, self._label = _first_image(ds)
        first = self._snapshot(trainer)
        self._slots = frame_layout(first.filters, first.feature_maps, first.probs)
        self._frame_bytes = sum(slot.nbytes for slot in self._slots)
        earlier = self._earlier_frames(trainer.step)
        if earlier is not None:             # the same run goes on: keep its frames and its probe image
            kept, origin, self._probe, self._label = earlier
            first = self._snapshot(trainer)
        else:
            kept, origin = [], trainer.step
            self._reset_folder()
        probe_bytes = 0 if self._probe is None else self._probe.nbytes + 128
        room = self.max_bytes - probe_bytes - 4096 - len(kept) * self._frame_bytes   # 4 kB: meta and index
        fit = max(room // self._frame_bytes, 0) if self._frame_bytes > 0 else 0
        last_kept = kept[-1][0] if kept else -1
        frames = frames_for_run(trainer.total_steps - origin) if self.frames is None else self.frames
        plan = [step for step in log_schedule(trainer.total_steps, frames, origin)
                if step >= trainer.step and step > last_kept]
        if len(plan) > fit:                 # fewer frames fit: as many, log-spaced from here
            thinner = log_schedule(trainer.total_steps, fit + (1 if kept else 0), trainer.step)
            plan = [step for step in thinner if step > last_kept][-fit:] if fit else []
        self.planned = plan
        if not plan and not kept:
            self.problem = (f"one frame of this network ({self._frame_bytes / 1e6:.1f} MB) does not fit "
                            f"the time-lapse limit of {self.max_bytes / 1e6:.1f} MB")
        meta = {"format": FORMAT, "version": VERSION, "frame_bytes": self._frame_bytes,
                "slots": [slot.to_dict() for slot in self._slots],
                "class_names": list(ds.class_names), "probe_label": self._label,
                "total_steps": int(trainer.total_steps), "steps_per_epoch": int(trainer.steps_per_epoch),
                "start_step": int(origin), "planned_steps": [step for step, _ in kept] + plan,
                "max_bytes": self.max_bytes, "problem": self.problem}
        if self._probe is not None and earlier is None:
            atomic_write(self.folder / PROBE, lambda fh: np.save(fh, self._probe, allow_pickle=False))
        self._data = open(self.folder / FRAMES, "ab")
        self._index = open(self.folder / INDEX, "a", encoding="utf-8", newline="\n")
        if not kept:
            self._index.write("step,epoch\n")
            self._index.flush()
        atomic_write_text(self.folder / META, json.dumps(meta, indent=1))
        self.recorded = [step for step, _ in kept]
        self.bytes_written = probe_bytes + len(json.dumps(meta, indent=1)) + len(kept) * self._frame_bytes
        if self.planned and self.planned[0] == trainer.step:
            self._write(first)
            self._next = 1

    def _earlier_frames(self, step: int):
        """``(frames, first step, probe, label)`` of a time-lapse of this run already in the folder, cut
        back to the frames at or before ``step`` (a resumed run goes on from there); None when there
        is none that fits this network (then it is replaced)."""
        try:
            store = TimelapseStore(self.folder.parent)
            probe = store.probe_image
        except TimelapseError:
            return None
        if (store.slots != self._slots or store.frame_bytes != self._frame_bytes or probe is None
                or self._probe is None or probe.shape != self._probe.shape):
            return None
        kept = [(f.step, f.epoch) for f in store.frames if f.step <= step]
        if not kept:
            return None
        # frames of steps the resumed run takes again go, and anything a killed run half wrote
        atomic_write_text(self.folder / INDEX, "step,epoch\n" + "".join(f"{s},{e}\n" for s, e in kept))
        os.truncate(self.folder / FRAMES, len(kept) * self._frame_bytes)
        return kept, int(store.meta.get("start_step", kept[0][0])), probe, store.probe_label

    def _reset_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for name in (META, INDEX, FRAMES, PROBE):
            try:
                os.unlink(self.folder / name)
            except FileNotFoundError:
                pass

    def _record(self, trainer, final: bool = False) -> None:
        while self._next < len(self.planned) and self.planned[self._next] <= trainer.step:
            self._next += 1
        if self.bytes_written + self._frame_bytes > self.max_bytes:
            if not final:
                self.problem = "the time-lapse reached its size limit"
            self._next = len(self.planned)
            return
        self._write(self._snapshot(trainer))

    def _write(self, snapshot) -> None:
        try:
            self._data.write(encode_frame(self._slots, snapshot.filters, snapshot.feature_maps, snapshot.probs))
            self._data.flush()                    # the frame first: readers trust the index
            self._index.write(f"{snapshot.step},{snapshot.epoch}\n")
            self._index.flush()
        except (OSError, ValueError) as exc:
            self._give_up(f"the time-lapse stopped: {exc}")
            return
        self.recorded.append(int(snapshot.step))
        self.bytes_written += self._frame_bytes

    def _give_up(self, problem: str) -> None:
        self.problem = problem
        self._next = len(self.planned)
        self._close()

    def _close(self) -> None:
        for fh in (self._data, self._index):
            if fh is not None:
                try:
                    fh.close()
                except OSError:
                    pass
        self._data = self._index = None


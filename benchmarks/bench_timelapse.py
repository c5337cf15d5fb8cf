"""What recording a time-lapse costs a run: the trainer with and without ``TimelapseRecorder``.

    python benchmarks/bench_timelapse.py [--json] [--repeats 5] [--steps 2000] [--frames N]

Both train the seed net (or ``--preset``) on the built-in shapes data for the same number
of steps, in this process, on the calling thread (as the CLI trains), interleaved (plain,
recorded, recorded, plain, ...) so drift hits both alike. ``ratio`` is the median speed
with recording over the median without (1.0 = free; the goal is >= 0.98).
``hook_share`` is the time spent inside the recorder's hooks over the recorded run's
time: the same cost measured directly, without the run-to-run noise.
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from common import median

import torch

from convnet_studio.core.data.sources import load_dataset
from convnet_studio.core.model.presets import get_preset
from convnet_studio.core.timelapse.recorder import DEFAULT_MAX_BYTES, TimelapseRecorder
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.trainer import Trainer


class TimedRecorder(TimelapseRecorder):
    """The recorder, with the seconds spent in its hooks added up."""

    seconds = 0.0

    def _timed(self, method, *args):
        t0 = time.perf_counter()
        try:
            return method(*args)
        finally:
            self.seconds += time.perf_counter() - t0

    def on_run_start(self, trainer):
        return self._timed(super().on_run_start, trainer)

    def on_step_end(self, trainer):
        return self._timed(super().on_step_end, trainer)

    def on_run_end(self, trainer, ended):
        return self._timed(super().on_run_end, trainer, ended)


def timed_run(spec, data, config, recorder=None) -> float:
    """Seconds of one whole run (set-up excluded: from its first event to its last)."""
    events = Trainer(spec, config, data, hooks=[recorder] if recorder else []).run()
    next(events)                           # RunStarted: the model is built
    t0 = time.perf_counter()
    for _ in events:
        pass
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--steps", type=int, default=2000, help="optimizer steps per run")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--frames", type=int, default=None,
                        help="frames to record (default: as the studio does, schedule.frames_for_run)")
    parser.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 2 ** 20)
    parser.add_argument("--preset", default="seed")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()

    spec = get_preset(args.preset)
    n_train = max(args.batch_size * 8, 512)
    data = load_dataset("shapes", n_train=n_train, n_val=64)
    steps_per_epoch = max(1, n_train // args.batch_size)
    epochs = max(1, round(args.steps / steps_per_epoch))
    # A pinned thread count: the adaptive one would add its own noise to a 2 % comparison.
    config = TrainConfig(batch_size=args.batch_size, epochs=epochs, seed=0, device=args.device, metrics_hz=10.0,
                         threads=torch.get_num_threads())
    folder = Path(tempfile.mkdtemp(prefix="bench-timelapse-"))
    plain, recorded, shares, frames, size = [], [], [], 0, 0
    try:
        timed_run(spec, data, config.replace(epochs=1))                     # warm-up: first-use costs
        for repeat in range(args.repeats):
            order = (False, True) if repeat % 2 == 0 else (True, False)
            for record in order:
                if not record:
                    plain.append(timed_run(spec, data, config))
                    continue
                recorder = TimedRecorder(folder / f"run{repeat}", frames=args.frames,
                                         max_bytes=int(args.max_mb * 2 ** 20))
                seconds = timed_run(spec, data, config, recorder)
                recorded.append(seconds)
                shares.append(recorder.seconds / seconds)
                frames = len(recorder.recorded)
                size = sum(p.stat().st_size for p in (folder / f"run{repeat}" / "timelapse").iterdir())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    steps = epochs * steps_per_epoch
    result = {"preset": args.preset, "device": args.device, "steps": steps, "batch_size": args.batch_size,
              "frames": frames, "timelapse_bytes": size,
              "plain_steps_per_s": round(steps / median(plain), 1),
              "recorded_steps_per_s": round(steps / median(recorded), 1),
              "ratio": round(median(plain) / median(recorded), 4),
              "hook_share": round(median(shares), 4),
              "plain_runs_s": [round(v, 3) for v in plain], "recorded_runs_s": [round(v, 3) for v in recorded]}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{args.preset}, {steps} steps of {args.batch_size}: {result['plain_steps_per_s']:.0f} steps/s plain, "
              f"{result['recorded_steps_per_s']:.0f} recording {frames} frames ({size / 1e6:.1f} MB): "
              f"ratio {result['ratio']:.3f}, {100 * result['hook_share']:.2f} % of the time in the recorder")


if __name__ == "__main__":
    main()

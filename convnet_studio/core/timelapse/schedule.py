"""Which steps a time-lapse records: log-spaced, every step at first, ever sparser later.

Filters change fastest in the first few hundred steps, so a geometric spacing of the
steps after the start gives the story in about the same number of frames for a run of
a hundred steps as for one of a million.
"""
from __future__ import annotations

import numpy as np

#: Frames a long run's time-lapse aims for (the size limit may allow fewer).
DEFAULT_FRAMES = 150

#: A run records at most one frame per this many steps on average: a frame (a forward pass
#: of the probe image and a copy of the filters) costs about a fifth of a seed-net step on a
#: CPU, so this keeps the recording near 1 % of the training time however short the run.
STEPS_PER_FRAME = 20

#: The fewest frames a run of a few hundred steps still gets (a story needs a few dozen pictures).
MIN_FRAMES = 24


def _offsets(span: int, points: int) -> np.ndarray:
    """Distinct whole offsets in [1, span], geometrically spaced, ``span`` always among them."""
    return np.unique(np.rint(np.geomspace(1, span, max(points, 2))).astype(np.int64))


def frames_for_run(steps: int, wanted: int = DEFAULT_FRAMES) -> int:
    """How many frames a run of ``steps`` optimizer steps records: ``wanted`` for a long run,
    fewer for a short one (one per ``STEPS_PER_FRAME`` steps, never under ``MIN_FRAMES``)."""
    return max(min(int(wanted), int(steps) // STEPS_PER_FRAME), min(int(wanted), MIN_FRAMES))


def log_schedule(total_steps: int, frames: int = DEFAULT_FRAMES, start_step: int = 0) -> list[int]:
    """At most ``frames`` distinct steps from ``start_step`` to ``total_steps`` (both included).

    The steps after ``start_step`` are geometrically spaced, so the first ones are
    consecutive and the gaps grow by a near-constant factor. ``frames`` < 1 gives [];
    ``frames`` == 1 gives ``[start_step]``; a span of fewer steps than frames gives every step.
    """
    start, total, frames = int(start_step), int(total_steps), int(frames)
    if frames < 1:
        return []
    span = total - start
    if span <= 0 or frames == 1:
        return [start]
    if span + 1 <= frames:
        return list(range(start, total + 1))
    if frames == 2:
        return [start, total]
    wanted = frames - 1                  # offsets after the start
    lo, hi = wanted, wanted
    while len(_offsets(span, hi)) < wanted:   # rounding merges early points: ask for more
        lo, hi = hi, hi * 2
    while lo < hi:                       # the fewest points that give `wanted` distinct offsets
        mid = (lo + hi) // 2
        if len(_offsets(span, mid)) >= wanted:
            hi = mid
        else:
            lo = mid + 1
    offsets = _offsets(span, lo)
    if len(offsets) > wanted:            # one more point merged two: drop the surplus, never the last
        offsets = np.delete(offsets, np.linspace(1, len(offsets) - 2, len(offsets) - wanted).astype(int))
    return [start] + [start + int(o) for o in offsets]

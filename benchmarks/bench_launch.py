"""Launch time: from starting ``python -m convnet_studio`` to the first painted window, and to ready.

    python benchmarks/bench_launch.py [--json] [--runs 5] [--warmup 1]
    xvfb-run -a python benchmarks/bench_launch.py --json     # a real X display, as a user has

Each run is a fresh process with a fresh temporary HOME (so no earlier layout or settings
are restored) and ``CONVNET_STUDIO_LAUNCH_TIMES`` set to the launch moment; the app then
prints, as one JSON line, the seconds to its main window's first paint (``first_paint_s``:
the whole window drawn, after the event loop started) and to ready (``ready_s``: PyTorch
and the shapes dataset loaded, Train enabled), the GUI thread's longest stall in between
(``stall_max_ms``) and whether PyTorch was imported before the paint, and quits.
``QT_QPA_PLATFORM`` is used as the environment has it; when unset, ``xcb`` if ``DISPLAY``
is set, else ``offscreen``. ``--warmup`` launches first (not counted) fill the disk cache
and the bytecode cache. Prints the median, min and max of each figure; the target is a
median first paint of at most ``TARGET_FIRST_PAINT_S`` on a quiet machine.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAUNCH_TIMES_ENV = "CONVNET_STUDIO_LAUNCH_TIMES"      # read by convnet_studio/gui/app.py
TARGET_FIRST_PAINT_S = 1.5
FIGURES = ("first_paint_s", "ready_s", "stall_max_ms")


def platform() -> str:
    """The Qt platform the launches use."""
    return os.environ.get("QT_QPA_PLATFORM") or ("xcb" if os.environ.get("DISPLAY") else "offscreen")


def launch_once(timeout_s: float) -> dict:
    """Start the app once and return its launch report (``RuntimeError`` if it printed none)."""
    with tempfile.TemporaryDirectory(prefix="convnet-studio-launch-") as home:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=str(Path(home) / ".config"),
                   QT_QPA_PLATFORM=platform(),
                   PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
        env[LAUNCH_TIMES_ENV] = repr(time.time())
        proc = subprocess.run([sys.executable, "-m", "convnet_studio"], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=timeout_s)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{") and "first_paint_s" in line:
            return json.loads(line)
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    raise RuntimeError(f"the app (exit code {proc.returncode}) printed no launch times: {' | '.join(tail)}")


def summarize(reports: list[dict]) -> dict:
    """Median, min and max of every figure, plus the runs themselves."""
    out: dict = {"runs": len(reports), "platform": platform(), "target_first_paint_s": TARGET_FIRST_PAINT_S}
    for name in FIGURES:
        values = [float(r[name]) for r in reports if name in r]
        if values:
            out[f"{name}_median"] = round(statistics.median(values), 3)
            out[f"{name}_min"] = round(min(values), 3)
            out[f"{name}_max"] = round(max(values), 3)
            out[f"{name}_runs"] = values
    out["torch_at_first_paint"] = any(bool(r.get("torch_at_first_paint")) for r in reports)
    median = out.get("first_paint_s_median")
    out["meets_target"] = median is not None and median <= TARGET_FIRST_PAINT_S
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--runs", "-n", type=int, default=5, help="measured launches (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="launches before measuring, not counted (default 1)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one launch may take")
    args = parser.parse_args(argv)
    for _ in range(max(0, args.warmup)):
        launch_once(args.timeout)
    reports = [launch_once(args.timeout) for _ in range(max(1, args.runs))]
    result = summarize(reports)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{result['runs']} launches on {result['platform']}:")
    for name in FIGURES:
        if f"{name}_median" in result:
            print(f"  {name:>14}: median {result[f'{name}_median']}, min {result[f'{name}_min']}, "
                  f"max {result[f'{name}_max']}")
    print(f"  PyTorch imported before the first paint: {result['torch_at_first_paint']}")
    print(f"  median first paint <= {TARGET_FIRST_PAINT_S} s: {result['meets_target']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Input probes: latency from a slider move to redrawn feature maps and probabilities, and GUI stalls.

    python benchmarks/bench_probe.py [--json] [--moves 60] [--train-seconds 10]

Opens the real MainWindow on the seed net and the built-in shapes data, feature-maps tab
shown, probe controls open. Idle (no run): moves the "Shift x" slider ``--moves`` times,
one move at a time, and times each from ``setValue`` to the end of the view's redraw of the
answer (maps and probabilities: ``latency_median_ms``, ``latency_p95_ms``; targets ≤ 50 / ≤ 100
on the CPU). Then trains for ``--train-seconds`` while the slider moves every ``--move-ms``
(as a user dragging it) and a 5 ms precise timer in the GUI thread measures how late it fires
(``stall_max_ms``, target ≤ 50; the first second after Train is left out, as in bench_gui.py);
``live_latency_median_ms`` is the same latency while training. Last, ``recording`` is
bench_timelapse.py's measure of what recording the time-lapse costs the training
(``recording_ratio``: speed with the recorder / speed without; target ≥ 0.98).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common  # noqa: F401  (puts the repository on sys.path, offscreen Qt)

import numpy as np
from PySide6.QtCore import QEventLoop, Qt, QTimer

from convnet_studio.core.model.presets import get_preset
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.gui.app import make_app
from convnet_studio.gui.diagnostics.stall_probe import StallProbe, summarize_stalls
from convnet_studio.gui.main_window import MainWindow
from convnet_studio.gui.settings import Settings


def spin(seconds: float, until=None) -> None:
    """Run the event loop for ``seconds`` or until ``until()`` holds (checked every 2 ms)."""
    loop = QEventLoop()
    deadline = time.perf_counter() + seconds
    check = QTimer(interval=2)
    check.setTimerType(Qt.TimerType.PreciseTimer)
    check.timeout.connect(lambda: loop.quit() if time.perf_counter() >= deadline or (until and until()) else None)
    check.start()
    loop.exec()
    check.stop()


class RedrawClock:
    """Times the feature-maps view's redraws: which maps (one dict per answer) each one drew, and when."""

    def __init__(self, view):
        self.view = view
        self.drawn_maps = None
        self.drawn_at = 0.0
        redraw = view._redraws._redraw

        def timed():
            redraw()
            self.drawn_maps, self.drawn_at = view._maps, time.perf_counter()
        view._redraws._redraw = timed


def one_move(slider, value: int, clock: RedrawClock, timeout_s: float = 10.0) -> float:
    """Move ``slider`` to ``value``; ms until a redraw shows an answer that came after the move."""
    before = clock.view._maps
    t0 = time.perf_counter()
    slider.setValue(value)

    def drawn() -> bool:
        return clock.drawn_maps is not before and clock.drawn_maps is clock.view._maps and bool(clock.drawn_maps)
    spin(timeout_s, until=drawn)
    return (clock.drawn_at - t0) * 1000.0 if drawn() else float("nan")


def percentile(values, q) -> float:
    values = [v for v in values if v == v]
    return round(float(np.percentile(values, q)), 1) if values else float("nan")


def recording_cost(steps: int) -> dict:
    """bench_timelapse.py's result: training with the time-lapse recorder against without
    (``ratio`` = speed with / speed without), in a fresh process so the window's threads are gone."""
    out = subprocess.run([sys.executable, str(Path(__file__).with_name("bench_timelapse.py")), "--json",
                          "--steps", str(steps), "--repeats", "3"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--moves", type=int, default=60)
    parser.add_argument("--train-seconds", type=float, default=10.0)
    parser.add_argument("--move-ms", type=int, default=40, help="slider moves while training, every this many ms")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--recording-steps", type=int, default=1500,
                        help="steps per run of the time-lapse recording cost (bench_timelapse.py); 0: skip it")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    app = make_app()
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(settings=Settings(Path(tmp) / "s.ini"), spec=get_preset("seed"),
                            config=TrainConfig(batch_size=args.batch_size, epochs=10_000),
                            dataset="shapes", interactive=False, restore=False)
        window.resize(width, height)
        window.show()
        window.select_view("features")
        state, view = window.state, window.views["features"]
        spin(300, until=lambda: state.dataset is not None and window.controller.is_warm)
        spin(1.0)                                         # the first idle snapshot, layout settles
        view.probe_panel.controls_box.setChecked(True)
        slider = view.probe_panel.controls.sliders["shift_x"]
        clock = RedrawClock(view)
        span = max(1, slider.maximum() // 2)
        values = [(k % (2 * span + 1)) - span or span for k in range(1, args.moves + 2)]
        one_move(slider, values[0], clock)                # warm-up
        idle = [one_move(slider, v, clock) for v in values[1:]]

        live, late = [], np.zeros(0)
        if args.train_seconds > 0:
            probe = StallProbe(5)
            probe.start()
            window.run_panel.actions["train"].trigger()
            spin(30, until=lambda: state.run_info is not None)
            started = time.perf_counter()
            k = 0
            while time.perf_counter() - started < args.train_seconds:
                move_start = time.perf_counter()
                live.append(one_move(slider, values[k % len(values)], clock, timeout_s=2.0))
                k += 1
                spin(max(0.0, args.move_ms / 1000.0 - (time.perf_counter() - move_start)))
            probe.stop()
            late = probe.samples_after(1.0)
            window.controller.stop()
            spin(10, until=lambda: not state.is_running)
        window.shutdown()
        window.close()

    stalls = summarize_stalls(late) if len(late) else {}
    result = {"latency_median_ms": percentile(idle, 50), "latency_p95_ms": percentile(idle, 95),
              "latency_max_ms": percentile(idle, 100), "moves": len(idle),
              "live_latency_median_ms": percentile(live, 50), "live_latency_p95_ms": percentile(live, 95),
              "live_moves": len(live), **stalls,
              "targets": {"latency_median_ms": 50, "latency_p95_ms": 100, "stall_max_ms": 50,
                          "recording_ratio": 0.98}}
    if args.recording_steps > 0:
        result["recording"] = recording_cost(args.recording_steps)
        result["recording_ratio"] = result["recording"]["ratio"]
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:24s} {value}")
    app.processEvents()


if __name__ == "__main__":
    main()

"""Stamina: the real window through many start/pause/resume/stop cycles and one long run.

    python benchmarks/soak.py [--minutes 10] [--cycles 200] [--json]

The window runs in a child process, so a crash (segfault, abort, Python fatal error)
is counted instead of taking the report down with it. Reports crashes, cycles that
did not complete, OS threads left alive after the runs stopped (compared with the
idle window after its first run), and resident memory at the end over resident
memory one minute in.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common  # noqa: F401 - sets sys.path and the offscreen platform


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def os_threads() -> int:
    return len(os.listdir("/proc/self/task"))


def child(minutes: float, cycles: int) -> dict:
    from PySide6.QtCore import QEventLoop, QTimer

    from convnet_studio.core.train.config import TrainConfig
    from convnet_studio.core.model.presets import get_preset
    from convnet_studio.gui.app import make_app
    from convnet_studio.gui.main_window import MainWindow
    from convnet_studio.gui.settings import Settings

    started = time.perf_counter()
    app = make_app()

    def spin(seconds: float, until=None) -> bool:
        loop, deadline = QEventLoop(), time.perf_counter() + seconds
        check = QTimer(interval=5)
        check.timeout.connect(lambda: (until is not None and until() or time.perf_counter() >= deadline)
                              and loop.quit())
        check.start()
        loop.exec()
        check.stop()
        return until() if until is not None else True

    tmp = tempfile.mkdtemp(prefix="convnet-soak-")
    window = MainWindow(settings=Settings(Path(tmp) / "s.ini"), spec=get_preset("seed"),
                        config=TrainConfig(epochs=100_000), dataset="shapes", interactive=False, restore=False)
    window.resize(1280, 800)
    window.show()
    window.select_view("plots")
    state, actions = window.state, window.run_panel.actions
    spin(300, lambda: state.dataset is not None and window.controller.is_warm)

    counts = {"batches": 0, "paused": 0, "resumed": 0, "ended": 0}
    state.batchMetrics.connect(lambda _e: counts.__setitem__("batches", counts["batches"] + 1))
    state.pausedAt.connect(lambda _e: counts.__setitem__("paused", counts["paused"] + 1))
    state.resumedAt.connect(lambda _e: counts.__setitem__("resumed", counts["resumed"] + 1))
    state.runEnded.connect(lambda _e: counts.__setitem__("ended", counts["ended"] + 1))

    def cycle() -> bool:
        before = dict(counts)
        actions["train"].trigger()
        ok = spin(30, lambda: counts["batches"] > before["batches"])
        actions["pause"].trigger()
        ok &= spin(30, lambda: counts["paused"] > before["paused"])
        actions["resume"].trigger()
        ok &= spin(30, lambda: counts["resumed"] > before["resumed"])
        actions["stop"].trigger()
        ok &= spin(30, lambda: counts["ended"] > before["ended"] and not state.is_running)
        return bool(ok)

    failures = 0 if cycle() else 1
    spin(0.5)
    baseline_threads = os_threads()
    rss_first_minute = None
    for _ in range(cycles - 1):
        failures += 0 if cycle() else 1
        if rss_first_minute is None and time.perf_counter() - started >= 60:
            rss_first_minute = rss_mb()
    spin(0.5)
    threads_after_cycles = os_threads()

    actions["train"].trigger()
    deadline = started + minutes * 60
    while time.perf_counter() < deadline:
        spin(min(5.0, max(0.0, deadline - time.perf_counter())))
        if rss_first_minute is None and time.perf_counter() - started >= 60:
            rss_first_minute = rss_mb()
    steps = int(state.last_metrics.steps[-1]) if state.last_metrics is not None else 0
    points = window.plots_view.plot_points()
    rss_end = rss_mb()
    actions["stop"].trigger()
    stopped = spin(30, lambda: not state.is_running)
    spin(0.5)
    threads_after_long = os_threads()
    joined = window.controller.shutdown()
    window.close()
    rss_first_minute = rss_first_minute or rss_end
    return {"cycles": cycles, "cycle_failures": failures, "long_run_stopped": bool(stopped),
            "threads_left_after_stop": max(0, threads_after_cycles - baseline_threads)
            + max(0, threads_after_long - baseline_threads),
            "compute_thread_joined": bool(joined), "long_run_steps": steps, "plot_points": points,
            "rss_first_minute_mb": round(rss_first_minute, 1), "rss_end_mb": round(rss_end, 1),
            "rss_ratio": round(rss_end / rss_first_minute, 4), "minutes": minutes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.minutes, args.cycles)), flush=True)
        return
    proc = subprocess.run([sys.executable, __file__, "--child", "--minutes", str(args.minutes),
                           "--cycles", str(args.cycles)], capture_output=True, text=True)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1]) if lines and proc.returncode == 0 else {}
    result["crashes"] = 0 if proc.returncode == 0 and lines else 1
    if result["crashes"]:
        result["exit_status"] = proc.returncode
        result["stderr_tail"] = proc.stderr[-2000:]
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:24s} {value}")


if __name__ == "__main__":
    main()

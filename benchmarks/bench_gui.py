"""The whole window live while training, against a bare PyTorch loop in the same process.

    python benchmarks/bench_gui.py [--json] [--seconds 48] [--batch-size 32]

Trains the seed net on the built-in shapes data in the real MainWindow (plots tab
shown, plus a filters view and a feature-maps view in their own windows, so all
three refresh at once) for ``--seconds``, as ``--segments`` runs (Train ... Stop, as a
user would) with a bare-loop run between two of them, so a machine whose speed
drifts affects both sides alike. Every other run is *probed*: a 5 ms Qt.PreciseTimer
in the GUI thread measures how late it fires (stalls; the first second of each run is
left out, as the targets say). The probe is the benchmark's, not the window's, and it
costs training time itself (200 wake-ups a second, each taking Python's GIL: about 2 %
of a core on the GUI thread), so the speed and the GUI thread's CPU are taken from the
runs without it; ``ratio_vs_tuned_probed`` gives the probed runs' figure too.
``first_point_ms`` is from pressing Train to the first training-loss point on the plot.

The reference is the bare loop (``ratio``) and the bare loop given the studio's kernel
choices (``ratio_vs_tuned``; see common.py). This machine's speed drifts by tens of percent
within a minute, so each window run is compared with the bare loops measured right before
and right after it (their mean; each tuned one the median of three short loops), and the
ratios are the medians of these paired ratios (``pairs_vs_tuned`` lists them, to show how far
one benchmark's figure can be trusted); a run's figure is the median of its epochs' images/s.
``*_unpaired`` give the plain ratio of the medians over the whole benchmark, for comparison.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from common import bare_loop_img_per_s, median

import numpy as np

from PySide6.QtCore import QEventLoop, Qt, QTimer

from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.data.sources import load_dataset
from convnet_studio.core.model.presets import get_preset
from convnet_studio.core.util.threads import release_openmp_pool
from convnet_studio.gui.app import make_app
from convnet_studio.gui.main_window import MainWindow
from convnet_studio.gui.settings import Settings
from convnet_studio.gui.diagnostics.stall_probe import StallProbe, summarize_stalls
from convnet_studio.gui.views.feature_maps_view import FeatureMapsView
from convnet_studio.gui.views.filters_view import FiltersView

# Each tuned reference is the median of this many short bare loops: one 0.7 s loop is as
# noisy as the window run it is compared with.
TUNED_REPEATS = 3


def main_thread_cpu_s() -> float:
    """CPU seconds used so far by the main (GUI) thread, from /proc (Linux); 0 elsewhere."""
    try:
        with open(f"/proc/self/task/{os.getpid()}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def spin(seconds: float, until=None) -> None:
    """Run the event loop for ``seconds`` or until ``until()`` holds (checked every 5 ms).

    Without ``until`` one timer ends the wait: a 5 ms poll would add its own wake-ups to
    the GUI thread's load while the window is being measured.
    """
    loop = QEventLoop()
    if until is None:
        QTimer.singleShot(max(0, int(seconds * 1000)), loop, loop.quit)
        loop.exec()
        return
    deadline = time.perf_counter() + seconds
    check = QTimer(interval=5)
    check.setTimerType(Qt.TimerType.PreciseTimer)

    def tick():
        if time.perf_counter() >= deadline or (until is not None and until()):
            loop.quit()
    check.timeout.connect(tick)
    check.start()
    loop.exec()
    check.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seconds", type=float, default=48.0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--segments", type=int, default=8,
                        help="window runs, with bare-loop runs between them (every other one probed)")
    parser.add_argument("--plots-only", dest="all_views", action="store_false",
                        help="only the plots tab (no extra filters / feature-map windows)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    app = make_app()
    spec = get_preset("seed")
    data = load_dataset("shapes")
    bare, tuned = [], []

    def bare_runs(times: int) -> None:
        for _ in range(times):
            bare.append(bare_loop_img_per_s(spec, data, args.batch_size, 250))
            tuned.append(median([bare_loop_img_per_s(spec, data, args.batch_size, 250, tuned=True)
                                 for _ in range(TUNED_REPEATS)]))
        release_openmp_pool()          # as pressing Train does: only the training thread keeps a pool
    bare_runs(3)

    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(settings=Settings(Path(tmp) / "s.ini"), spec=spec,
                            config=TrainConfig(batch_size=args.batch_size, epochs=10_000),
                            dataset="shapes", interactive=False, restore=False)
        window.resize(width, height)
        window.show()
        window.select_view("plots")
        extra = [FiltersView(window.state), FeatureMapsView(window.state)] if args.all_views else []
        for i, view in enumerate(extra):
            view.resize(640, 480)
            view.move(40 + 60 * i, 40 + 60 * i)
            view.show()
        spin(300, until=lambda: window.state.dataset is not None and window.controller.is_warm)
        spin(1.0)                                    # first idle snapshot, layout settles
        state, plots = window.state, window.plots_view
        runs = {True: [], False: []}            # probed or not -> (its epochs' images/s, bare runs before it)
        thread_choices, probed = [], [False]
        state.epochEnded.connect(lambda e: runs[probed[0]][-1][0].append(e.img_per_s))
        state.threadsChanged.connect(lambda e: thread_choices.append(f"{e.threads}: {e.reason}"))
        first_point, late, gui_cpu_s, gui_wall_s, last = [], [], 0.0, 0.0, None
        segment_s = args.seconds / max(1, args.segments)
        for k in range(args.segments):
            if k:
                spin(0.3)                              # the compute thread lets its OpenMP pool go
                bare_runs(1)
            probed[0] = k % 2 == 1
            runs[probed[0]].append(([], len(bare)))
            probe = StallProbe(5)
            if probed[0]:
                probe.start()
            cpu0 = main_thread_cpu_s()
            pressed = time.perf_counter()
            window.run_panel.actions["train"].trigger()

            def plotted() -> bool:
                data_x = plots.raw_curve.getOriginalDataset()[0]
                if data_x is not None and len(data_x) and not first_point:
                    first_point.append((time.perf_counter() - pressed) * 1000.0)
                return bool(first_point)
            if not first_point:
                spin(30, until=plotted)
            spin(max(0.0, segment_s - (time.perf_counter() - pressed)))
            if probed[0]:
                probe.stop()
                late.append(probe.samples_after(1.0))
            else:
                gui_cpu_s += main_thread_cpu_s() - cpu0
                gui_wall_s += time.perf_counter() - pressed
            last = state.last_metrics or last
            window.controller.stop()
            spin(10, until=lambda: not state.is_running)
        gui_cpu = gui_cpu_s / max(gui_wall_s, 1e-9)
        stalls = summarize_stalls(np.concatenate(late) if late else np.zeros(0))
        points = plots.plot_points()
        window.shutdown()
        for view in extra:
            view.close()
        window.close()
    bare_runs(3)

    fallback = last.img_per_s if last is not None else 0.0
    epochs = {p: [v for run_epochs, _ in runs[p] for v in run_epochs] for p in (True, False)}
    studio = median(epochs[False]) if epochs[False] else fallback
    studio_probed = median(epochs[True]) if epochs[True] else fallback

    def pairs(reference: list, probed_runs: bool) -> list[float]:
        """Per run: (the run's median epoch) / (mean of the bare runs around it)."""
        return [round(median(run_epochs) / ((reference[i - 1] + reference[i]) / 2), 3)
                for run_epochs, i in runs[probed_runs] if run_epochs and 0 < i < len(reference)]

    def paired(reference: list, probed_runs: bool) -> float:
        """The median of ``pairs``."""
        ratios = pairs(reference, probed_runs)
        return round(median(ratios), 3) if ratios else 0.0
    result = {"img_per_s": round(studio, 1), "bare_img_per_s": round(median(bare), 1),
              "tuned_bare_img_per_s": round(median(tuned), 1),
              "ratio": paired(bare, False), "ratio_vs_tuned": paired(tuned, False),
              "ratio_vs_tuned_probed": paired(tuned, True),
              "pairs_vs_tuned": pairs(tuned, False),
              "ratio_unpaired": round(studio / median(bare), 3),
              "ratio_vs_tuned_unpaired": round(studio / median(tuned), 3),
              **stalls,
              "first_point_ms": round(first_point[0], 1) if first_point else None,
              "gui_thread_cpu": round(gui_cpu, 3), "epochs": len(epochs[False]) + len(epochs[True]), "plot_points": points, "batch_size": args.batch_size,
              "seconds": args.seconds, "bare_runs": [round(v) for v in bare], "tuned_runs": [round(v) for v in tuned],
              "studio_runs": [[round(v) for v in run_epochs] for run_epochs, _ in runs[False]],
              "studio_runs_probed": [[round(v) for v in run_epochs] for run_epochs, _ in runs[True]], "thread_choices": thread_choices}
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:16s} {value}")


if __name__ == "__main__":
    main()

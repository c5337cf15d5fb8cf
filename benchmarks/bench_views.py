"""GUI-thread cost of the live views, measured on synthetic data.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_views.py [--json] [--size 1280x800]

* ``loss_redraw_100k_ms``: one redraw of a 100k-step loss curve (raw + smoothed
  setData, then a synchronous repaint of the plots), target <= 10 ms;
* ``plots_redraw_100k_ms``: the same with every per-step curve (loss, accuracy, lr);
* ``feature_maps_refresh_ms``: a seed-net Snapshot arriving for the probe image, handled
  and drawn (layer 0 tiles + probability bars + repaint), target <= 20 ms;
* ``feature_maps_all_layers_ms``: drawing each of the seed net's 12 layers in turn;
* ``filters_redraw_ms``: the filters grid of the second conv, one tile per input channel.

Each figure is the median (and min) of repeated runs; the snapshot itself is computed
once beforehand (on the real training thread it never touches the GUI thread).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402


def _timed(fn, repeats: int) -> dict:
    fn()                                           # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return {"median": round(statistics.median(times), 2), "min": round(min(times), 2)}


def _fill_plots(state, events, n: int) -> None:
    rng = np.random.default_rng(0)
    state.runStarted.emit(events.RunStarted("cpu", n, 1000, 0, 0, 62006))
    for s0 in range(0, n, 1000):
        steps = np.arange(s0 + 1, s0 + 1001)
        base = 2.3 * np.exp(-steps / 20000) + 0.2
        state.batchMetrics.emit(events.BatchMetrics(
            s0 // 1000, steps, (base + rng.normal(0, 0.15, 1000)).astype(np.float32),
            np.clip(1 - base / 2.5 + rng.normal(0, 0.08, 1000), 0, 1).astype(np.float32),
            0.01 if s0 < n // 2 else 0.001, 3000.0, 0, 1000, n))
        state.epochEnded.emit(events.EpochEnd(s0 // 1000 + 1, s0 + 1000, float(base.mean()),
                                              0.5, float(base.mean()) + 0.1, 0.5, 3000.0, 10.0, 0.01))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--size", default="1280x800", help="view size WxH (default 1280x800)")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))

    import torch
    from PySide6.QtWidgets import QApplication

    from convnet_studio.core import events
    from convnet_studio.core.model.builder import build
    from convnet_studio.core.model.presets import get_preset
    from convnet_studio.core.inspect.probes import ProbeSource, make_snapshot
    from convnet_studio.gui.state import StudioState
    from convnet_studio.gui.views.feature_maps_view import FeatureMapsView
    from convnet_studio.gui.views.filters_view import FiltersView
    from convnet_studio.gui.views.plots_view import PlotsView

    app = QApplication.instance() or QApplication([])
    state = StudioState(spec=get_preset("seed"))
    results = {"size": f"{width}x{height}"}

    plots = PlotsView(state)
    plots.resize(width, height)
    plots.show()
    _fill_plots(state, events, 100_000)
    plots.flush()
    app.processEvents()
    results["plot_points"] = plots.plot_points()

    def loss_redraw():
        h = plots.history()
        plots.raw_curve.setData(h.step.view(), h.loss.view())
        plots.smooth_curve.setData(h.step.view(), h.loss_smooth.view())
        plots.graphics.viewport().repaint()

    def all_redraw():
        plots._dirty_steps = True
        plots._redraw()
        plots.graphics.viewport().repaint()

    results["loss_redraw_100k_ms"] = _timed(loss_redraw, args.repeats)
    results["plots_redraw_100k_ms"] = _timed(all_redraw, args.repeats)
    plots.close()

    torch.manual_seed(0)
    model = build(state.spec, (3, 32, 32), 10)
    image = np.random.default_rng(0).integers(0, 255, (3, 32, 32), dtype=np.uint8)
    state.set_probe_image(ProbeSource.val(0), image, 3)
    snapshot = make_snapshot(model, state.spec, image, (0.5,) * 3, (0.25,) * 3, 100, 1, "val:0")

    maps = FeatureMapsView(state)
    maps.resize(width, height)
    maps.show()
    app.processEvents()

    def refresh():
        state.snapshotReady.emit(snapshot)
        maps.flush()
        for view in (maps.canvas, maps.probs.plot_widget, maps.input_canvas):
            view.viewport().repaint()

    def all_layers():
        for index in snapshot.feature_maps:
            maps.set_layer(index)
            maps.flush()
            maps.canvas.viewport().repaint()
        maps.set_layer(0)
        maps.flush()

    results["feature_maps_refresh_ms"] = _timed(refresh, args.repeats)
    results["feature_maps_all_layers_ms"] = _timed(all_layers, max(5, args.repeats // 3))
    maps.close()

    filters = FiltersView(state)
    filters.resize(width, height)
    filters.show()
    app.processEvents()
    state.snapshotReady.emit(snapshot)
    filters.set_layer(3)
    filters.set_mode("separate")
    filters.flush()

    def filters_redraw():
        filters._redraws.draw()
        filters.canvas.viewport().repaint()

    results["filters_redraw_ms"] = _timed(filters_redraw, args.repeats)
    filters.close()

    if args.json:
        print(json.dumps(results))
    else:
        for key, value in results.items():
            print(f"{key:28s} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

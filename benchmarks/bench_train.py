"""Studio trainer (in its compute QThread, emitting its events) vs a bare PyTorch loop.

    python benchmarks/bench_train.py [--json] [--repeats 5] [--batch-sizes 64,32,4]

Both train the seed net on the built-in shapes data, same images, same batch size,
same thread count, on the CPU unless --device says otherwise. Runs are interleaved
(bare, tuned bare, studio, bare, ...) and the medians are compared: ``ratio`` against
the plain loop, ``ratio_vs_tuned`` against the same loop given the studio's kernel
choices (channels-last, fused Adam; see common.py), which isolates the studio's own
overhead (threads, events, commands). The studio side is
driven exactly as the window drives it: a StudioState and a RunController whose
TrainingWorker runs Trainer.run() in its QThread and sends every event through a
queued signal to the GUI thread, whose event loop is spinning.
"""
from __future__ import annotations

import argparse
import json

from common import bare_loop_img_per_s, median

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.util.threads import release_openmp_pool
from convnet_studio.core.data.sources import load_dataset
from convnet_studio.core.model.presets import get_preset
from convnet_studio.gui.compute.run_controller import RunController
from convnet_studio.gui.state import StudioState

#: the studio runs' ThreadsChanged events (count and reason), reported with each case
THREAD_CHOICES: list = []

#: images per timed run for each batch size (small batches are slower per image)
IMAGES = {4: 2048, 8: 4096}
DEFAULT_IMAGES = 8192


def studio_img_per_s(state: StudioState, controller: RunController, config: TrainConfig) -> float:
    """Train one epoch through the controller; the trainer's own training-time images/s."""
    # The window's GUI thread runs no torch, so it holds no OpenMP pool; this one just ran the
    # bare loop, and a second pool would throttle the training thread's (see core/util/threads.py).
    release_openmp_pool()
    state.set_config(config)
    ended, epochs = [], []
    state.epochEnded.connect(epochs.append)
    state.runEnded.connect(ended.append)
    state.threadsChanged.connect(THREAD_CHOICES.append)
    loop = QEventLoop()
    state.runEnded.connect(loop.quit)
    watchdog = QTimer(singleShot=True, interval=600_000)
    watchdog.timeout.connect(loop.quit)
    watchdog.start()
    reason = controller.start()
    if reason:
        raise SystemExit(f"error: the studio refused to train: {reason}")
    loop.exec()
    for signal, slot in ((state.epochEnded, epochs.append), (state.runEnded, ended.append),
                         (state.runEnded, loop.quit), (state.threadsChanged, THREAD_CHOICES.append)):
        signal.disconnect(slot)
    while state.is_running:            # let the controller see the run finish
        QApplication.processEvents()
    if not epochs:
        raise SystemExit(f"error: the studio run ended without an epoch: {ended[-1].message if ended else '?'}")
    return epochs[-1].img_per_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batch-sizes", default="64,32,4")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--preset", default="seed", help="network to train (seed, vgg_small, ...)")
    parser.add_argument("--images", type=int, default=None, help="images per timed run (default by batch size)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.batch_sizes.split(",")]

    app = QApplication.instance() or QApplication([])
    spec = get_preset(args.preset)
    state = StudioState(spec=spec)
    controller = RunController(state)
    cases = []
    try:
        for bs in sizes:
            n = args.images or max(IMAGES.get(bs, DEFAULT_IMAGES), 8 * bs)
            data = load_dataset("shapes", n_train=n, n_val=256)
            state.set_dataset(data)
            config = TrainConfig(batch_size=bs, epochs=1, seed=0, device=args.device, metrics_hz=10.0)
            # warm-up of both paths (first-use costs: allocator, lazy imports)
            bare_loop_img_per_s(spec, data, bs, 20, device=args.device)
            studio_img_per_s(state, controller, config.replace(epochs=1))
            bare_loop_img_per_s(spec, data, bs, 20, device=args.device, tuned=True)
            bare, tuned, studio = [], [], []
            THREAD_CHOICES.clear()
            for _ in range(args.repeats):
                bare.append(bare_loop_img_per_s(spec, data, bs, n // bs, device=args.device))
                tuned.append(bare_loop_img_per_s(spec, data, bs, n // bs, device=args.device, tuned=True))
                studio.append(studio_img_per_s(state, controller, config))
            case = {"batch_size": bs, "bare_img_per_s": round(median(bare), 1),
                    "tuned_bare_img_per_s": round(median(tuned), 1),
                    "studio_img_per_s": round(median(studio), 1),
                    "ratio": round(median(studio) / median(bare), 3),
                    "ratio_vs_tuned": round(median(studio) / median(tuned), 3),
                    "bare_runs": [round(v) for v in bare], "tuned_runs": [round(v) for v in tuned],
                    "studio_runs": [round(v) for v in studio],
                    "thread_choices": [f"{e.threads}: {e.reason}" for e in THREAD_CHOICES]}
            cases.append(case)
            if not args.json:
                print(f"batch {bs:4d}: bare {case['bare_img_per_s']:8.0f} img/s, tuned bare "
                      f"{case['tuned_bare_img_per_s']:8.0f}, studio {case['studio_img_per_s']:8.0f} img/s, "
                      f"ratio {case['ratio']:.3f} (vs tuned {case['ratio_vs_tuned']:.3f})", flush=True)
    finally:
        controller.shutdown()
    if args.json:
        print(json.dumps({"cases": cases}))
    app.processEvents()


if __name__ == "__main__":
    main()

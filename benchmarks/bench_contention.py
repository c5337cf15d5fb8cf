"""Training speed on a busy CPU: PyTorch's default thread count, one thread, and the studio's choice.

    python benchmarks/bench_contention.py [--json] [--seconds 45] [--rounds 9] [--loads none,busy,training]

For each load beside the training -- ``none``; ``busy``: one Python process spinning on
one core; ``training``: a second PyTorch training with PyTorch's default threads, as a
learner's second experiment would be -- the seed net trains on the built-in shapes data
(batch 32) for ``--seconds`` each way: a plain loop with PyTorch's default thread count,
the same loop with one thread, and the studio's ``Trainer`` with adaptive threads (the
default). The plain loop is given the studio's kernel choices (channels-last, fused Adam;
``common.bare_loop_img_per_s(tuned=True)``), so the ratios measure the thread choice alone.
The studio's figure counts every step, its measuring rounds included, and leaves out only
its end-of-epoch evaluations (the plain loop has none).

This machine's speed drifts by tens of percent within seconds, so the three ways take
turns: ``--rounds`` rounds of all three (the order rotated each round; by default 5 s each
way per round), each ratio is taken within a round, and the figures printed are the
medians over the rounds (single rounds spread 0.6-1.3 here). The studio's runs under one
load follow each other as a learner's "Train again" would: each starts from the thread
count the one before settled on; each load starts with that memory cleared, so one load's
figure does not carry the hold of a choice made under the load before.

Prints, per load, images/s of each and ``studio_vs_best_fixed`` (against the faster of the
two fixed counts in the same round) and ``studio_vs_default``; ``--json`` adds the rounds.
The loads run as child processes of this one.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from common import median  # (common also sets up sys.path and the offscreen platform)

import torch
import torch.nn.functional as F

from convnet_studio.core import events as ev
from convnet_studio.core.data.sources import load_dataset
from convnet_studio.core.model.builder import build
from convnet_studio.core.model.presets import get_preset
from convnet_studio.core.train.adaptive_threads import REMEMBERED
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.device import preferred_memory_format
from convnet_studio.core.train.hooks import TrainerHooks
from convnet_studio.core.train.trainer import Trainer

BATCH = 32
LOADS = ("none", "busy", "training")


def timed_loop(spec, data, threads: int, seconds: float) -> float:
    """Images/s of a plain (kernel-tuned) loop with ``threads`` intra-op threads, for ``seconds``."""
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    device = torch.device("cpu")
    model = build(spec, data.input_shape, data.num_classes)
    memory_format = preferred_memory_format(model, device, mixed_precision=False)
    if memory_format is not None:
        model = model.to(memory_format=memory_format)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
    x_all, y_all = data.train_x, data.train_y
    mean = torch.tensor(data.mean).view(1, -1, 1, 1)
    std = torch.tensor(data.std).view(1, -1, 1, 1)
    n = x_all.shape[0]
    perm = torch.randperm(n)

    def step(i: int) -> None:
        start = (i * BATCH) % (n - BATCH)
        idx = perm[start:start + BATCH]
        x = (x_all[idx].float() / 255.0 - mean) / std
        if memory_format is not None:
            x = x.contiguous(memory_format=memory_format)
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y_all[idx]).backward()
        opt.step()

    step(0)
    t0, i = time.perf_counter(), 1
    while time.perf_counter() - t0 < seconds:
        step(i)
        i += 1
    return (i - 1) * BATCH / (time.perf_counter() - t0)


class _StopAfter(TrainerHooks):
    """Stops the run after ``seconds`` of training; counts images and the time spent in steps."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.images = 0
        self.train_s = 0.0
        self._last = None
        self.threads = []

    def on_run_start(self, trainer):
        self._last = self._t0 = time.perf_counter()

    def on_step_end(self, trainer):
        now = time.perf_counter()
        self.images += trainer.config.batch_size
        self.train_s += now - self._last
        self._last = now
        self.threads.append(torch.get_num_threads())
        if now - self._t0 >= self.seconds:
            trainer.stop()

    def on_epoch_end(self, trainer):
        self._last = time.perf_counter()       # the evaluation is not training time


def studio_run(spec, data, seconds: float) -> tuple:
    """(images/s, the thread count chosen last, its reason) of the studio's trainer for ``seconds``."""
    torch.set_num_threads(torch.get_num_threads())
    meter = _StopAfter(seconds)
    config = TrainConfig(epochs=10_000, batch_size=BATCH, device="cpu")
    last = None
    for event in Trainer(spec, config, data, hooks=[meter]).run():
        if isinstance(event, ev.ThreadsChanged):
            last = event
    return meter.images / max(meter.train_s, 1e-9), last.threads if last else None, last.reason if last else ""


def start_load(kind: str):
    """The child process that makes the load, once it is running (None for ``none``)."""
    if kind == "none":
        return None
    if kind == "busy":
        proc = subprocess.Popen([sys.executable, "-c", "import sys; print('ready', flush=True)\nwhile True: pass"],
                                stdout=subprocess.PIPE, text=True)
    else:
        proc = subprocess.Popen([sys.executable, __file__, "--load-worker"], stdout=subprocess.PIPE, text=True)
    proc.stdout.readline()          # "ready": the load is running
    time.sleep(1.0)
    return proc


def load_worker() -> None:
    """A second training with PyTorch's default thread count, until killed."""
    data = load_dataset("shapes")
    spec = get_preset("seed")
    print("ready", flush=True)
    while True:
        timed_loop(spec, data, torch.get_num_threads(), 30.0)


WAYS = ("default", "one", "studio")


def measure_way(way: str, spec, data, default_threads: int, seconds: float) -> tuple:
    """(images/s, the studio's thread choice and reason or None) of one way for ``seconds``."""
    if way == "studio":
        torch.set_num_threads(default_threads)
        return studio_run(spec, data, seconds)
    rate = timed_loop(spec, data, default_threads if way == "default" else 1, seconds)
    return rate, None, ""


def measure_load(spec, data, default_threads: int, seconds: float, rounds: int) -> dict:
    """Every way ``rounds`` times under the running load, interleaved; per-round ratios and medians."""
    per_round, chosen, reason = [], None, ""
    for r in range(rounds):
        got = {}
        for way in WAYS[r % 3:] + WAYS[:r % 3]:        # rotated: no way always runs first
            got[way], threads, why = measure_way(way, spec, data, default_threads, seconds / rounds)
            if way == "studio":
                chosen, reason = threads, why
        torch.set_num_threads(default_threads)
        got["vs_best_fixed"] = got["studio"] / max(got["default"], got["one"])
        got["vs_default"] = got["studio"] / got["default"]
        per_round.append(got)
    return {
        f"default_{default_threads}_threads": round(median(r["default"] for r in per_round), 1),
        "one_thread": round(median(r["one"] for r in per_round), 1),
        "studio": round(median(r["studio"] for r in per_round), 1),
        "studio_threads": chosen, "studio_reason": reason,
        "studio_vs_best_fixed": round(median(r["vs_best_fixed"] for r in per_round), 3),
        "studio_vs_default": round(median(r["vs_default"] for r in per_round), 3),
        "rounds": [{k: round(v, 3 if k.startswith("vs_") else 1) for k, v in r.items()} for r in per_round]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--json", action="store_true")
    p.add_argument("--seconds", type=float, default=45.0, help="seconds of each way per load, over all rounds")
    p.add_argument("--rounds", type=int, default=9, help="interleaved rounds per load")
    p.add_argument("--loads", default=",".join(LOADS))
    p.add_argument("--load-worker", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.load_worker:
        load_worker()
        return
    if args.rounds < 1 or args.seconds <= 0:
        p.error("--rounds must be at least 1 and --seconds positive")
    loads = args.loads.split(",")
    for kind in loads:
        if kind not in LOADS:
            p.error(f"--loads takes {', '.join(LOADS)}, not {kind!r}")
    default_threads = torch.get_num_threads()
    data = load_dataset("shapes")
    spec = get_preset("seed")
    results = {}
    for kind in loads:
        REMEMBERED.clear()
        proc = start_load(kind)
        try:
            results[kind] = r = measure_load(spec, data, default_threads, args.seconds, args.rounds)
        finally:
            if proc is not None:
                proc.kill()
                proc.wait()
            torch.set_num_threads(default_threads)
        if not args.json:
            print(f"{kind:>9}: default {r[f'default_{default_threads}_threads']:8,.0f}  1 thread {r['one_thread']:8,.0f}"
                  f"  studio {r['studio']:8,.0f} img/s ({r['studio_threads']} threads) -> vs best fixed "
                  f"{r['studio_vs_best_fixed']:.2f}, vs default {r['studio_vs_default']:.2f} "
                  f"(medians of {args.rounds} rounds)", flush=True)
    if args.json:
        print(json.dumps({"bench": "contention", "seconds": args.seconds, "rounds": args.rounds,
                          "cpus": default_threads, "loads": results}))


if __name__ == "__main__":
    main()

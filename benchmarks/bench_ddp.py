"""Data-parallel training: images/s of ``train`` in 1 process against N processes (``--nproc``).

    python benchmarks/bench_ddp.py [--json] [--device cpu|cuda] [--procs 1,2] [--preset seed]
                                   [--dataset shapes] [--batch-size 128] [--epochs 3] [--repeats 1]

Each measurement is a fresh ``python -m convnet_studio train --json`` (with ``--nproc N`` for
N > 1) and reads the ``done`` line's ``img_per_s``: the global images per second of the
training steps, epoch evaluation excluded, start-up excluded. On the CPU every process gets
``cores // N`` OpenMP threads, so on a 2-core machine expect about no gain: the point there
is that the numbers (and the losses, ``final_val_acc``) agree. On CUDA each process has its
own GPU (``--procs`` at most the number of GPUs) and the nccl backend.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(procs: int, args) -> dict:
    """One ``train`` run in ``procs`` processes: its ``done`` line plus the wall time."""
    cmd = [sys.executable, "-m", "convnet_studio", "train", "--json", "--dataset", args.dataset,
           "--preset", args.preset, "--epochs", str(args.epochs), "--batch-size", str(args.batch_size),
           "--device", args.device, "--seed", "0", "--no-keep"]
    if procs > 1:
        cmd += ["--nproc", str(procs)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if procs == 1:
        env.setdefault("OMP_NUM_THREADS", str(os.cpu_count() or 1))
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=args.timeout)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    last = lines[-1]
    return {"img_per_s": last["img_per_s"], "val_acc": last["val_acc"],
            "train_loss": [e["train_loss"] for e in lines if e["event"] == "epoch"]}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    p.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    p.add_argument("--procs", default="1,2", help="process counts to compare, e.g. 1,2,4,8")
    p.add_argument("--preset", default="seed")
    p.add_argument("--dataset", default="shapes")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--repeats", type=int, default=1, help="runs per process count (the median is kept)")
    p.add_argument("--timeout", type=float, default=1800.0, help="seconds one run may take")
    args = p.parse_args(argv)
    results = {}
    for procs in [int(n) for n in args.procs.split(",")]:
        runs = [measure(procs, args) for _ in range(args.repeats)]
        rate = statistics.median(r["img_per_s"] for r in runs)
        results[procs] = {"img_per_s": rate, "val_acc": runs[0]["val_acc"], "train_loss": runs[0]["train_loss"]}
    base = results[min(results)]["img_per_s"] or 1e-9
    report = {"benchmark": "ddp", "device": args.device, "preset": args.preset, "dataset": args.dataset,
              "batch_size": args.batch_size, "epochs": args.epochs, "cpu_count": os.cpu_count(),
              "runs": {str(n): {**r, "speedup": round(r["img_per_s"] / base, 3)} for n, r in results.items()}}
    if args.json:
        print(json.dumps(report))
    else:
        for n, r in report["runs"].items():
            print(f"{n} process(es): {r['img_per_s']:10.1f} img/s  x{r['speedup']:.2f}  val_acc {r['val_acc']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Runs workspace: how fast a workspace of many kept runs lists (the goal: 500 runs in under 1 s).

    python benchmarks/bench_runs.py [--runs 500] [--repeats 5] [--dir DIR]

Makes a workspace of ``--runs`` run folders as the trainer leaves them (run.json with
the seed net's spec and config, a metrics.csv of 10 epochs, steps.csv, a small file
standing in for each checkpoint), one of them with a corrupt run.json, then times:
``list_s`` (``core.runs.workspace.list_runs``: what the runs panel and ``runs list`` do),
``cli_list_s`` (``convnet-studio runs list --json`` in this process, disk use included),
and ``disk_usage_s``. Prints one JSON object; ``ok`` is true when listing took < 1 s and
the corrupt run was listed as unreadable. Builds no network and imports no torch.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from convnet_studio.core.model.presets import get_preset  # noqa: E402
from convnet_studio.core.runs.folder import RunFolder  # noqa: E402
from convnet_studio.core.runs.workspace import disk_usage, list_runs  # noqa: E402
from convnet_studio.core.train.config import TrainConfig  # noqa: E402

LIMIT_S = 1.0


def make_workspace(root: Path, runs: int) -> str:
    """``runs`` finished runs in ``root``; returns the id of the one whose run.json is corrupt."""
    spec, config = get_preset("seed").to_dict(), TrainConfig().to_dict()
    dataset = {"name": "shapes", "input_shape": [3, 32, 32], "num_classes": 10, "train_size": 10000, "val_size": 2000}
    corrupt = ""
    for i in range(runs):
        folder = RunFolder.create(root, f"run {i}", status="finished", spec=spec, config=dict(config, lr=1e-3 * (1 + i % 7)),
                                  dataset=dataset, metrics={"best_val_acc": 0.5 + (i % 40) / 100, "best_epoch": 9,
                                                            "final": {"epoch": 10, "val_acc": 0.6}})
        for epoch in range(1, 11):
            folder.append_metrics({"epoch": epoch, "step": 313 * epoch, "train_loss": 1.0 / epoch, "train_acc": 0.5,
                                   "val_loss": 1.1 / epoch, "val_acc": 0.5, "lr": 1e-3, "elapsed_s": 3.0 * epoch})
        folder.append_steps({"step": s, "epoch": 1 + s // 313, "loss": 1.0, "lr": 1e-3, "acc": 0.5}
                            for s in range(1, 3131, 10))
        folder.checkpoints_dir.mkdir()
        for name in ("latest", "best"):
            (folder.checkpoints_dir / f"{name}.pt").write_bytes(b"\0" * 4096)
        if i == runs // 2:
            folder.meta_path.write_text('{"format": "convnet-studio-run-folder", "version": 1, "id": ')
            corrupt = folder.id
    return corrupt


def timed(fn, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=500)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--dir", help="make the workspace here (default: a temporary folder)")
    args = p.parse_args()
    with contextlib.ExitStack() as stack:
        root = Path(args.dir) if args.dir else Path(stack.enter_context(tempfile.TemporaryDirectory()))
        t0 = time.perf_counter()
        corrupt = make_workspace(root / "runs", args.runs)
        made_s = time.perf_counter() - t0
        list_s, runs = timed(lambda: list_runs(root / "runs"), args.repeats)
        du_s, _ = timed(lambda: disk_usage(root / "runs"), args.repeats)

        def cli():
            from convnet_studio.cli import main as cli_main
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                cli_main(["runs", "list", "--json", "--runs-dir", str(root / "runs")])
            return json.loads(out.getvalue())
        cli_s, listed = timed(cli, args.repeats)
        unreadable = [info.id for info in runs if info.status == "unreadable"]
        print(json.dumps({
            "runs": len(runs), "make_s": round(made_s, 3), "list_s": round(list_s, 4),
            "cli_list_s": round(cli_s, 4), "disk_usage_s": round(du_s, 4), "limit_s": LIMIT_S,
            "unreadable": unreadable, "cli_listed": len(listed),
            "ok": list_s < LIMIT_S and cli_s < LIMIT_S and unreadable == [corrupt] and len(listed) == args.runs,
        }))


if __name__ == "__main__":
    main()

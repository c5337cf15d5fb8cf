"""Data path: the studio against the tutorial's torchvision DataLoader + PIL pipeline.

    python benchmarks/bench_data.py [--json] [--images 12000] [--big 60000]

Writes a folder of 32x32 JPEG "photos" (the built-in shapes, train/<class>/ and
test/<class>/), then measures on exactly those files:

1. ``loader``: images per second delivered as normalised training batches, one
   epoch at batch 32: the studio (load the folder into memory once, then slice,
   normalise on the batch) against ``ImageFolder`` + ``ToTensor`` + ``Normalize`` in a
   ``DataLoader`` with 2 workers, as the tutorial does.
2. ``train``: the tutorial script (that DataLoader, the LeNet seed net, Adam 1e-3,
   batch 32, one epoch, then test accuracy) against the studio's ``Trainer`` on the
   same folder with the same hyperparameters, loading time included (loaded as the
   CLI loads it: decoding in forked processes). Accuracies
   should agree within noise; the studio should be >= 3x faster.
3. ``big_load``: seconds to load a folder of ``--big`` small JPEGs into memory (with
   the progress callback the GUI and the CLI use).
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from common import median  # noqa: F401 - sets sys.path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from convnet_studio.core.model.builder import build
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.data.sources import load_dataset
from convnet_studio.core.model.presets import get_preset
from convnet_studio.core.data.shapes import make_shapes
from convnet_studio.core.train.trainer import Trainer
from convnet_studio.core import events


def write_folder(root: Path, n_train: int, n_test: int, seed: int = 0) -> Path:
    """Save shapes images as JPEG files in train/<class>/ and test/<class>/."""
    ds = make_shapes(n_train, n_test, seed)
    for split, x, y in (("train", ds.train_x, ds.train_y), ("test", ds.val_x, ds.val_y)):
        for name in ds.class_names:
            (root / split / name).mkdir(parents=True, exist_ok=True)
        arr = x.permute(0, 2, 3, 1).numpy()
        for i, (img, label) in enumerate(zip(arr, y.tolist())):
            Image.fromarray(img).save(root / split / ds.class_names[label] / f"{i:06d}.jpg", quality=92)
    return root


def tutorial_loaders(root: Path, batch_size: int = 32):
    import torchvision
    import torchvision.transforms as T
    transform = T.Compose([T.ToTensor(), T.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    train = torchvision.datasets.ImageFolder(str(root / "train"), transform=transform)
    test = torchvision.datasets.ImageFolder(str(root / "test"), transform=transform)
    return (torch.utils.data.DataLoader(train, batch_size=batch_size, shuffle=True, num_workers=2),
            torch.utils.data.DataLoader(test, batch_size=batch_size, shuffle=False, num_workers=2),
            len(train.classes))


def tutorial_loader_img_per_s(root: Path) -> float:
    train, _, _ = tutorial_loaders(root)
    t0, n = time.perf_counter(), 0
    for x, _y in train:
        n += x.shape[0]
    return n / (time.perf_counter() - t0)


def cli_load(path: str, **kwargs):
    """Load a folder as ``convnet-studio train --dataset PATH`` does (decoding in forked processes)."""
    return load_dataset(path, decode_processes=os.cpu_count() or 1, **kwargs)


def studio_loader(root: Path, batch_size: int = 32, epochs: int = 3) -> tuple[float, float]:
    """(seconds to load the folder into memory, median images/s of an epoch of normalised batches)."""
    t0 = time.perf_counter()
    ds = cli_load(str(root))
    load_s = time.perf_counter() - t0
    mean = torch.tensor(ds.mean).view(1, -1, 1, 1)
    std = torch.tensor(ds.std).view(1, -1, 1, 1)
    rates = []
    for _ in range(epochs):
        t0, n = time.perf_counter(), 0
        perm = torch.randperm(ds.train_x.shape[0])
        for i in range(0, len(perm), batch_size):
            x = (ds.train_x[perm[i:i + batch_size]].float() / 255.0 - mean) / std
            n += x.shape[0]
        rates.append(n / (time.perf_counter() - t0))
    return load_s, median(rates)


def tutorial_train(root: Path, seed: int = 0) -> dict:
    """The tutorial's loop, verbatim in spirit: DataLoader batches, Adam 1e-3, one epoch."""
    torch.manual_seed(seed)
    t0 = time.perf_counter()
    train, test, classes = tutorial_loaders(root)
    net = build(get_preset("seed"), (3, 32, 32), classes)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    for x, y in train:
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    seconds = time.perf_counter() - t0
    correct = total = 0
    with torch.no_grad():
        for x, y in test:
            correct += (net(x).argmax(1) == y).sum().item()
            total += y.numel()
    return {"seconds": round(seconds, 2), "val_acc": round(correct / total, 4)}


def studio_train(root: Path, seed: int = 0, cache: str = "off") -> dict:
    """The studio on the same folder: load into memory, then the Trainer (as `convnet-studio train`).

    ``cache``: "off" decodes every file (a folder never opened before); a folder path uses
    that decoded-folder cache (warm once the folder has been loaded).
    """
    os.environ["CONVNET_STUDIO_CACHE"] = cache
    t0 = time.perf_counter()
    ds = cli_load(str(root), seed=seed)
    trainer = Trainer(get_preset("seed"), TrainConfig(optimizer="adam", lr=1e-3, batch_size=32, epochs=1,
                                                       seed=seed, device="cpu"), ds)
    epoch = None
    for ev in trainer.run():
        if isinstance(ev, events.EpochEnd):
            epoch = ev
    # like the tutorial's figure, leave out the evaluation at the end of the epoch
    validation_s = epoch.seconds - ds.train_x.shape[0] / epoch.img_per_s
    seconds = time.perf_counter() - t0 - validation_s
    return {"seconds": round(seconds, 2), "val_acc": round(epoch.val_acc, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--images", type=int, default=12000, help="train+test images for loader/train")
    parser.add_argument("--big", type=int, default=60000, help="images for the big-folder load (0: skip)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    result = {}
    with tempfile.TemporaryDirectory(prefix="convnet-bench-data-") as tmp:
        n_test = args.images // 6
        root = write_folder(Path(tmp) / "photos", args.images - n_test, n_test)
        n_train = args.images - n_test
        os.environ["CONVNET_STUDIO_CACHE"] = "off"      # the loader figures are cold loads
        tut = median([tutorial_loader_img_per_s(root) for _ in range(args.repeats)])
        loads, rates = zip(*[studio_loader(root) for _ in range(args.repeats)])
        load_s, rate = median(loads), median(rates)

        def studio_rate(epochs: int) -> float:   # images/s over a run, the one-time load included
            return epochs * n_train / (load_s + epochs * n_train / rate)
        result["loader"] = {
            "tutorial_img_per_s": round(tut, 1), "studio_load_s": round(load_s, 3),
            "studio_epoch_img_per_s": round(rate, 1),
            "ratio_1_epoch": round(studio_rate(1) / tut, 2), "ratio_10_epochs": round(studio_rate(10) / tut, 2),
            "ratio_per_epoch_after_load": round(rate / tut, 1)}
        cache = str(Path(tmp) / "cache")
        studio_loader(root)                       # (cache off) warm-up
        os.environ["CONVNET_STUDIO_CACHE"] = cache
        cli_load(str(root))                       # fills the cache for the warm runs
        runs = [(tutorial_train(root, s), studio_train(root, s), studio_train(root, s, cache))
                for s in range(args.repeats)]
        t_sec = median([t["seconds"] for t, _, _ in runs])
        cold = median([c["seconds"] for _, c, _ in runs])
        warm = median([w["seconds"] for _, _, w in runs])
        result["train"] = {"images": args.images - n_test, "tutorial_seconds": t_sec,
                           "studio_seconds_cold": cold, "studio_seconds_cached": warm,
                           "speedup_cold": round(t_sec / cold, 2), "speedup_cached": round(t_sec / warm, 2),
                           "tutorial_val_acc": [t["val_acc"] for t, _, _ in runs],
                           "studio_val_acc": [c["val_acc"] for _, c, _ in runs]}
        os.environ["CONVNET_STUDIO_CACHE"] = "off"
        if args.big:
            big = write_folder(Path(tmp) / "big", args.big, 0) / "train"
            calls = []
            t0 = time.perf_counter()
            ds = cli_load(str(big), progress=lambda done, total, msg: calls.append(done))
            result["big_load"] = {"images": int(ds.train_x.shape[0] + ds.val_x.shape[0]),
                                  "seconds": round(time.perf_counter() - t0, 2), "progress_calls": len(calls)}
    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

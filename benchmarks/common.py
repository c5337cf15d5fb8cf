"""Shared pieces of the benchmarks: the bare PyTorch loop they compare against, and medians.

The bare loop is what a careful user would write by hand: the whole dataset in a
tensor, a shuffled index per epoch, normalisation on the batch, Adam, no events,
no threads. It runs on the calling (main) thread. ``tuned=True`` gives it the kernel
choices the studio's trainer makes (channels-last where it helps, fused Adam), so the
studio's overhead can be told apart from what those choices gain.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The windows a benchmark opens keep their runs in a throw-away folder, not the user's workspace.
if "CONVNET_STUDIO_RUNS" not in os.environ:
    import atexit
    import shutil
    import tempfile
    _runs = tempfile.mkdtemp(prefix="convnet-bench-runs-")
    os.environ["CONVNET_STUDIO_RUNS"] = _runs
    atexit.register(shutil.rmtree, _runs, ignore_errors=True)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from convnet_studio.core.model.builder import build  # noqa: E402
from convnet_studio.core.train.device import preferred_memory_format  # noqa: E402


def bare_loop_img_per_s(spec, dataset, batch_size: int, steps: int, lr: float = 1e-3, seed: int = 0,
                        device: str = "cpu", tuned: bool = False) -> float:
    """Images per second of a plain training loop over ``steps`` batches (one warm-up step excluded)."""
    torch.manual_seed(seed)
    device = torch.device(device)
    model = build(spec, dataset.input_shape, dataset.num_classes).to(device)
    memory_format = preferred_memory_format(model, device, mixed_precision=False) if tuned else None
    if memory_format is not None:
        model = model.to(memory_format=memory_format)
    opt = torch.optim.Adam(model.parameters(), lr=lr, fused=True if tuned else None)
    x_all, y_all = dataset.train_x.to(device), dataset.train_y.to(device)
    mean = torch.tensor(dataset.mean, device=device).view(1, -1, 1, 1)
    std = torch.tensor(dataset.std, device=device).view(1, -1, 1, 1)
    n = x_all.shape[0]
    perm = torch.randperm(n, device=device)
    steps = min(steps, n // batch_size)

    def step(i: int) -> torch.Tensor:
        idx = perm[i * batch_size:(i + 1) * batch_size]
        x = (x_all[idx].float() / 255.0 - mean) / std
        if memory_format is not None:
            x = x.contiguous(memory_format=memory_format)
        y = y_all[idx]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss

    step(0)
    t0 = time.perf_counter()
    for i in range(1, steps):
        loss = step(i)
    loss.item()
    return (steps - 1) * batch_size / (time.perf_counter() - t0)


def median(values) -> float:
    return float(statistics.median(values))

"""``convnet-studio lr-find``: sweep the learning rate on a copy of a fresh network and suggest one.

The network starts from the weights a ``train`` run with the same flags would start
from; the ramp, the smoothing and the suggestion rule are ``core.train.lr_finder``'s.
"""
from __future__ import annotations

import sys

from ..arguments import (add_dataset_args, add_model_args, add_optimizer_args, config_from_args, emit, load_data,
                         positive_float, positive_int, spec_from_args)
from ..errors import EXIT_RUN_FAILED, UsageError

NAME = "lr-find"
#: Rows of the text table (the curve is sampled evenly).
TABLE_ROWS = 12


def add_parser(sub) -> None:
    """Add the ``lr-find`` sub-parser."""
    from ...core.train.lr_find_settings import LRFindSettings
    d = LRFindSettings()
    p = sub.add_parser(NAME, help="find a learning rate: raise it step by step and watch the loss")
    add_model_args(p)
    add_dataset_args(p)
    p.add_argument("--data-root", metavar="DIR", help="where torchvision datasets live / are downloaded")
    add_optimizer_args(p)
    p.add_argument("--start-lr", type=positive_float, default=d.start_lr, help=f"first rate (default {d.start_lr:g})")
    p.add_argument("--end-lr", type=positive_float, default=d.end_lr, help=f"last rate (default {d.end_lr:g})")
    p.add_argument("--steps", type=positive_int, default=d.steps, help=f"steps of the ramp (default {d.steps})")
    p.add_argument("--json", action="store_true",
                   help="one JSON object per step, then a last one carrying suggested_lr")


def run(args) -> int:
    """Run the finder; prints the curve and the suggested learning rate."""
    from ...core.model.builder import infer_shapes
    from ...core.model.spec import SpecError
    from ...core.train.config import ConfigError
    from ...core.train.device import resolve_device
    from ...core.train.lr_finder import LRFindSettings, find_lr, fresh_model

    if getattr(args, "model", None):
        raise UsageError("lr-find works on studio networks: give --preset or --spec instead of --model")
    spec = spec_from_args(args)
    config = config_from_args(args)
    settings = LRFindSettings(start_lr=args.start_lr, end_lr=args.end_lr, steps=args.steps)
    try:
        settings.validate()
        device = resolve_device(config.device)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    data = load_data(args, quiet=args.json)
    try:
        infer_shapes(spec, data.input_shape, data.num_classes)
    except SpecError as exc:
        raise UsageError(f"the network does not fit {data.name}: {exc}") from None
    model = fresh_model(spec, config, data, device)
    try:
        result = find_lr(model, config, data, device, settings, progress=None if args.json else _progress)
    except (RuntimeError, MemoryError, ConfigError) as exc:
        from ...core.errors import one_sentence
        print(f"error: the search failed: {one_sentence(exc)}", file=sys.stderr)
        return EXIT_RUN_FAILED
    if args.json:
        for i, (lr, loss, smooth) in enumerate(zip(result.lrs, result.losses, result.smoothed), start=1):
            emit({"event": "point", "step": i, "lr": float(lr), "loss": _num(loss), "smoothed": _num(smooth)})
        emit({"event": "done", "steps": len(result.lrs), "suggested_lr": result.suggested_lr, "rule": result.rule,
              "min_lr": result.min_lr, "stop_reason": result.stop_reason})
    else:
        _print_text(result)
    if result.suggested_lr is None:
        print("error: no step gave a finite loss, so there is no suggestion; try a lower --start-lr",
              file=sys.stderr)
        return EXIT_RUN_FAILED
    return 0


def _num(value: float):
    """JSON has no NaN or infinity: those become null."""
    value = float(value)
    return value if value == value and abs(value) != float("inf") else None


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\rsearching: step {done}/{total}\033[K", end="" if done < total else "\n", file=sys.stderr,
              flush=True)


def _print_text(result) -> None:
    n = len(result.lrs)
    picks = sorted({round(i * (n - 1) / max(TABLE_ROWS - 1, 1)) for i in range(TABLE_ROWS)}) if n else []
    print(f"{'lr':>10}  {'loss':>8}  {'smoothed':>8}")
    for i in picks:
        print(f"{result.lrs[i]:>10.3g}  {result.losses[i]:>8.4f}  {result.smoothed[i]:>8.4f}")
    print(f"stopped: {result.stop_reason}")
    if result.suggested_lr is not None:
        print(f"suggested learning rate: {result.suggested_lr:.3g} ({result.rule})")

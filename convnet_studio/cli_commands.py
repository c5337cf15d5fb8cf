"""The headless commands behind ``convnet-studio train|summary|presets|datasets``."""
from __future__ import annotations

import json
import os
import sys
import threading
import time
from typing import Callable

from .cli import EXIT_RUN_FAILED, UsageError
from .core import events as ev
from .core.train.config import ConfigError, TrainConfig
from .core.data.dataset import DatasetError
from .core.model.spec import ModelSpec, SpecError

#: TrainConfig fields that the ``train`` command's flags of the same name override.
_CONFIG_FLAGS = ("optimizer", "lr", "momentum", "nesterov", "weight_decay", "batch_size", "epochs",
                 "schedule", "warmup_epochs", "loss", "label_smoothing", "augment", "device", "seed")


def _spec_from_args(args) -> ModelSpec:
    from .core.model.presets import DEFAULT_PRESET, get_preset
    try:
        if getattr(args, "spec", None):
            return ModelSpec.load(args.spec)
        return get_preset(args.preset or DEFAULT_PRESET)
    except SpecError as exc:
        raise UsageError(str(exc)) from None


def _load_data(args, quiet: bool):
    from .core.data.sources import DEFAULT_DATASET, load_dataset

    def progress(done: int, total: int, message: str) -> None:
        if not quiet and sys.stderr.isatty():
            share = f" {100 * done // total}%" if total else ""
            print(f"\r{message}{share}\033[K", end="", file=sys.stderr, flush=True)

    kwargs = {}
    if getattr(args, "val_fraction", None) is not None:
        if not 0 < args.val_fraction < 1:
            raise UsageError(f"--val-fraction must be between 0 and 1, not {args.val_fraction}")
        kwargs["val_fraction"] = args.val_fraction
    if threading.active_count() == 1:   # nothing else runs: image folders may decode in forked processes
        kwargs["decode_processes"] = os.cpu_count() or 1
    try:
        data = load_dataset(args.dataset or DEFAULT_DATASET, data_root=args.data_root, progress=progress, **kwargs)
    except DatasetError as exc:
        raise UsageError(str(exc)) from None
    finally:
        if not quiet and sys.stderr.isatty():
            print("\r\033[K", end="", file=sys.stderr, flush=True)
    if data.skipped and not quiet:
        print(f"note: skipped {data.skipped} unreadable image file(s)", file=sys.stderr)
    return data


def _config_from_args(args, base: TrainConfig) -> TrainConfig:
    changes = {name: getattr(args, name) for name in _CONFIG_FLAGS if getattr(args, name, None) is not None}
    try:
        return base.replace(**changes).validate()
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def cmd_train(args) -> int:
    """Train headless; prints per-epoch lines (or JSON lines) and a final summary."""
    from .core.model.builder import infer_shapes
    from .core.train.checkpoint import CheckpointError, load_run, save_run
    from .core.train.trainer import Trainer

    resume = None
    if args.resume:
        try:
            resume = load_run(args.resume)
        except CheckpointError as exc:
            raise UsageError(str(exc)) from None
        if args.preset or args.spec:
            raise UsageError("--resume continues the saved network; leave out --preset/--spec")
        spec = resume.spec
        config = _config_from_args(args, resume.config)
        if args.dataset is None:
            args.dataset = resume.dataset_name
    else:
        spec = _spec_from_args(args)
        config = _config_from_args(args, TrainConfig())

    data = _load_data(args, quiet=args.json)
    try:
        infer_shapes(spec, data.input_shape, data.num_classes)
    except SpecError as exc:
        raise UsageError(f"the network does not fit {data.name}: {exc}") from None

    trainer = Trainer(spec, config, data, resume=resume)
    printer = _JsonPrinter() if args.json else _TextPrinter(config.epochs)
    ended = None
    try:
        for event in trainer.run():
            printer(event)
            if isinstance(event, ev.RunEnded):
                ended = event
    except KeyboardInterrupt:
        trainer.stop()
        print("\nstopped by the user", file=sys.stderr)
    if args.save:
        save_run(args.save, trainer.state_for_checkpoint())
        if not args.json:
            print(f"saved the run to {args.save}")
    if ended is None or ended.reason in ("diverged", "error"):
        message = ended.message if ended else "the run did not finish"
        print(f"error: {message}", file=sys.stderr)
        return EXIT_RUN_FAILED
    return 0


class _JsonPrinter:
    """Prints one JSON object per line: per epoch, and ``done`` at the end."""

    def __init__(self):
        self.last_epoch = None
        self.images = 0
        self.train_seconds = 0.0

    def __call__(self, event) -> None:
        if isinstance(event, ev.EpochEnd):
            self.last_epoch = event
            self.images += event.img_per_s * event.seconds
            self.train_seconds += event.seconds
            _emit({"event": "epoch", "epoch": event.epoch, "train_loss": event.train_loss,
                   "train_acc": event.train_acc, "val_loss": event.val_loss, "val_acc": event.val_acc,
                   "img_per_s": round(event.img_per_s, 1), "seconds": round(event.seconds, 3)})
        elif isinstance(event, ev.RunEnded) and event.reason in ("completed", "stopped"):
            last = self.last_epoch
            rate = self.images / self.train_seconds if self.train_seconds else 0.0
            _emit({"event": "done", "reason": event.reason, "epochs": last.epoch if last else 0,
                   "val_acc": last.val_acc if last else None, "seconds": round(event.seconds, 3),
                   "img_per_s": round(rate, 1)})


def _emit(obj) -> None:
    print(json.dumps(obj), flush=True)


class _TextPrinter:
    """Readable progress: a bar per epoch on a terminal, one line per epoch."""

    def __init__(self, epochs: int):
        self.epochs = epochs
        self.tty = sys.stderr.isatty()

    def __call__(self, event) -> None:
        if isinstance(event, ev.RunStarted):
            print(f"training on {event.device}: {event.num_params:,} parameters, "
                  f"{event.steps_per_epoch} steps per epoch", flush=True)
        elif isinstance(event, ev.BatchMetrics) and self.tty:
            share = event.step_in_epoch / max(event.steps_per_epoch, 1)
            bar = "#" * int(share * 30)
            loss = float(event.losses[-1]) if len(event.losses) else float("nan")
            print(f"\repoch {event.epoch}/{self.epochs} [{bar:<30}] {share:4.0%} loss {loss:.3f} "
                  f"{event.img_per_s:,.0f} img/s\033[K", end="", file=sys.stderr, flush=True)
        elif isinstance(event, ev.EpochEnd):
            if self.tty:
                print("\r\033[K", end="", file=sys.stderr)
            print(f"epoch {event.epoch}/{self.epochs}: train loss {event.train_loss:.4f} acc "
                  f"{event.train_acc:.1%} | val loss {event.val_loss:.4f} acc {event.val_acc:.1%} | "
                  f"{event.img_per_s:,.0f} img/s, {event.seconds:.1f} s", flush=True)
        elif isinstance(event, ev.HParamsChanged):
            print(f"hyperparameters now: lr {event.lr:g}, momentum {event.momentum:g}, "
                  f"weight decay {event.weight_decay:g}", flush=True)
        elif isinstance(event, ev.RunEnded) and event.reason in ("completed", "stopped"):
            print(f"{event.reason} after {event.seconds:.1f} s", flush=True)


def cmd_summary(args) -> int:
    """Print the layer table (index, type, output shape, parameters, mult-adds) and totals."""
    from .core.model.builder import infer_shapes, summarize
    from .core.data.sources import DEFAULT_DATASET, dataset_shape

    spec = _spec_from_args(args)
    try:
        input_shape, num_classes = dataset_shape(args.dataset or DEFAULT_DATASET, data_root=args.data_root)
    except DatasetError as exc:
        raise UsageError(str(exc)) from None
    try:
        infos = infer_shapes(spec, input_shape, num_classes)
    except SpecError as exc:
        raise UsageError(str(exc)) from None
    total_params, total_mult_adds = summarize(infos)
    if args.json:
        _emit({"name": spec.name, "input_shape": list(input_shape), "num_classes": num_classes,
               "layers": [{"index": i.index, "type": i.kind, "label": i.label,
                           "output_shape": list(i.output_shape), "params": i.params,
                           "mult_adds": i.mult_adds} for i in infos],
               "total_params": total_params, "total_mult_adds": total_mult_adds})
        return 0
    rows = [("#", "layer", "output shape", "params", "mult-adds")]
    rows.append(("", "input", "×".join(map(str, input_shape)), "", ""))
    rows += [(str(i.index), i.label, "×".join(map(str, i.output_shape)), f"{i.params:,}", f"{i.mult_adds:,}")
             for i in infos]
    widths = [max(len(r[c]) for r in rows) for c in range(5)]
    print(f"{spec.name}: {spec.description}" if spec.description else spec.name)
    for r in rows:
        print(f"{r[0]:>{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]:>{widths[3]}}  "
              f"{r[4]:>{widths[4]}}")
    print(f"total: {total_params:,} parameters, {total_mult_adds:,} mult-adds per image")
    return 0


def cmd_presets(args) -> int:
    """List the presets with their one-line descriptions."""
    from .core.model.presets import PRESETS
    if args.json:
        _emit([{"name": name, "description": spec.description} for name, spec in PRESETS.items()])
    else:
        width = max(map(len, PRESETS))
        for name, spec in PRESETS.items():
            print(f"{name:<{width}}  {spec.description}")
    return 0


def cmd_datasets(args) -> int:
    """List the datasets with their one-line descriptions."""
    from .core.data.sources import dataset_names, describe_dataset
    names = dataset_names()
    if args.json:
        _emit([{"name": n, "description": describe_dataset(n)} for n in names])
    else:
        width = max(map(len, names))
        for n in names:
            print(f"{n:<{width}}  {describe_dataset(n)}")
        print(f"{'PATH':<{width}}  any folder with one sub-folder of images per class")
    return 0


COMMANDS: dict[str, Callable[..., int]] = {
    "train": cmd_train, "summary": cmd_summary, "presets": cmd_presets, "datasets": cmd_datasets,
}

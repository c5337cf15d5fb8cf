"""``convnet-studio train``: train a network headless and print its progress."""
from __future__ import annotations

import sys

from ...core.train.config import AUGMENTS, DEVICES, LOSSES, OPTIMIZERS, SCHEDULES
from ..arguments import add_model_args, load_data, nonneg_float, positive_float, positive_int, spec_from_args
from ..errors import EXIT_RUN_FAILED, UsageError

NAME = "train"

#: TrainConfig fields that the ``train`` command's flags of the same name override.
_CONFIG_FLAGS = ("optimizer", "lr", "momentum", "nesterov", "weight_decay", "batch_size", "epochs",
                 "schedule", "warmup_epochs", "loss", "label_smoothing", "augment", "device", "seed")


def add_parser(sub) -> None:
    """Add the ``train`` sub-parser."""
    t = sub.add_parser(NAME, help="train a network headless and print progress")
    add_model_args(t)
    t.add_argument("--dataset", help="shapes (default), mnist, fashion-mnist, kmnist, cifar10, cifar100, svhn, "
                   "or a folder of images with one sub-folder per class")
    t.add_argument("--data-root", metavar="DIR", help="where torchvision datasets live / are downloaded")
    t.add_argument("--val-fraction", type=float, default=None, help="image folders without test/: held-out share")
    t.add_argument("--epochs", type=positive_int)
    t.add_argument("--batch-size", type=positive_int)
    t.add_argument("--lr", type=positive_float, help="learning rate, e.g. 1e-3 for adam, 0.05 for sgd")
    t.add_argument("--optimizer", choices=OPTIMIZERS)
    t.add_argument("--momentum", type=nonneg_float)
    t.add_argument("--nesterov", action="store_true", default=None)
    t.add_argument("--weight-decay", type=nonneg_float)
    t.add_argument("--schedule", choices=SCHEDULES)
    t.add_argument("--warmup-epochs", type=nonneg_float)
    t.add_argument("--loss", choices=LOSSES)
    t.add_argument("--label-smoothing", type=nonneg_float)
    t.add_argument("--augment", choices=AUGMENTS)
    t.add_argument("--device", choices=DEVICES)
    t.add_argument("--seed", type=int)
    t.add_argument("--save", metavar="FILE", help="save the run (weights, optimizer, history) to FILE")
    t.add_argument("--resume", metavar="FILE", help="continue a saved run; --epochs is the new total")
    t.add_argument("--json", action="store_true", help="one JSON object per line instead of text")


def _config_from_args(args, base):
    from ...core.train.config import ConfigError
    changes = {name: getattr(args, name) for name in _CONFIG_FLAGS if getattr(args, name, None) is not None}
    try:
        return base.replace(**changes).validate()
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def run(args) -> int:
    """Train headless; prints per-epoch lines (or JSON lines) and a final summary."""
    from ...core import events as ev
    from ...core.model.builder import infer_shapes
    from ...core.model.spec import SpecError
    from ...core.train.checkpoint import CheckpointError, load_run, save_run
    from ...core.train.config import TrainConfig
    from ...core.train.trainer import Trainer
    from ..printers import JsonPrinter, TextPrinter

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
        spec = spec_from_args(args)
        config = _config_from_args(args, TrainConfig())

    data = load_data(args, quiet=args.json)
    try:
        infer_shapes(spec, data.input_shape, data.num_classes)
    except SpecError as exc:
        raise UsageError(f"the network does not fit {data.name}: {exc}") from None

    trainer = Trainer(spec, config, data, resume=resume)
    printer = JsonPrinter() if args.json else TextPrinter(config.epochs)
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
    if ended is None or ended.reason in (ev.EndReason.DIVERGED, ev.EndReason.ERROR):
        message = ended.message if ended else "the run did not finish"
        print(f"error: {message}", file=sys.stderr)
        return EXIT_RUN_FAILED
    return 0

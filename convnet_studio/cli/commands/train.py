"""``convnet-studio train``: train a network headless and print its progress.

Nothing trained is lost: every run is kept in the runs workspace (``--runs-dir``; see
``convnet-studio runs``) with checkpoints mid-epoch, so even a killed run continues with
``--resume-run``; ``--parent`` branches a new run from a kept one. ``--save`` is checked
before training starts; Ctrl-C or SIGTERM stop the run at the next step and save it; and
when the file cannot be written at the end, the run goes to a fallback file named in the
error line.
"""
from __future__ import annotations

import contextlib
import dataclasses
import io
import sys

from ...core.train.config import AUGMENTS, DEVICES, LOSSES, OPTIMIZERS, PRECISIONS, SCHEDULES
from ..arguments import (add_dataset_args, add_model_args, load_data, model_source_from_args, nonneg_float,
                         positive_float, positive_int, seed_int, spec_from_args, thread_count)
from ..distributed import SilentPrinter, add_distributed_args, in_process_group, launch_local
from ..errors import EXIT_RUN_FAILED, EXIT_SAVE_FAILED, UsageError
from ..interrupts import StopRequests, exit_status, signal_name
from ..tensorboard_args import add_tensorboard_arg, tensorboard_hooks, tensorboard_in_run_folder

NAME = "train"

#: TrainConfig fields that the ``train`` command's flags of the same name override.
_CONFIG_FLAGS = ("optimizer", "lr", "momentum", "nesterov", "weight_decay", "batch_size", "epochs",
                 "schedule", "warmup_epochs", "loss", "label_smoothing", "augment", "device", "seed",
                 "threads", "precision")


def add_parser(sub) -> None:
    """Add the ``train`` sub-parser."""
    t = sub.add_parser(NAME, help="train a network headless and print progress")
    add_model_args(t)
    add_dataset_args(t)
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
    t.add_argument("--seed", type=seed_int)
    t.add_argument("--threads", type=thread_count, metavar="N",
                   help="CPU threads for training; 0 (default) measures which count is fastest now")
    t.add_argument("--precision", choices=PRECISIONS,
                   help="auto (default): bf16 or fp16 autocast where the GPU does it well, else fp32")
    t.add_argument("--head-only", action="store_true", default=False,
                   help="with --model: train only its new classifier head, the other layers stay as they are")
    t.add_argument("--save", metavar="FILE", help="save the run (weights, optimizer, history) to FILE")
    t.add_argument("--resume", metavar="FILE", help="continue a saved run; --epochs is the new total")
    add_tensorboard_arg(t)
    t.add_argument("--json", action="store_true", help="one JSON object per line instead of text")
    add_run_args(t)
    add_distributed_args(t)


def add_run_args(t) -> None:
    """The flags that say how the run is kept in the runs workspace."""
    from .runs import add_runs_dir_arg
    add_runs_dir_arg(t)
    t.add_argument("--name", help="a name for the kept run (default: the network's)")
    t.add_argument("--parent", metavar="RUN[:CHECKPOINT]",
                   help="branch a new run from a kept run's checkpoint (latest, best or epoch-N; default "
                        "latest), keeping its weights and history; flags change its settings")
    t.add_argument("--resume-run", metavar="RUN", help="continue a kept run (e.g. an interrupted one) "
                   "from its latest checkpoint, in its own folder")
    t.add_argument("--no-keep", action="store_true", help="do not keep this run in the runs workspace")
    t.add_argument("--checkpoint-every", type=nonneg_float, default=None, metavar="SECONDS",
                   help="seconds between mid-epoch checkpoints of the kept run (default 30; 0: as often as possible)")
    t.add_argument("--epoch-checkpoints", type=positive_int, default=0, metavar="N",
                   help="also keep a checkpoint every N epochs (to branch from later)")
    t.add_argument("--timelapse-mb", type=nonneg_float, default=20.0, metavar="MB",
                   help="size limit of the kept run's time-lapse of filters and feature maps "
                        "(default 20; 0: record none); see `convnet-studio timelapse`")


def _config_from_args(args, base):
    from ...core.train.config import ConfigError
    changes = {name: getattr(args, name) for name in _CONFIG_FLAGS if getattr(args, name, None) is not None}
    if changes.get("optimizer", "sgd") != "sgd" and "nesterov" not in changes:
        changes["nesterov"] = False      # a resumed sgd run's Nesterov flag does not carry over to another optimizer
    try:
        return base.replace(**changes).validate()
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def _check_device(config) -> None:
    from ...core.train.config import ConfigError
    from ...core.train.device import resolve_device
    try:
        resolve_device(config.device)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def _load_resume(args):
    """(the saved run, its config with the flags applied); a changed optimizer starts afresh, with a note."""
    from ...core.train.checkpoint import CheckpointError, load_run, with_fresh_optimizer
    try:
        resume = load_run(args.resume)
    except CheckpointError as exc:
        raise UsageError(str(exc)) from None
    if args.preset or args.spec or args.model:
        raise UsageError("--resume continues the saved network; leave out --preset/--spec/--model")
    config = _config_from_args(args, resume.config)
    if config.epochs <= resume.epoch:
        raise UsageError(f"nothing to train: the run in {args.resume} has already done {resume.epoch} "
                         f"epoch(s) and --epochs is the new total, so give --epochs more than {resume.epoch}")
    saved_optimizer = resume.config.optimizer
    if config.optimizer != saved_optimizer:
        resume = with_fresh_optimizer(resume, config)
        print(f"note: the run was trained with {saved_optimizer}; {config.optimizer} starts with a fresh "
              f"optimizer state (the weights are kept)", file=sys.stderr)
    return resume, config


def _model_factory(args, resume):
    """The ``FineTune`` factory of ``--model`` or of a resumed run of an opened model, else None."""
    from ...core.model.external import ModelSourceError
    from ...core.train.finetune import FineTune
    if resume is not None:
        if not resume.model_source:
            return None
        try:
            return FineTune.from_dict(resume.model_source)
        except ModelSourceError as exc:
            raise UsageError(f"{args.resume} holds an unusable model source: {exc}") from None
    source = model_source_from_args(args)
    if source is None:
        if args.head_only:
            raise UsageError("--head-only goes with --model")
        return None
    return FineTune(source, head_only=args.head_only)


def _check_factory(factory, data) -> None:
    """Open the model for ``data`` once, so a model that cannot take it is a usage error, not a failed run."""
    from ...core.train.config import ConfigError
    try:
        factory(data.input_shape, data.num_classes)
    except ConfigError as exc:
        raise UsageError(f"{factory.source.title} does not fit {data.name}: {exc}") from None


def _source_count(args) -> int:
    return sum(1 for value in (args.resume, args.resume_run, args.parent) if value)


def _load_kept(args, workspace):
    """For ``--resume-run``/``--parent``: (what to resume, its config with the flags applied, the source)."""
    from ...core.runs.branch import branch_config, branch_source
    from ...core.runs.folder import RunFolderError
    from ...core.runs.workspace import find_run
    if args.preset or args.spec:
        raise UsageError("a kept run continues its own network; leave out --preset/--spec")
    try:
        if args.parent:
            source = branch_source(workspace, args.parent)
            config, resume = branch_config(source, _config_from_args(args, source.state.config))
            return resume, config, source
        info = find_run(workspace, args.resume_run)
        if info.problem:
            raise UsageError(f"run {info.id} cannot be resumed: {info.problem}")
        if info.status == "running":
            raise UsageError(f"run {info.id} is still running (process {info.meta.get('pid')} on "
                             f"{info.meta.get('host')}); it can be resumed once it has stopped")
        resume = info.folder.load_checkpoint("latest")
    except RunFolderError as exc:
        raise UsageError(str(exc)) from None
    config = _config_from_args(args, resume.config)
    if config.epochs <= resume.epoch:
        raise UsageError(f"nothing to train: run {info.id} has done {resume.epoch} epoch(s) of {config.epochs}; "
                         f"give --epochs more than {resume.epoch} to continue it")
    if config.optimizer != resume.config.optimizer:
        from ...core.train.checkpoint import with_fresh_optimizer
        resume = with_fresh_optimizer(resume, config)
    return resume, config, info


def _keep(args, workspace, spec, config, data, source, resume, factory=None):
    """The run folder this run is kept in (created, branched or rewound), or None with a note why not."""
    from ...core.runs.branch import BranchSource, resume_run, start_branch, write_history
    from ...core.runs.folder import RunFolder, RunFolderError
    from ...core.runs.recorder import dataset_meta
    try:
        if isinstance(source, BranchSource):
            return start_branch(workspace, source, config, args.name or "")
        if source is not None:
            resume_run(source.folder)         # its CSVs cut back to the checkpoint being continued
            if args.name:
                source.folder.update_meta(name=args.name)
            return source.folder, None
        extra = {"resumed_from_file": str(args.resume)} if args.resume else {}
        if factory is not None:
            extra["model"] = factory.to_dict()
        name = args.name or (spec.name if spec is not None else factory.source.title)
        folder = RunFolder.create(workspace, name, spec=spec.to_dict() if spec is not None else None,
                                  config=config.to_dict(), dataset=dataset_meta(data), **extra)
        if resume is not None:
            write_history(folder, resume)
        return folder, None
    except RunFolderError as exc:
        if source is not None:
            raise UsageError(str(exc)) from None
        print(f"note: this run is not kept in the runs workspace: {exc}", file=sys.stderr)
        return None, None


def _check_fit(spec, data, resume, resume_path) -> None:
    from ...core.model.builder import infer_shapes
    from ...core.model.spec import SpecError
    from ...core.train.checkpoint import resume_mismatch
    try:
        infer_shapes(spec, data.input_shape, data.num_classes)
    except SpecError as exc:
        raise UsageError(f"the network does not fit {data.name}: {exc}") from None
    if resume is not None:
        problem = resume_mismatch(resume, data.input_shape, data.num_classes)
        if problem:
            raise UsageError(f"cannot resume {resume_path} on {data.name}: {problem}")


def run(args) -> int:
    """Train headless; prints per-epoch lines (or JSON lines) and a final summary.

    Under torchrun this process is one rank of a data-parallel run; ``--nproc N`` starts torchrun.
    """
    if args.nproc is not None:
        return launch_local(args)
    return in_process_group(args, _train)


def _train(args, ranks) -> int:
    from ...core import events as ev
    from ...core.train.checkpoint import save_problem
    from ...core.train.config import TrainConfig
    from ...core.train.trainer import Trainer
    from ..printers import JsonPrinter, TextPrinter

    from ...core.runs.paths import workspace_dir
    from ...core.runs.recorder import CHECKPOINT_EVERY_S, RunRecorder
    from ...core.train.stop_file import StopFileHook

    if args.save is not None:
        problem = save_problem(args.save)
        if problem:
            raise UsageError(problem)
    if _source_count(args) > 1:
        raise UsageError("give only one of --resume, --resume-run and --parent")
    if args.no_keep and (args.resume_run or args.parent):
        raise UsageError("--resume-run and --parent continue kept runs; leave out --no-keep")
    workspace = workspace_dir(args.runs_dir)
    resume, source = None, None
    if args.resume_run or args.parent:
        resume, config, source = _load_kept(args, workspace)
        spec = resume.spec
        if args.dataset is None:
            args.dataset = resume.dataset_name
    elif args.resume:
        resume, config = _load_resume(args)
        spec = resume.spec
        if args.dataset is None:
            args.dataset = resume.dataset_name
    else:
        spec = None if args.model else spec_from_args(args)
        config = _config_from_args(args, TrainConfig())
    factory = _model_factory(args, resume)
    _check_device(config)
    distributed = ranks.start(config)
    hooks = tensorboard_hooks(args) if ranks.is_main else []     # rank 0 alone writes files

    with distributed.local_first():            # e.g. one download per machine
        data = load_data(args, quiet=args.json or not ranks.is_main)
    if factory is None:
        _check_fit(spec, data, resume, args.resume or args.resume_run or args.parent)
    else:
        _check_factory(factory, data)

    folder, recorder = None, None
    if not args.no_keep and ranks.is_main:
        folder, kept_state = _keep(args, workspace, spec, config, data, source, resume, factory)
        resume = kept_state or resume
    if folder is not None:
        every = CHECKPOINT_EVERY_S if args.checkpoint_every is None else args.checkpoint_every
        recorder = RunRecorder(folder, checkpoint_every_s=every, epoch_checkpoints=args.epoch_checkpoints)
        hooks += [recorder, StopFileHook(folder.path)]       # control/stop in the folder stops the run
        if args.timelapse_mb > 0:
            from ...core.timelapse.recorder import TimelapseRecorder
            hooks.append(TimelapseRecorder(folder.path, max_bytes=int(args.timelapse_mb * 2 ** 20)))
        ranks.note_world_size(folder)
    logs = tensorboard_in_run_folder(args, folder, hooks) if ranks.is_main else None
    trainer = Trainer(spec, config, data, resume=resume, hooks=hooks, model_factory=factory,
                      distributed=distributed)
    printer = JsonPrinter() if args.json else TextPrinter(config.epochs)
    if folder is not None and args.json:
        printer.extra["run"] = folder.id
    if logs is not None and args.json:
        printer.extra["tensorboard"] = str(logs)
    printer = printer if ranks.is_main else SilentPrinter()
    stops = StopRequests()
    ended = None
    with stops.active():
        try:
            for event in trainer.run():
                if isinstance(event, ev.RunNote):
                    print(f"note: {event.message}", file=sys.stderr, flush=True)
                if isinstance(event, ev.RunEnded):
                    ended = event
                    if stops.signum is not None and event.reason == "stopped":
                        continue         # reported below, as an interruption
                printer(event)
                if stops.signum is not None:
                    trainer.stop()
        except KeyboardInterrupt as exc:  # a second signal: stop right here, still save
            stops.signum = getattr(exc, "signum", None) or stops.signum or 2
            trainer.stop()
        saved, save_error = (_save(args, trainer, data) if args.save is not None and ranks.is_main
                             else (None, None))
        if recorder is not None:
            recorder.finish(ended)
    if recorder is not None and not recorder.failed and not args.json and stops.signum is None:
        print(f"kept as run {folder.id} in {folder.path.parent}")
    if logs is not None and not args.json and stops.signum is None:
        print(f"TensorBoard logs in {logs}")
    if not ranks.is_main and (ended is None or ended.reason != "error"):
        with contextlib.redirect_stderr(io.StringIO()):    # rank 0 reports interruptions and divergences
            return _report(args, config, printer, ended, stops.signum, saved, save_error)
    return _report(args, config, printer, ended, stops.signum, saved, save_error)


def _save(args, trainer, data):
    """(where the run was written, why not at --save); (None, None) when there is nothing to save."""
    from ...core.train.checkpoint import save_run_or_fallback
    try:
        state = trainer.state_for_checkpoint()
    except RuntimeError:                   # the run never started (e.g. out of memory building it)
        return None, None
    state = dataclasses.replace(state, input_shape=tuple(data.input_shape), num_classes=int(data.num_classes))
    return save_run_or_fallback(args.save, state)


def _report(args, config, printer, ended, signum, saved, save_error) -> int:
    """The last lines of a run: at most one ``error:`` line on stderr, and the exit status."""
    problems, status = [], 0
    if save_error:
        kept = f"the run was kept in {saved} instead" if saved else "no other place took it, so the run is lost"
        problems.append(f"{save_error}; {kept}")
        status = EXIT_SAVE_FAILED
    elif saved is not None and not args.json and signum is None:
        print(f"saved the run to {saved}")
    if signum is not None:
        ran_out = ended is not None and ended.reason != "stopped"     # the signal came after the last step
        if ran_out:
            what = f"interrupted by {signal_name(signum)} after the run ended"
            kept = f"; the run is saved in {saved}" if saved else ""
        else:
            what = f"interrupted by {signal_name(signum)}"
            what += f" at step {ended.step} ({ended.epoch} epoch(s) done)" if ended is not None else ""
            kept = f"; the run so far is in {saved}, continue it with --resume" if saved else ""
            if args.json:
                printer.finish("interrupted", ended.seconds if ended else 0.0)
        problems.insert(0, what + kept)
        status = exit_status(signum)
    elif ended is None or ended.reason in ("diverged", "error"):
        message = ended.message if ended else "the run did not finish"
        if ended is not None and ended.reason == "error":
            message = f"training failed: {message}"
        problems.append(message)
        status = status or EXIT_RUN_FAILED
    if problems:
        print(f"error: {'; '.join(problems)}", file=sys.stderr)
    return status

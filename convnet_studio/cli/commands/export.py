"""``convnet-studio export``: a saved run's network as TorchScript, or as a plain state_dict and spec JSON."""
from __future__ import annotations

import warnings
from pathlib import Path

from ..arguments import emit
from ..errors import EXIT_RUN_FAILED, UsageError

NAME = "export"
FORMATS = ("torchscript", "state_dict")

#: How far the reloaded TorchScript module's logits may stray from the model's.
TOLERANCE = 1e-4


def add_parser(sub) -> None:
    """Add the ``export`` sub-parser."""
    e = sub.add_parser(NAME, help="write a saved run's network as TorchScript or as a plain state_dict")
    e.add_argument("run_path", metavar="RUN.pt", help="a run saved by `train --save` or File ▸ Save run")
    e.add_argument("--format", required=True, choices=FORMATS,
                   help="torchscript: a traced module torch.jit.load opens without this app; "
                        "state_dict: the weights for torch.load, with the spec JSON beside them")
    e.add_argument("--output", required=True, metavar="PATH", help="the file to write")
    e.add_argument("--dataset", default=None,
                   help="dataset whose input shape and classes the network takes (default: the run's own)")
    e.add_argument("--json", action="store_true", help="print one JSON line instead of text")


def _load_model(args):
    """(model in eval mode, spec, input shape) of the run named on the command line."""
    from ...core.data.dataset import DatasetError
    from ...core.data.sources import dataset_shape
    from ...core.model.builder import build
    from ...core.model.spec import SpecError
    from ...core.train.checkpoint import CheckpointError, load_run

    try:
        run = load_run(args.run_path)
    except CheckpointError as exc:
        raise UsageError(str(exc)) from None
    dataset = args.dataset or run.dataset_name
    try:
        input_shape, num_classes = dataset_shape(dataset)
    except DatasetError as exc:
        raise UsageError(f"cannot tell the network's input shape from the dataset {dataset!r}: {exc}") from None
    try:
        model = build(run.spec, input_shape, num_classes)
    except SpecError as exc:
        raise UsageError(f"the run's network cannot take {dataset} images: {exc}") from None
    mismatch = _mismatch(model.state_dict(), run.model_state)
    if mismatch:
        raise UsageError(f"the weights in {args.run_path} do not fit its network on {dataset}: {mismatch}")
    model.load_state_dict(run.model_state)
    return model.eval(), run.spec, tuple(input_shape)


def _mismatch(expected: dict, saved: dict) -> str:
    """The first difference between a network's state keys/shapes and the saved ones, or ''."""
    for key, value in expected.items():
        if key not in saved:
            return f"{key} is missing"
        have, want = tuple(getattr(saved[key], "shape", ())), tuple(value.shape)
        if have != want:
            return f"{key} is {'×'.join(map(str, have)) or 'a scalar'}, the network needs {'×'.join(map(str, want))}"
    extra = next((key for key in saved if key not in expected), None)
    return f"{extra} is not part of the network" if extra is not None else ""


def _write(path: Path, write) -> None:
    """Write ``path`` atomically; an OS error becomes one ``UsageError`` sentence."""
    from ...core.util.atomic import atomic_write
    try:
        atomic_write(path, write)
    except (FileExistsError, NotADirectoryError):
        raise UsageError(f"cannot write {path}: part of its folder path is a file, not a folder") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _export_state_dict(model, spec, output: Path) -> list[Path]:
    import torch
    spec_path = output.with_suffix(".json")
    if spec_path == output:
        raise UsageError(f"--output {output} ends in .json, where the spec goes; name the weights file *.pt")
    state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
    _write(output, lambda fh: torch.save(state, fh))
    try:
        spec.save(spec_path)
    except OSError as exc:
        raise UsageError(f"cannot write {spec_path}: {exc.strerror or exc}") from None
    return [output, spec_path]


def _export_torchscript(model, input_shape: tuple, output: Path) -> float:
    """Trace ``model``, save it to ``output``, load it back; the largest logit difference seen."""
    import torch
    inputs = torch.randn(5, *input_shape, generator=torch.Generator().manual_seed(0))
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore", FutureWarning)   # torch.jit is deprecated in favour of torch.export
        traced = torch.jit.trace(model, inputs[:2])
        _write(output, lambda fh: torch.jit.save(traced, fh))
        reloaded = torch.jit.load(str(output), map_location="cpu")
        return float((reloaded(inputs) - model(inputs)).abs().max())


def run(args) -> int:
    """Export the run; prints the written path(s), or one JSON line with ``--json``."""
    import sys

    output = Path(args.output)
    if output.is_dir():
        raise UsageError(f"cannot write {output}: it is a folder; give a file name")
    model, spec, input_shape = _load_model(args)
    result = {"format": args.format}
    if args.format == "state_dict":
        files = _export_state_dict(model, spec, output)
    else:
        diff = _export_torchscript(model, input_shape, output)
        files = [output]
        result["max_abs_diff"] = diff
        if not diff <= TOLERANCE:
            output.unlink(missing_ok=True)
            print(f"error: the TorchScript export's outputs differ from the model's by {diff:.3g}; "
                  f"nothing was written", file=sys.stderr)
            return EXIT_RUN_FAILED
    result["files"] = [str(p) for p in files]
    if args.json:
        emit(result)
    else:
        for path in files:
            print(f"wrote {path}")
    return 0

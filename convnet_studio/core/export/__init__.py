"""Export a model: a training script, ONNX, TorchScript, or a state_dict with the spec beside it.

``export(target, fmt, output)`` writes the file(s), reads them back the way a user would and
compares their logits with the model's on ``CHECK_IMAGES`` inputs; a difference over
``TOLERANCE`` removes the files and raises ``VerificationError``. Every failure is an
``ExportError`` with one sentence. The CLI's ``export`` command and File ▸ Export call this.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..messages import Message
from .errors import ExportError, MissingExtra, VerificationError
from .target import CHECK_IMAGES, ExportTarget, check_inputs, target_from_run, target_from_state

#: The formats, in the order the CLI and the window offer them.
FORMATS = ("script", "onnx", "torchscript", "state_dict")
#: What each format is, for help texts.
DESCRIPTIONS = {
    "script": "a standalone PyTorch training script (Python code, spec networks only) and its weights",
    "onnx": "an ONNX file with a dynamic batch axis, for onnxruntime, Netron and deployment",
    "torchscript": "a traced module that torch.jit.load opens without this app",
    "state_dict": "the weights for torch.load, with the spec JSON beside them",
}
#: Each format's name in sentences.
TITLES = {"script": "script", "onnx": "ONNX", "torchscript": "TorchScript", "state_dict": "state_dict"}
#: How far a written model's logits may stray from the model's.
TOLERANCE = 1e-4

ProgressFn = Callable[[str], None]


@dataclass(frozen=True)
class ExportResult:
    """What ``export`` wrote and how closely it reproduces the model."""
    format: str
    files: tuple[Path, ...]
    max_abs_diff: float
    checked_on: str            # e.g. "100 shapes test images"


def _writer(fmt: str):
    from . import formats
    if fmt == "script":
        from .script import write_script
        return write_script
    return {"onnx": formats.write_onnx, "torchscript": formats.write_torchscript,
            "state_dict": formats.write_state_dict}[fmt]


def export(target: ExportTarget, fmt: str, output, progress: Optional[ProgressFn] = None,
           tolerance: float = TOLERANCE) -> ExportResult:
    """Write ``target`` as ``fmt`` to ``output`` and verify it (see the module docstring).

    The model itself is left as it is (a copy on the CPU is exported); ``progress(message)``
    hears each stage.
    """
    import copy

    import torch

    from ..util.atomic import destination_problem
    say = progress or (lambda message: None)
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    output = Path(output)
    problem = destination_problem(output)
    if problem:
        raise ExportError(Message("export.cannot_write", path=output, reason=problem))
    if fmt == "onnx":
        from .formats import onnx_missing
        if onnx_missing():
            raise MissingExtra(onnx_missing())
    say(Message("export.preparing"))
    model = copy.deepcopy(target.model).to("cpu").eval()
    target = ExportTarget(**{**target.__dict__, "model": model})
    inputs, checked_on = check_inputs(target)
    with torch.no_grad():
        expected = model(inputs)
    if not isinstance(expected, torch.Tensor) or expected.dim() != 2:
        raise ExportError(Message("export.not_logits", type=type(expected).__name__))
    say(Message("export.writing", format=fmt))
    files, diff = _writer(fmt)(target, output, inputs, expected)
    say(Message("export.checking"))
    if not diff <= tolerance:
        for path in files:
            path.unlink(missing_ok=True)
        raise VerificationError(f"the {TITLES[fmt]} export's outputs differ from the model's by {diff:.3g} on "
                                f"{checked_on} (allowed: {max(tolerance, 0):g}); nothing was written")
    return ExportResult(fmt, tuple(files), diff, checked_on)


__all__ = ["CHECK_IMAGES", "DESCRIPTIONS", "ExportError", "ExportResult", "ExportTarget", "FORMATS", "MissingExtra",
           "TITLES", "TOLERANCE", "VerificationError", "check_inputs", "export", "target_from_run", "target_from_state"]

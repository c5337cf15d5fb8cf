"""``convnet-studio export``: a saved run's network as a training script, ONNX, TorchScript or a state_dict.

Every export is read back (the script imported, ONNX run in onnxruntime, TorchScript loaded)
and its logits compared with the model's on 100 test images; the largest difference is
reported, and a file that misses ``TOLERANCE`` is removed again (exit status 1).
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..arguments import emit
from ..errors import EXIT_RUN_FAILED, UsageError

NAME = "export"
#: The formats (the same as ``core.export.FORMATS``; listed here so building the parser imports no torch).
FORMATS = ("script", "onnx", "torchscript", "state_dict")

#: How far the written model's logits may stray from the model's.
TOLERANCE = 1e-4


def add_parser(sub) -> None:
    """Add the ``export`` sub-parser."""
    e = sub.add_parser(NAME, help="write a saved run's network as a PyTorch script, ONNX, TorchScript or a state_dict")
    e.add_argument("run_path", metavar="RUN.pt", help="a run saved by `train --save` or File ▸ Save run")
    e.add_argument("--format", required=True, choices=FORMATS,
                   help="script: a standalone PyTorch training script (+ its weights, *_weights.pt); "
                        "onnx: an ONNX file with a dynamic batch axis (needs convnet-studio[onnx]); "
                        "torchscript: a traced module torch.jit.load opens without this app; "
                        "state_dict: the weights for torch.load, with the spec JSON beside them")
    e.add_argument("--output", required=True, metavar="PATH", help="the file to write")
    e.add_argument("--dataset", default=None,
                   help="dataset whose input shape and classes the network takes (default: the run's own)")
    e.add_argument("--json", action="store_true", help="print one JSON line instead of text")


def run(args) -> int:
    """Export the run; prints the written path(s) and the check, or one JSON line with ``--json``."""
    from ...core.export import ExportError, VerificationError, export, target_from_run

    output = Path(args.output)
    if output.is_dir():
        raise UsageError(f"cannot write {output}: it is a folder; give a file name")
    try:
        target = target_from_run(args.run_path, args.dataset)
        result = export(target, args.format, output, tolerance=TOLERANCE)
    except VerificationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_RUN_FAILED
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        emit({"format": result.format, "files": [str(p) for p in result.files],
              "max_abs_diff": result.max_abs_diff, "checked_on": result.checked_on})
    else:
        for path in result.files:
            print(f"wrote {path}")
        if result.format != "state_dict":      # a state_dict is the weights themselves: nothing to report
            print(f"checked: its logits differ from the model's by at most {result.max_abs_diff:.2g} "
                  f"on {result.checked_on}")
    return 0

"""The binary formats: a plain state_dict (+ the spec JSON), TorchScript and ONNX.

Each writer writes atomically, loads what it wrote back the way a user would (``torch.load``,
``torch.jit.load``, ``onnxruntime``) and returns the largest logit difference from the model
on the check inputs; ``export.export`` removes the files again when that is too large.
"""
from __future__ import annotations

import copy
import io
import tempfile
import warnings
from pathlib import Path

import torch

from ..util.atomic import atomic_write
from .errors import ExportError, MissingExtra
from .target import ExportTarget
from ..messages import Message

ONNX_INSTALL = "pip install convnet-studio[onnx]"
ONNX_OPSET = 18


def write_file(path: Path, write) -> None:
    """``atomic_write`` with an OS error as one ``ExportError`` sentence."""
    try:
        atomic_write(path, write)
    except (FileExistsError, NotADirectoryError):
        raise ExportError(Message("export.folder_is_file", path=path)) from None
    except OSError as exc:
        raise ExportError(Message("export.cannot_write", path=path, reason=str(exc.strerror or exc))) from None


def max_difference(got, want: torch.Tensor) -> float:
    """Largest absolute difference of two logit arrays (inf when their shapes differ)."""
    got = torch.as_tensor(got).float()
    if tuple(got.shape) != tuple(want.shape):
        return float("inf")
    return float((got - want.float()).abs().max()) if want.numel() else 0.0


def cpu_state(model: torch.nn.Module) -> dict:
    """The model's state_dict as CPU tensors that share nothing with it."""
    return {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}


def spec_json_path(output: Path) -> Path:
    """Where the spec JSON goes beside a state_dict file."""
    return output.with_suffix(".json")


def write_state_dict(target: ExportTarget, output: Path, inputs: torch.Tensor, expected: torch.Tensor
                     ) -> tuple[list[Path], float]:
    """The weights for ``torch.load`` (and the spec JSON beside them, for a spec model)."""
    files = [output]
    if target.spec is not None:
        spec_path = spec_json_path(output)
        if spec_path == output:
            raise ExportError(f"--output {output} ends in .json, where the spec goes; name the weights file *.pt")
        files.append(spec_path)
    state = cpu_state(target.model)
    write_file(output, lambda fh: torch.save(state, fh))
    if target.spec is not None:
        write_file(files[1], lambda fh: fh.write((target.spec.to_json() + "\n").encode("utf-8")))
    loaded = torch.load(output, map_location="cpu", weights_only=True)
    if target.spec is not None:
        from ..model.builder import build
        rebuilt = build(target.spec, target.input_shape, int(expected.shape[1]))
    else:
        rebuilt = copy.deepcopy(target.model)
    rebuilt.load_state_dict(loaded)
    with torch.no_grad():
        return files, max_difference(rebuilt.eval()(inputs), expected)


def write_torchscript(target: ExportTarget, output: Path, inputs: torch.Tensor, expected: torch.Tensor
                      ) -> tuple[list[Path], float]:
    """A traced module that ``torch.jit.load`` opens without this app."""
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")    # torch.jit is deprecated in favour of torch.export; tracer notes
        try:
            traced = torch.jit.trace(target.model, inputs[:2])
        except Exception as exc:  # noqa: BLE001 - tracing fails in many ways; the user gets one sentence
            raise ExportError(Message("export.not_traceable", reason=_first_line(exc))) from None
        buffer = io.BytesIO()
        torch.jit.save(traced, buffer)
        write_file(output, lambda fh: fh.write(buffer.getvalue()))
        reloaded = torch.jit.load(str(output), map_location="cpu")
        return [output], max_difference(reloaded(inputs), expected)


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def onnx_missing() -> str:
    """'' when onnx and onnxruntime import, else the sentence saying what to install."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return f"ONNX export needs the onnx extra: {ONNX_INSTALL}"
    return ""


def _onnx_bytes(model: torch.nn.Module, example: torch.Tensor) -> bytes:
    """The model as ONNX with a dynamic batch axis.

    The TorchScript-based exporter first: quick and quiet, and exact on these nets; the
    dynamo exporter (``torch.export``) when it refuses a model.
    """
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = Path(folder) / "model.onnx"
        names = dict(input_names=["input"], output_names=["logits"])
        try:
            torch.onnx.export(model, (example,), str(path), dynamo=False, opset_version=ONNX_OPSET,
                              dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, **names)
        except Exception:  # noqa: BLE001 - any refusal: the other exporter may take it
            from torch.export import Dim
            try:
                program = torch.onnx.export(model, (example,), dynamo=True, verbose=False,
                                            dynamic_shapes=({0: Dim("batch")},), **names)
                program.save(str(path), external_data=False)
            except Exception as exc:  # noqa: BLE001
                raise ExportError(Message("export.onnx_failed", reason=_first_line(exc))) from None
        return path.read_bytes()


def write_onnx(target: ExportTarget, output: Path, inputs: torch.Tensor, expected: torch.Tensor
               ) -> tuple[list[Path], float]:
    """An ONNX file (dynamic batch), checked in onnxruntime."""
    missing = onnx_missing()
    if missing:
        raise MissingExtra(missing)
    import onnx
    import onnxruntime as ort
    with torch.no_grad():
        data = _onnx_bytes(target.model, inputs[:2])
    proto = onnx.load_from_string(data)
    meta = {"producer": "ConvNet Studio", "name": target.name,
            "input_shape": "×".join(map(str, target.input_shape)),
            "class_names": ",".join(map(str, target.class_names))}
    for key, value in meta.items():
        if value:
            proto.metadata_props.add(key=key, value=value)
    data = proto.SerializeToString()
    write_file(output, lambda fh: fh.write(data))
    session = ort.InferenceSession(str(output), providers=["CPUExecutionProvider"])
    got = session.run(None, {session.get_inputs()[0].name: inputs.numpy()})[0]
    return [output], max_difference(got, expected)

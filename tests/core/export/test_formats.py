"""ONNX, TorchScript and state_dict exports of spec networks and of any other ``nn.Module``."""
import sys

import pytest
import torch
from torch import nn

from convnet_studio.core.export import (ExportError, ExportTarget, MissingExtra, VerificationError, export,
                                        target_from_state)
from convnet_studio.core.model.builder import build
from convnet_studio.core.train.checkpoint import RunState
from convnet_studio.core.train.config import TrainConfig

from .test_script import ALL_KINDS, _perturbed


class SkipNet(nn.Module):
    """Not a spec network: a branch and a skip connection, as a user's own model might have."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 6, 3, padding=1)
        self.branch = nn.Sequential(nn.Conv2d(6, 6, 3, padding=1), nn.BatchNorm2d(6), nn.ReLU())
        self.head = nn.Linear(6, 4)

    def forward(self, x):
        y = torch.relu(self.stem(x))
        y = y + self.branch(y)
        return self.head(y.mean(dim=(2, 3)))


def _spec_target():
    model = _perturbed(build(ALL_KINDS, (3, 32, 32), 10))
    run = RunState(ALL_KINDS, TrainConfig(), model.state_dict(), {}, 0, 0, {}, {}, "shapes")
    return target_from_state(run, "shapes", (3, 32, 32), 10, tuple(f"c{k}" for k in range(10)), "run.pt")


def _own_targets():
    import torchvision
    torch.manual_seed(0)
    return [ExportTarget(_perturbed(SkipNet()), (3, 12, 12), "skipnet"),
            ExportTarget(torchvision.models.mobilenet_v3_small(num_classes=5).eval(), (3, 32, 32), "mobilenet")]


def _onnx_logits(path, inputs):
    import onnxruntime as ort
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return torch.from_numpy(session.run(None, {"input": inputs.numpy()})[0])


def test_onnx_export_of_a_spec_run_matches_on_100_test_images_and_any_batch_size(tmp_path):
    import onnx
    target = _spec_target()
    result = export(target, "onnx", tmp_path / "net.onnx")
    assert result.max_abs_diff <= 1e-4 and result.checked_on == "100 shapes test images"
    inputs = torch.randn(7, 3, 32, 32, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        assert torch.allclose(_onnx_logits(tmp_path / "net.onnx", inputs), target.model(inputs), atol=1e-4, rtol=0)
    meta = {p.key: p.value for p in onnx.load(str(tmp_path / "net.onnx")).metadata_props}
    assert meta["input_shape"] == "3×32×32" and meta["class_names"].split(",")[:2] == ["c0", "c1"]


@pytest.mark.parametrize("fmt", ["onnx", "torchscript", "state_dict"])
def test_models_not_built_from_a_spec_export_too(tmp_path, fmt):
    for target in _own_targets():
        output = tmp_path / f"{target.name}.{fmt}"
        result = export(target, fmt, output)
        assert result.files == (output,) and result.max_abs_diff <= 1e-4
        assert result.checked_on == "100 random inputs"
        inputs = torch.randn(3, *target.input_shape)
        with torch.no_grad():
            expected = target.model(inputs)
            if fmt == "onnx":
                got = _onnx_logits(output, inputs)
            elif fmt == "torchscript":
                with pytest.warns(FutureWarning):        # torch.jit is deprecated, still supported
                    got = torch.jit.load(str(output))(inputs)
            else:
                copy = type(target.model)() if target.name == "skipnet" else None
                if copy is None:
                    continue
                copy.load_state_dict(torch.load(output, weights_only=True))
                got = copy.eval()(inputs)
        assert torch.allclose(got, expected, atol=1e-4, rtol=0)


def test_export_leaves_the_live_model_as_it_was(tmp_path):
    target = _spec_target()
    target.model.train()
    before = {k: v.clone() for k, v in target.model.state_dict().items()}
    export(target, "torchscript", tmp_path / "net.ts")
    assert target.model.training
    assert all(torch.equal(before[k], v) for k, v in target.model.state_dict().items())


def test_a_missing_onnx_extra_is_one_sentence_naming_the_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(MissingExtra) as caught:
        export(_spec_target(), "onnx", tmp_path / "net.onnx")
    assert str(caught.value) == "ONNX export needs the onnx extra: pip install convnet-studio[onnx]"
    assert list(tmp_path.iterdir()) == []


def test_an_export_that_misses_the_tolerance_is_removed(tmp_path):
    with pytest.raises(VerificationError, match="the ONNX export's outputs differ from the model's by"):
        export(_spec_target(), "onnx", tmp_path / "net.onnx", tolerance=-1.0)
    assert list(tmp_path.iterdir()) == []


def test_unknown_formats_and_unwritable_outputs_are_one_sentence(tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'keras': choose one of script, onnx"):
        export(_spec_target(), "keras", tmp_path / "net.h5")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="cannot write .*is a file, not a folder"):
        export(_spec_target(), "onnx", tmp_path / "file" / "net.onnx")


def test_a_model_that_cannot_be_traced_is_one_sentence(tmp_path):
    class Branchy(nn.Module):
        def forward(self, x):
            return {"logits": x.flatten(1)}      # a dict: neither tracer nor the ONNX exporters take it as logits
    with pytest.raises(ExportError, match="returns dict rather than one batch of logits"):
        export(ExportTarget(Branchy(), (1, 2, 2)), "torchscript", tmp_path / "m.ts")
    assert list(tmp_path.iterdir()) == []

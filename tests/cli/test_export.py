"""``convnet-studio export``: script, ONNX, TorchScript and state_dict files that reproduce the trained model's outputs."""
import json
import subprocess
import sys

import pytest
import torch

from convnet_studio.cli import main
from convnet_studio.core.data.sources import dataset_shape
from convnet_studio.core.model.builder import build
from convnet_studio.core.model.spec import ModelSpec
from convnet_studio.core.train.checkpoint import load_run

from .helpers import run_cli

TINY_SPEC = {"name": "tiny", "layers": [
    {"type": "conv2d", "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1},
    {"type": "batchnorm"}, {"type": "activation", "fn": "relu"},
    {"type": "residual", "out_channels": 8, "stride": 2},
    {"type": "global_avg_pool"}, {"type": "linear", "out_features": "classes"}]}


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory):
    """A run of a tiny net (batch norm, a residual block) trained one epoch on the built-in shapes."""
    folder = tmp_path_factory.mktemp("export")
    spec_file = folder / "tiny.json"
    spec_file.write_text(json.dumps(TINY_SPEC))
    run_file = folder / "run.pt"
    code = main(["train", "--spec", str(spec_file), "--dataset", "shapes", "--epochs", "1",
                 "--batch-size", "128", "--save", str(run_file), "--json"])
    assert code == 0 and run_file.is_file()
    return run_file


def _reference(run_file):
    """(model with the run's weights in eval mode, a batch of inputs, the model's logits on them)."""
    run = load_run(run_file)
    input_shape, num_classes = dataset_shape("shapes")
    model = build(run.spec, input_shape, num_classes)
    model.load_state_dict(run.model_state)
    model.eval()
    inputs = torch.randn(7, *input_shape, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        return model, inputs, model(inputs)


def test_state_dict_export_writes_the_weights_and_the_spec_beside_them(capsys, trained_run, tmp_path):
    output = tmp_path / "out" / "tiny_weights.pt"
    assert main(["export", str(trained_run), "--format", "state_dict", "--output", str(output)]) == 0
    out, err = capsys.readouterr()
    spec_file = output.with_suffix(".json")
    assert out.splitlines() == [f"wrote {output}", f"wrote {spec_file}"] and not err

    state = torch.load(output, weights_only=True)
    assert isinstance(state, dict) and all(isinstance(v, torch.Tensor) for v in state.values())
    spec = ModelSpec.load(spec_file)
    assert spec == load_run(trained_run).spec
    model, inputs, expected = _reference(trained_run)
    rebuilt = build(spec, inputs.shape[1:], expected.shape[1])
    rebuilt.load_state_dict(state)
    rebuilt.eval()
    with torch.no_grad():
        assert torch.allclose(rebuilt(inputs), expected, atol=1e-4, rtol=0)
    # the weights are the trained ones, not a fresh network's
    fresh = build(spec, inputs.shape[1:], expected.shape[1]).state_dict()
    assert any(not torch.equal(fresh[k], state[k]) for k in state)


def test_torchscript_export_loads_without_the_studio_and_matches_the_model(capsys, trained_run, tmp_path):
    output = tmp_path / "tiny.ts"
    assert main(["export", str(trained_run), "--format", "torchscript", "--output", str(output), "--json"]) == 0
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert len(lines) == 1, out
    result = json.loads(lines[0])
    assert result["format"] == "torchscript" and result["files"] == [str(output)]
    assert 0 <= result["max_abs_diff"] <= 1e-4

    _, inputs, expected = _reference(trained_run)
    torch.save(inputs, tmp_path / "inputs.pt")
    # a fresh interpreter that never imports convnet_studio; 7 images, a batch size not traced with
    code = ("import sys, warnings, torch\n"
            "warnings.simplefilter('ignore')\n"
            f"m = torch.jit.load({str(output)!r})\n"
            f"x = torch.load({str(tmp_path / 'inputs.pt')!r}, weights_only=True)\n"
            "with torch.no_grad(): y = m(x)\n"
            f"torch.save(y, {str(tmp_path / 'outputs.pt')!r})\n"
            "print(any(name.startswith('convnet_studio') for name in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    got = torch.load(tmp_path / "outputs.pt", weights_only=True)
    assert got.shape == expected.shape
    assert torch.allclose(got, expected, atol=1e-4, rtol=0)


def test_torchscript_export_that_fails_verification_is_removed(capsys, trained_run, tmp_path, monkeypatch):
    from convnet_studio.cli.commands import export
    monkeypatch.setattr(export, "TOLERANCE", -1.0)     # no difference can pass
    output = tmp_path / "tiny.ts"
    assert main(["export", str(trained_run), "--format", "torchscript", "--output", str(output)]) == 1
    out, err = capsys.readouterr()
    assert not out and err.startswith("error: the TorchScript export's outputs differ") and len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_onnx_export_reports_the_largest_difference_on_100_test_images(capsys, trained_run, tmp_path):
    import onnxruntime as ort
    output = tmp_path / "tiny.onnx"
    code, out, err = run_cli(capsys, "export", str(trained_run), "--format", "onnx", "--output", str(output))
    assert code == 0 and not err
    lines = out.splitlines()
    assert lines[0] == f"wrote {output}" and len(lines) == 2
    assert lines[1].startswith("checked: its logits differ from the model's by at most ")
    assert lines[1].endswith(" on 100 shapes test images")
    _, inputs, expected = _reference(trained_run)
    session = ort.InferenceSession(str(output), providers=["CPUExecutionProvider"])
    got = torch.from_numpy(session.run(None, {"input": inputs.numpy()})[0])
    assert torch.allclose(got, expected, atol=1e-4, rtol=0)


def test_script_export_writes_the_script_and_its_weights(capsys, trained_run, tmp_path):
    output = tmp_path / "tiny.py"
    code, out, err = run_cli(capsys, "export", str(trained_run), "--format", "script", "--output", str(output),
                             "--json")
    assert code == 0 and not err
    result = json.loads(out)
    assert result["files"] == [str(output), str(tmp_path / "tiny_weights.pt")]
    assert 0 <= result["max_abs_diff"] <= 1e-4 and result["checked_on"] == "100 shapes test images"
    # the studio's trained weights, evaluated by the script alone on the first 200 validation images
    done = subprocess.run([sys.executable, str(output), "--weights", str(tmp_path / "tiny_weights.pt"),
                           "--epochs", "0", "--train-size", "10", "--val-size", "200", "--json"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert 0 <= json.loads(done.stdout)["val_acc"] <= 1


def test_a_missing_onnx_extra_names_the_install(capsys, trained_run, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnx", None)
    code, out, err = run_cli(capsys, "export", str(trained_run), "--format", "onnx", "--output",
                             str(tmp_path / "m.onnx"))
    assert code == 2 and not out
    assert err == "error: ONNX export needs the onnx extra: pip install convnet-studio[onnx]\n"


@pytest.mark.parametrize("case, phrase", [
    ("missing", "no such file"),
    ("damaged", "not a ConvNet Studio run file"),
    ("not_a_run", "not a ConvNet Studio run file"),
    ("parent_is_a_file", "cannot write"),
    ("output_is_a_folder", "it is a folder"),
    ("json_weights", "where the spec goes"),
    ("bad_format", "invalid choice"),
    ("script_not_py", "should end in .py"),
    ("unknown_dataset", "input shape"),
    ("other_dataset", "do not fit its network on mnist: 0.weight is 4×3×3×3, the network needs 4×1×3×3"),
])
def test_bad_input_exits_2_with_one_error_line_and_writes_nothing(capsys, trained_run, tmp_path, case, phrase):
    run_file, output, fmt, extra = str(trained_run), tmp_path / "model.pt", "state_dict", []
    if case == "missing":
        run_file = str(tmp_path / "nope.pt")
    elif case == "damaged":
        damaged = tmp_path / "damaged.pt"
        damaged.write_bytes(trained_run.read_bytes()[:2000])
        run_file = str(damaged)
    elif case == "not_a_run":
        other = tmp_path / "weights.pt"
        torch.save({"weight": torch.zeros(3)}, other)
        run_file = str(other)
    elif case == "parent_is_a_file":
        (tmp_path / "file").write_text("x")
        output = tmp_path / "file" / "model.pt"
    elif case == "output_is_a_folder":
        output = tmp_path
    elif case == "json_weights":
        output = tmp_path / "model.json"
    elif case == "bad_format":
        fmt = "onnx-ish"
    elif case == "script_not_py":
        fmt = "script"
    elif case == "unknown_dataset":
        extra = ["--dataset", "no-such-set"]
    elif case == "other_dataset":
        extra = ["--dataset", "mnist"]
    before = sorted(p.name for p in tmp_path.rglob("*"))

    code = main(["export", run_file, "--format", fmt, "--output", str(output), *extra])
    out, err = capsys.readouterr()
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    assert phrase in lines[0]
    assert not out and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_the_command_offers_exactly_the_core_formats():
    from convnet_studio.cli.commands import export as command
    from convnet_studio.core.export import FORMATS
    assert command.FORMATS == FORMATS

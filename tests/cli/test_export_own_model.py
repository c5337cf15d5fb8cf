"""``export`` of a run of a fine-tuned opened model: its model is rebuilt from the run's model
source record and written as ONNX, TorchScript or a state_dict; a training script is refused."""
from __future__ import annotations

import pytest
import torch

from convnet_studio.core.train.checkpoint import load_run
from convnet_studio.core.train.finetune import FineTune
from tests.cli.helpers import run_cli
from tests.core.model.external.opened_models import write_python_model


@pytest.fixture(scope="module")
def own_run(tmp_path_factory, folder):
    """A tiny trusted Python model fine-tuned (head only) one epoch on the 3-class image folder."""
    from convnet_studio.cli import main
    where = tmp_path_factory.mktemp("own_export")
    path = where / "run.pt"
    code = main(["train", "--model", write_python_model(where), "--trust-code", "--head-only", "--dataset",
                 str(folder), "--epochs", "1", "--batch-size", "8", "--device", "cpu", "--save", str(path), "--json"])
    assert code == 0 and path.is_file()
    return path


def _reference(run_file):
    run = load_run(run_file)
    model = FineTune.from_dict(run.model_source)(run.input_shape, run.num_classes)
    model.load_state_dict(run.model_state)
    model.eval()
    inputs = torch.randn(5, *run.input_shape, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        return inputs, model(inputs)


def test_torchscript_and_state_dict_of_an_opened_models_run_match_it(capsys, own_run, tmp_path):
    inputs, expected = _reference(own_run)
    ts = tmp_path / "own.ts"
    code, out, err = run_cli(capsys, "export", str(own_run), "--format", "torchscript", "--output", str(ts))
    assert code == 0 and not err and out.startswith(f"wrote {ts}")
    with torch.no_grad():
        assert torch.allclose(torch.jit.load(str(ts))(inputs), expected, atol=1e-5, rtol=0)

    weights = tmp_path / "own_weights.pt"
    code, out, err = run_cli(capsys, "export", str(own_run), "--format", "state_dict", "--output", str(weights))
    assert code == 0 and not err and out.splitlines() == [f"wrote {weights}"]
    state = torch.load(weights, weights_only=True)
    assert tuple(state["fc.weight"].shape) == (3, 6)
    assert torch.equal(state["fc.weight"], load_run(own_run).model_state["fc.weight"])


def test_onnx_of_an_opened_models_run_matches_it(capsys, own_run, tmp_path):
    import onnxruntime as ort
    inputs, expected = _reference(own_run)
    output = tmp_path / "own.onnx"
    code, out, err = run_cli(capsys, "export", str(own_run), "--format", "onnx", "--output", str(output))
    assert code == 0 and not err and out.splitlines()[0] == f"wrote {output}"
    session = ort.InferenceSession(str(output), providers=["CPUExecutionProvider"])
    got = torch.from_numpy(session.run(None, {"input": inputs.numpy()})[0])
    assert torch.allclose(got, expected, atol=1e-4, rtol=0)


def test_a_script_of_an_opened_models_run_is_refused_in_one_sentence(capsys, own_run, tmp_path):
    output = tmp_path / "own_script.py"
    code, out, err = run_cli(capsys, "export", str(own_run), "--format", "script", "--output", str(output))
    assert code == 2 and err.count("\n") == 1 and "from a spec" in err and not output.exists()


def test_a_run_whose_model_file_is_gone_says_so(capsys, own_run, tmp_path):
    import shutil
    moved = tmp_path / "run.pt"
    shutil.copy(own_run, moved)
    source = load_run(moved).model_source["name"]
    hidden = source + ".away"
    shutil.move(source, hidden)
    try:
        code, out, err = run_cli(capsys, "export", str(moved), "--format", "torchscript",
                                 "--output", str(tmp_path / "x.ts"))
    finally:
        shutil.move(hidden, source)
    assert code == 2 and err.count("\n") == 1 and "cannot be rebuilt" in err

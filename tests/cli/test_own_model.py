"""``--model`` on the command line: summary of an opened model, fine-tuning, and the refusals."""
import json

import pytest
import torch

from convnet_studio.core.train.checkpoint import load_run
from tests.cli.helpers import run_cli
from tests.core.model.external.opened_models import write_python_model


def test_summary_of_resnet18_lists_module_paths_with_shapes(capsys):
    code, out, err = run_cli(capsys, "summary", "--model", "resnet18", "--input-size", "64", "--json")
    assert code == 0, err
    table = json.loads(out)
    layers = {layer["path"]: layer for layer in table["layers"]}
    assert table["input_shape"] == [3, 64, 64] and table["num_classes"] == 1000
    assert table["class_names"][0] == "tench"
    assert layers["layer3.1.conv2"]["output_shape"] == [256, 4, 4]
    assert table["total_params"] == 11_689_512


def test_summary_text_of_a_trusted_python_file(capsys, tmp_path):
    code, out, err = run_cli(capsys, "summary", "--model", write_python_model(tmp_path), "--trust-code",
                             "--input-size", "16")
    assert code == 0, err
    assert "features.0" in out and "4×16×16" in out and "total: 369 parameters" in out


@pytest.mark.parametrize("argv, words", [
    (["summary", "--model", "tiny_net.py"], "trust"),
    (["summary", "--weights", "w.pth"], "--weights goes with --model"),
    (["summary", "--model", "resnet9000"], "neither a torchvision model"),
    (["summary", "--model", "vit_b_16", "--input-size", "32"], "cannot take 3×32×32 inputs"),
    (["train", "--head-only"], "--head-only goes with --model"),
])
def test_bad_model_arguments_are_one_line_usage_errors(capsys, tmp_path, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    write_python_model(tmp_path)
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and words in err and err.count("\n") == 1


def test_train_head_only_on_a_folder_saves_a_reloadable_run(capsys, tmp_path, folder):
    path = tmp_path / "run.pt"
    code, out, err = run_cli(capsys, "train", "--model", write_python_model(tmp_path), "--trust-code", "--head-only",
                             "--dataset", str(folder), "--epochs", "1", "--batch-size", "8", "--device", "cpu",
                             "--save", str(path), "--json")
    assert code == 0, err
    run = load_run(path)
    assert run.spec is None and run.model_source["head_only"] is True
    assert tuple(run.model_state["fc.weight"].shape) == (3, 6)
    code, out, err = run_cli(capsys, "train", "--resume", str(path), "--epochs", "2", "--device", "cpu", "--json")
    assert code == 0, err
    assert torch.equal(load_run(path).model_state["features.0.weight"], run.model_state["features.0.weight"])


def test_the_screenshot_refuses_an_untrusted_python_model_before_opening_a_window(capsys, tmp_path):
    code, out, err = run_cli(capsys, "--screenshot", str(tmp_path / "shot.png"), "--model",
                             write_python_model(tmp_path))
    assert code == 2 and "--trust-code" in err and err.count("\n") == 1
    assert not (tmp_path / "shot.png").exists()

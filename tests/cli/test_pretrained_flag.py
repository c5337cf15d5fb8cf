"""``--pretrained``: torchvision's weights from torch hub's cache without network, fetched into it
when missing, and offline one ``error:`` line naming the file and the folder (exit status 2)."""
import json

import pytest
import torch
import torchvision

from convnet_studio.core.train.checkpoint import load_run
from tests.cli.helpers import run_cli
from tests.core.model.external.opened_models import write_python_model
from tests.core.model.external.pretrained_fakes import hub_checkpoints, offline


@pytest.fixture
def cached_mobilenet(monkeypatch, tmp_path):
    """mobilenet_v3_small's 'pretrained' weights (random, seed 5) in a temporary hub cache; no network."""
    checkpoints = hub_checkpoints(monkeypatch, tmp_path)
    checkpoints.mkdir(parents=True)
    torch.manual_seed(5)
    state = torchvision.models.mobilenet_v3_small().state_dict()
    torch.save(state, checkpoints / "mobilenet_v3_small-047dcff4.pth")
    return state, offline(monkeypatch)


def test_summary_with_cached_pretrained_weights_needs_no_network(capsys, cached_mobilenet):
    _, tried = cached_mobilenet
    code, out, err = run_cli(capsys, "summary", "--model", "mobilenet_v3_small", "--pretrained", "--json")
    assert code == 0 and err == ""
    table = json.loads(out)
    assert table["source"]["weights"] == "pretrained" and table["input_shape"] == [3, 224, 224]
    assert table["class_names"][:2] == ["tench", "goldfish"] and not tried


def test_fine_tuning_the_head_starts_from_the_pretrained_weights(capsys, cached_mobilenet, folder, tmp_path):
    state, tried = cached_mobilenet
    path = tmp_path / "run.pt"
    code, out, err = run_cli(capsys, "train", "--model", "mobilenet_v3_small", "--pretrained", "--head-only",
                             "--dataset", str(folder), "--epochs", "1", "--batch-size", "8", "--device", "cpu",
                             "--save", str(path), "--json")
    assert code == 0, err
    run = load_run(path)
    assert run.model_source["weights"] == "pretrained" and not tried
    assert torch.equal(run.model_state["features.0.0.weight"], state["features.0.0.weight"])
    assert tuple(run.model_state["classifier.3.weight"].shape) == (3, 1024)


def test_offline_the_download_is_one_error_line_with_the_file_and_folder(capsys, monkeypatch, tmp_path):
    checkpoints = hub_checkpoints(monkeypatch, tmp_path)
    offline(monkeypatch)
    code, out, err = run_cli(capsys, "summary", "--model", "resnet18", "--pretrained", "--json")
    note, error = err.splitlines()
    assert code == 2 and out == ""
    assert note == f"note: downloading torchvision's pretrained weights for resnet18 (44.7 MB) into {checkpoints}"
    assert error.startswith("error: torchvision's pretrained weights for resnet18 could not be downloaded (")
    assert error.endswith(f": download https://download.pytorch.org/models/resnet18-f37072fd.pth yourself and put it, "
                          f"named resnet18-f37072fd.pth, into {checkpoints}")
    code, out, err = run_cli(capsys, "--screenshot", str(tmp_path / "shot.png"), "--model", "resnet18",
                             "--pretrained")
    assert code == 2 and "named resnet18-f37072fd.pth, into" in err and not (tmp_path / "shot.png").exists()


@pytest.mark.parametrize("argv, words", [
    (["summary", "--pretrained"], "error: --pretrained goes with --model"),
    (["summary", "--model", "resnet18", "--pretrained", "--weights", "w.pth"],
     "error: give --weights or --pretrained, not both"),
    (["summary", "--model", "tiny_net.py", "--trust-code", "--pretrained"],
     "error: --pretrained goes with a torchvision architecture name, and tiny_net.py is a python file"),
    (["--screenshot", "x.png", "--pretrained"], "error: --pretrained goes with --model"),
])
def test_pretrained_with_the_wrong_company_is_a_usage_error(capsys, tmp_path, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    write_python_model(tmp_path)
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and err == words + "\n"

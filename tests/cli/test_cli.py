"""The CLI's contract: JSON lines, exit codes, one-line errors, save/resume."""
import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from tests.cli.helpers import run_cli


@pytest.fixture
def image_folder(tmp_path):
    """A tiny learnable image folder: red-ish vs blue-ish vs green-ish squares."""
    rng = np.random.default_rng(0)
    root = tmp_path / "colours"
    for c, name in enumerate(["red", "green", "blue"]):
        for split, count in (("train", 16), ("test", 6)):
            folder = root / split / name
            folder.mkdir(parents=True)
            for i in range(count):
                img = rng.integers(0, 80, size=(32, 32, 3), dtype=np.uint8)
                img[..., c] += 150
                Image.fromarray(img).save(folder / f"{i}.png")
    return root


def test_summary_of_seed_reports_tutorial_parameter_count(capsys):
    code, out, err = run_cli(capsys, "summary", "--preset", "seed", "--json")
    assert code == 0, err
    table = json.loads(out)
    assert table["total_params"] == 62006
    assert [layer["index"] for layer in table["layers"]] == list(range(len(table["layers"])))
    assert table["layers"][0]["output_shape"] == [6, 28, 28]


def test_summary_text_lists_every_layer(capsys):
    code, out, _ = run_cli(capsys, "summary", "--preset", "seed")
    assert code == 0
    assert "62,006 parameters" in out
    assert "6×28×28" in out


def test_presets_lists_descriptions(capsys):
    code, out, _ = run_cli(capsys, "presets", "--json")
    assert code == 0
    presets = {p["name"]: p["description"] for p in json.loads(out)}
    assert {"seed", "seed_bn", "vgg_small", "resnet_small", "mlp"} <= set(presets)
    assert all(len(d) > 10 for d in presets.values())


@pytest.mark.parametrize("argv, phrase", [
    (["summary", "--preset", "nope"], "unknown preset"),
    (["train", "--preset", "nope"], "unknown preset"),
    (["train", "--lr", "0"], "positive"),
    (["train", "--lr", "-1"], "positive"),
    (["train", "--batch-size", "0"], "at least 1"),
    (["train", "--epochs", "abc"], "whole number"),
    (["train", "--optimizer", "lbfgs"], "invalid choice"),
    (["train", "--dataset", "no-such-set-or-folder"], "unknown dataset"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_exits_2_with_one_error_line(capsys, argv, phrase):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    assert phrase in lines[0]
    assert "Traceback" not in err


def test_malformed_and_impossible_specs_exit_2(capsys, tmp_path):
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{ not json")
    code, _, err = run_cli(capsys, "summary", "--spec", str(bad_json))
    assert code == 2 and err.startswith("error:") and "JSON" in err

    impossible = tmp_path / "impossible.json"
    impossible.write_text(json.dumps({"layers": [
        {"type": "conv2d", "out_channels": 4, "kernel_size": 40},
        {"type": "flatten"}, {"type": "linear", "out_features": "classes"}]}))
    code, _, err = run_cli(capsys, "summary", "--spec", str(impossible))
    assert code == 2 and err.startswith("error:") and "layer 0" in err


def test_missing_torchvision_dataset_offline_exits_2(capsys, tmp_path):
    code, _, err = run_cli(capsys, "summary", "--dataset", "mnist", "--data-root", str(tmp_path))
    # summary knows MNIST's shape without the files; training needs them
    assert code == 0
    code, _, err = run_cli(capsys, "train", "--dataset", "cifar10", "--data-root", str(tmp_path / "x"),
                           "--epochs", "1", "--json")
    assert code == 2
    assert err.startswith("error:") and len(err.strip().splitlines()) == 1
    assert str(tmp_path / "x") in err


def test_train_json_lines_then_save_and_resume(capsys, image_folder, tmp_path):
    run_file = tmp_path / "run.pt"
    code, out, err = run_cli(capsys, "train", "--dataset", str(image_folder), "--epochs", "1",
                             "--batch-size", "8", "--json", "--save", str(run_file), "--seed", "3")
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    assert [e["event"] for e in events] == ["start", "epoch", "done"]
    start, epoch = events[0], events[1]
    assert start["device"] == "cpu" and start["precision"] == "fp32" and start["params"] > 0
    assert set(epoch) == {"event", "epoch", "train_loss", "train_acc", "val_loss", "val_acc", "img_per_s", "seconds",
                          "threads", "threads_reason"}
    assert 0.0 <= epoch["val_acc"] <= 1.0 and epoch["img_per_s"] > 0
    assert epoch["threads"] >= 1 and epoch["threads_reason"]
    assert events[2]["epochs"] == 1 and events[2]["val_acc"] == epoch["val_acc"]
    assert run_file.exists()

    code, out, err = run_cli(capsys, "train", "--resume", str(run_file), "--epochs", "2", "--json")
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    assert [e.get("epoch") for e in events if e["event"] == "epoch"] == [2]
    assert events[-1]["event"] == "done" and events[-1]["epochs"] == 2


def test_resume_refuses_a_pickled_file(capsys, tmp_path):
    import pickle
    evil = tmp_path / "evil.pt"
    evil.write_bytes(pickle.dumps({"spec": Exception("x")}))
    code, _, err = run_cli(capsys, "train", "--resume", str(evil))
    assert code == 2 and err.startswith("error:") and "Traceback" not in err


def test_text_output_has_a_line_per_epoch(capsys, image_folder):
    code, out, err = run_cli(capsys, "train", "--dataset", str(image_folder), "--epochs", "2",
                             "--batch-size", "16", "--preset", "mlp")
    assert code == 0, err
    assert "epoch 1/2" in out and "epoch 2/2" in out and "val" in out


def test_module_entry_point_reports_errors_without_traceback():
    proc = subprocess.run([sys.executable, "-m", "convnet_studio", "train", "--batch-size", "0"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error:") and "Traceback" not in proc.stderr


@pytest.mark.parametrize("threads, processes", [(1, 4), (2, None)])
def test_the_cli_decodes_folders_in_processes_only_when_nothing_else_runs(capsys, image_folder, monkeypatch,
                                                                          threads, processes):
    import os
    import threading

    from convnet_studio.core.data import sources as data
    seen = {}
    real = data.load_dataset

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real(*args, **kwargs)
    monkeypatch.setattr(data, "load_dataset", spy)
    monkeypatch.setattr(threading, "active_count", lambda: threads)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    code, out, err = run_cli(capsys, "train", "--dataset", str(image_folder), "--epochs", "1", "--json")
    assert code == 0, err
    assert seen.get("decode_processes") == processes


def test_a_run_that_fails_says_training_failed_and_exits_1(capsys, monkeypatch):
    from convnet_studio.core import events as ev
    from convnet_studio.core.train.trainer import Trainer

    def failing_run(self):
        yield ev.RunEnded(ev.EndReason.ERROR, "Division by zero.", 0, 0, 0.1)

    monkeypatch.setattr(Trainer, "run", failing_run)
    code, out, err = run_cli(capsys, "train", "--epochs", "1")
    assert code == 1
    assert err.strip().splitlines() == ["error: training failed: Division by zero."]


def test_threads_flag_pins_the_count(capsys, image_folder):
    code, out, err = run_cli(capsys, "train", "--dataset", str(image_folder), "--epochs", "1",
                             "--batch-size", "8", "--json", "--threads", "1")
    assert code == 0, err
    epoch = [json.loads(line) for line in out.splitlines()][1]
    assert epoch["threads"] == 1 and epoch["threads_reason"] == "fixed in the settings"


def test_bad_threads_flag_is_one_sentence(capsys, image_folder):
    code, out, err = run_cli(capsys, "train", "--dataset", str(image_folder), "--threads", "-2")
    assert code == 2 and "0 (automatic) to 1024" in err and "Traceback" not in err

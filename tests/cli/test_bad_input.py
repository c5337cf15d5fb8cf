"""Hostile input to the CLI: one ``error:`` line and status 2, never a traceback, nothing trained for nothing."""
import json

import pytest
import torch
from PIL import Image

from convnet_studio.cli import main
from convnet_studio.core.train import checkpoint


def run_cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in err, err
    return lines[0]


@pytest.fixture(scope="module")
def saved_run(folder, tmp_path_factory):
    path = tmp_path_factory.mktemp("runs") / "run.pt"
    assert main(["train", "--dataset", str(folder), "--preset", "mlp", "--epochs", "1", "--batch-size", "8",
                 "--json", "--save", str(path)]) == 0
    return path


@pytest.mark.parametrize("argv, phrase", [
    (["train", "--seed", "99999999999999999999999"], "a seed must be a whole number from 0 to"),
    (["train", "--seed", "-1"], "a seed must be a whole number from 0 to"),
    (["train", "--batch-size", "99999999999999999999"], "is far too large (at most 2147483647)"),
    (["train", "--epochs", "9" * 5000], "(5000 characters) is not a whole number"),
    (["train", "--warmup-epochs", "1e308"], "'1e308' is far too large"),
    (["train", "--weight-decay", "1e300"], "'1e300' is far too large"),
    (["train", "--lr", "1e400"], "must be a positive number"),
    (["train", "--momentum", "nan"], "must be zero or a positive number"),
    (["--screenshot", "x.png", "--train-seconds", "2147484"], "'2147484' is far too large"),
    (["--screenshot", "x.png", "--train-seconds", "1e300"], "'1e300' is far too large"),
    (["--screenshot", "x.png", "--size=-5x-5"], "--size must look like 1280x800, not '-5x-5'"),
    (["--screenshot", "x.png", "--size", "100000x100000"], "--size must be between 1x1 and 8192x8192"),
    (["--screenshot", "x.png", "--size", "0x600"], "--size must be between 1x1 and 8192x8192"),
    (["train", "--save", ""], "cannot save the run to '': no file name was given"),
    (["--screenshot", "x.png", "--probe-transform", "wobble=3"], "--probe-transform: unknown probe transform"),
    (["--screenshot", "x.png", "--probe-transform", "scale=-1"], "the scale must be a positive number"),
])
def test_out_of_range_arguments_exit_2(capsys, argv, phrase):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert phrase in one_error_line(err)


def test_device_that_is_absent_is_bad_input(capsys, folder):
    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    code, out, err = run_cli(capsys, "train", "--dataset", folder, "--device", "cuda", "--save", "x.pt")
    assert code == 2 and out == ""
    assert "no CUDA GPU is available" in one_error_line(err)


@pytest.mark.parametrize("where, phrase", [
    ("folder", "it is a folder"),
    ("file/run.pt", "is a file, not a folder"),
    ("x" * 300 + ".pt", "is too long (303 bytes; this file system allows"),
    ("new/", "it names a folder, not a file"),
])
def test_a_bad_save_destination_is_refused_before_training(capsys, tmp_path, folder, where, phrase):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("x")
    code, out, err = run_cli(capsys, "train", "--dataset", folder, "--epochs", "1", "--json",
                             "--save", f"{tmp_path}/{where}")
    assert code == 2 and out == "", out          # not a single epoch was spent
    assert phrase in one_error_line(err)


def test_the_screenshot_below_a_file_is_refused(capsys, tmp_path):
    (tmp_path / "file").write_text("x")
    code, _, err = run_cli(capsys, "--screenshot", tmp_path / "file" / "shot.png")
    assert code == 2
    assert one_error_line(err) == f"error: cannot save the screenshot to '{tmp_path}/file/shot.png': " \
                                  f"{tmp_path}/file is a file, not a folder"


@pytest.mark.parametrize("content, phrase", [
    ('{"layers": [' + "9" * 5000 + "]}", "a number with thousands of digits"),
    ("[" * 100_000, "nested far too deeply"),
    (b"\xff\xfe not text", "it is not UTF-8 text"),
    ("{" + " " * (1 << 20) + "}", "it is larger than 1024 KB"),
])
def test_hostile_spec_files_exit_2(capsys, tmp_path, content, phrase):
    spec = tmp_path / "spec.json"
    spec.write_bytes(content if isinstance(content, bytes) else content.encode())
    for command in ("summary", "train"):
        code, out, err = run_cli(capsys, command, "--spec", spec)
        assert code == 2 and out == ""
        assert phrase in one_error_line(err)


def test_a_data_root_that_is_a_file_exits_2(capsys, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run_cli(capsys, "train", "--dataset", "mnist", "--data-root", blocker)
    assert code == 2 and "is a file, not a folder" in one_error_line(err)
    monkeypatch.setenv("CONVNET_STUDIO_DATA", str(blocker))
    code, _, err = run_cli(capsys, "train", "--dataset", "kmnist", "--epochs", "1")
    assert code == 2 and "is a file, not a folder" in one_error_line(err)


def _edit_run(source, target, change):
    raw = torch.load(source, weights_only=True)
    change(raw)
    torch.save(raw, target)
    return target


@pytest.mark.parametrize("change, phrase", [
    (lambda raw: raw.update(config="adam"), "the settings (config) is text"),
    (lambda raw: raw.update(progress={"step_in_epoch": "x"}), "the epoch progress 'step_in_epoch' is text"),
    (lambda raw: raw["rng_state"].update(torch=torch.zeros(8, dtype=torch.uint8)),
     "the random-number state 'torch' is not one torch can restore"),
    (lambda raw: raw["model_state"].update({k: v * float("nan") for k, v in raw["model_state"].items()}),
     "hold NaN or infinite values"),
])
def test_hand_made_run_files_exit_2(capsys, tmp_path, saved_run, change, phrase):
    bad = _edit_run(saved_run, tmp_path / "bad.pt", change)
    code, out, err = run_cli(capsys, "train", "--resume", bad, "--epochs", "3")
    assert code == 2 and out == ""
    line = one_error_line(err)
    assert f"the run file {bad} is damaged" in line and phrase in line, line


def test_resuming_with_another_optimizer_starts_it_afresh(capsys, saved_run, folder):
    code, out, err = run_cli(capsys, "train", "--resume", saved_run, "--epochs", "2", "--optimizer", "sgd",
                             "--json")
    assert code == 0, err
    assert err.strip() == "note: the run was trained with adam; sgd starts with a fresh optimizer state " \
                          "(the weights are kept)"
    assert json.loads(out.splitlines()[-1])["epochs"] == 2


def test_resuming_with_nothing_left_to_train_says_so(capsys, saved_run):
    code, out, err = run_cli(capsys, "train", "--resume", saved_run, "--epochs", "1")
    assert code == 2 and out == ""
    assert one_error_line(err) == (f"error: nothing to train: the run in {saved_run} has already done 1 epoch(s) "
                                   f"and --epochs is the new total, so give --epochs more than 1")


def test_resuming_on_other_data_names_what_differs(capsys, saved_run, tmp_path):
    other = tmp_path / "gray"
    for name in ("a", "b"):
        (other / name).mkdir(parents=True)
        for i in range(4):
            Image.new("L", (12, 12), 60 * i).save(other / name / f"{i}.png")
    code, out, err = run_cli(capsys, "train", "--resume", saved_run, "--epochs", "2", "--dataset", other)
    assert code == 2 and out == ""
    assert one_error_line(err).endswith("the run was trained on 3 classes of 3×16×16 inputs, and this data "
                                        "has 2 classes of 1×12×12 inputs")


def test_divergence_with_weight_decay_names_both_suspects(capsys, folder):
    code, out, err = run_cli(capsys, "train", "--dataset", folder, "--preset", "mlp", "--optimizer", "sgd",
                             "--lr", "5", "--weight-decay", "1000", "--epochs", "10", "--batch-size", "4", "--json")
    assert code == 1
    line = one_error_line(err)
    assert "the loss became" in line and "or the weight decay 1000 is probably too high" in line, line


def test_a_run_file_records_the_data_it_trained_on(saved_run):
    run = checkpoint.load_run(saved_run)
    assert (run.input_shape, run.num_classes) == ((3, 16, 16), 3)


def test_an_endless_file_as_a_spec_is_read_only_up_to_the_cap(capsys):
    code, out, err = run_cli(capsys, "summary", "--spec", "/dev/zero")
    assert code == 2 and "it is larger than 1024 KB" in one_error_line(err)

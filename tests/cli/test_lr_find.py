"""``convnet-studio lr-find``: JSON lines ending with the suggestion, text output, bad input."""
import json

from tests.cli.helpers import run_cli


def test_json_lines_end_with_the_suggested_rate(capsys):
    code, out, err = run_cli(capsys, "lr-find", "--device", "cpu", "--optimizer", "sgd", "--batch-size", "16",
                             "--steps", "12", "--start-lr", "1e-4", "--end-lr", "1", "--json")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    points, last = lines[:-1], lines[-1]
    assert last["event"] == "done" and last["steps"] == len(points) <= 12
    assert last["suggested_lr"] is not None and 0 < last["suggested_lr"] <= 1
    assert last["rule"] and last["stop_reason"]
    lrs = [p["lr"] for p in points]
    assert lrs == sorted(lrs) and abs(lrs[0] - 1e-4) < 1e-12


def test_text_output_names_the_suggestion_and_the_rule(capsys):
    code, out, err = run_cli(capsys, "lr-find", "--device", "cpu", "--steps", "8")
    assert code == 0, err
    assert "suggested learning rate:" in out and "stopped:" in out


def test_a_falling_range_and_an_own_model_are_refused_in_one_line(capsys):
    for argv in (("--start-lr", "1", "--end-lr", "0.1"), ("--model", "resnet18")):
        code, out, err = run_cli(capsys, "lr-find", *argv)
        assert code == 2 and out == ""
        assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err

"""``convnet-studio lesson``: the list, and one-line errors for names that do not exist."""
import json

from tests.cli.helpers import run_cli


def test_list_json_names_every_lesson_with_its_variants(capsys):
    code, out, err = run_cli(capsys, "lesson", "--list", "--json")
    assert code == 0, err
    lessons = {entry["name"]: entry for entry in json.loads(out)}
    assert {"activations", "losses", "learning-rate", "batch-size", "pooling-vs-stride", "batchnorm",
            "augmentation"} <= set(lessons)
    assert lessons["activations"]["variants"] == ["sigmoid", "tanh", "relu"]


def test_list_text_has_one_line_per_lesson(capsys):
    code, out, _ = run_cli(capsys, "lesson", "--list")
    assert code == 0 and len(out.strip().splitlines()) >= 7 and "learning-rate" in out


def test_unknown_names_are_refused_in_one_line(capsys):
    for argv, words in ((["lesson", "nope"], "no lesson 'nope'"),
                        (["lesson", "losses", "--variant", "hinge"], "no variant 'hinge'"),
                        (["lesson"], "--list")):
        code, out, err = run_cli(capsys, *argv)
        assert code == 2 and out == "" and words in err and len(err.strip().splitlines()) == 1, (argv, err)

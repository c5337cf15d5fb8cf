"""``--image-size``/``--grayscale`` for image folders, and skipped files named on the terminal."""
import json

import numpy as np
import pytest
from PIL import Image

from convnet_studio.core.data import folder_plan

from tests.cli.helpers import run_cli


@pytest.fixture
def photos(tmp_path):
    rng = np.random.default_rng(0)
    root = tmp_path / "photos"
    for name in ("red", "blue"):
        (root / name).mkdir(parents=True)
        for i in range(6):
            Image.fromarray(rng.integers(0, 255, (48, 80, 3), dtype=np.uint8)).save(root / name / f"{i}.png")
    return root


def test_summary_and_train_take_the_chosen_size_and_grayscale(capsys, photos, tmp_path):
    code, out, err = run_cli(capsys, "summary", "--preset", "mlp", "--dataset", str(photos),
                             "--image-size", "32", "--grayscale", "--json")
    assert code == 0, err
    assert json.loads(out)["input_shape"] == [1, 32, 32]
    code, out, err = run_cli(capsys, "summary", "--preset", "mlp", "--dataset", str(photos),
                             "--image-size", "native", "--json")
    assert code == 0, err
    assert json.loads(out)["input_shape"] == [3, 48, 80]
    from convnet_studio.core.train.checkpoint import load_run
    save = tmp_path / "run.pt"
    code, _, err = run_cli(capsys, "train", "--preset", "mlp", "--dataset", str(photos), "--image-size", "32",
                           "--grayscale", "--epochs", "1", "--json", "--save", str(save))
    assert code == 0, err
    assert load_run(save).input_shape == (1, 32, 32)


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def test_an_absurd_size_is_refused_in_one_line(capsys, photos):
    code, _, err = run_cli(capsys, "train", "--dataset", str(photos), "--image-size", "100000", "--epochs", "1")
    assert code == 2
    line = _one_error_line(err)
    assert "of memory to load, but only" in line and "choose a smaller image size or grayscale" in line


def test_a_size_over_the_available_memory_is_refused(capsys, photos, monkeypatch):
    monkeypatch.setattr(folder_plan, "available_memory", lambda: 3_200_000)   # colour needs 12 × 224² × 6 bytes = 3.6 MB
    code, _, err = run_cli(capsys, "summary", "--dataset", str(photos), "--image-size", "224")
    assert code == 2
    assert "12 colour images of 224×224 pixels" in _one_error_line(err)
    code, _, err = run_cli(capsys, "summary", "--dataset", str(photos), "--image-size", "224", "--grayscale")
    assert code == 0, err                                   # grayscale: 12 × 224² × 5 bytes = 3.0 MB


@pytest.mark.parametrize("argv, phrase", [
    (["--image-size", "big"], "must be a number of pixels or 'native'"),
    (["--image-size", "0"], "must be a number of pixels or 'native'"),
    (["--dataset", "mnist", "--image-size", "32"], "are for image folders"),
])
def test_bad_size_flags_are_usage_errors(capsys, argv, phrase):
    code, _, err = run_cli(capsys, "summary", *argv)
    assert code == 2 and phrase in _one_error_line(err)


def test_skipped_files_are_named_with_notes(capsys, photos):
    (photos / "red" / "broken.png").write_bytes(b"not a png")
    (photos / "blue" / "empty.jpg").write_bytes(b"")
    code, _, err = run_cli(capsys, "train", "--preset", "mlp", "--dataset", str(photos), "--epochs", "1")
    assert code == 0, err
    notes = [line for line in err.splitlines() if line.startswith("note: skipped")]
    assert notes[0] == "note: skipped 2 unreadable image file(s)"
    assert f"note: skipped {photos / 'blue' / 'empty.jpg'}: the file is empty" in notes
    assert any(str(photos / "red" / "broken.png") in n for n in notes)

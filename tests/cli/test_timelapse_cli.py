"""``convnet-studio timelapse``: list a run folder's frames, export them, refuse bad input in one line."""
import json

import pytest
from PIL import Image

from tests.cli.helpers import run_cli
from tests.core.toy_training import FAST, TINY_SPEC_2CONV, collect, quadrant_dataset

from convnet_studio.core.timelapse.recorder import TimelapseRecorder
from convnet_studio.core.timelapse.store import TimelapseStore
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.trainer import Trainer


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("run")
    collect(Trainer(TINY_SPEC_2CONV, TrainConfig(epochs=2, **FAST), quadrant_dataset(),
                    hooks=[TimelapseRecorder(folder, frames=6)]))
    return folder


def test_lists_frames_and_writes_a_gif_and_pngs(run_dir, tmp_path, capsys):
    gif = tmp_path / "out.gif"
    code, out, err = run_cli(capsys, "timelapse", str(run_dir), "--gif", str(gif), "--pngs", str(tmp_path / "p"),
                             "--maps", "--layer", "3", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert [f[0] for f in result["frames"]] == [0, 1, 2, 4, 8, 16]
    assert result["gif"]["frames"] == 6 and len(result["pngs"]) == 6
    with Image.open(gif) as image:
        assert image.n_frames == 6
    code, out, _ = run_cli(capsys, "timelapse", str(run_dir))
    assert code == 0 and out.startswith("6 frames at steps: 0, 1, 2, 4, 8, 16")


@pytest.mark.parametrize("extra,message", [
    ((), "has no time-lapse"),
])
def test_a_folder_without_time_lapse_is_one_error_line(tmp_path, capsys, extra, message):
    code, out, err = run_cli(capsys, "timelapse", str(tmp_path), *extra)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_a_missing_layer_is_one_error_line(run_dir, tmp_path, capsys):
    code, _, err = run_cli(capsys, "timelapse", str(run_dir), "--gif", str(tmp_path / "x.gif"), "--layer", "9")
    assert code == 2 and "no filters of layer 9" in err and err.count("\n") == 1


def test_train_records_a_time_lapse_in_the_kept_run_and_timelapse_mb_0_records_none(capsys, tmp_path, folder):
    spec = tmp_path / "tiny.json"
    spec.write_text(TINY_SPEC_2CONV.to_json())
    base = ["train", "--dataset", str(folder), "--spec", str(spec), "--epochs", "3", "--batch-size", "8",
            "--device", "cpu", "--json", "--runs-dir", str(tmp_path / "ws")]
    code, out, err = run_cli(capsys, *base)
    assert code == 0, err
    run_dir = tmp_path / "ws" / json.loads(out.splitlines()[-1])["run"]
    store = TimelapseStore(run_dir)
    assert store.steps[0] == 0 and store.steps[-1] == 9 and len(store) == 10      # 3 epochs of 3 steps
    assert store.probe_image.shape == (3, 16, 16)
    code, out, err = run_cli(capsys, *base, "--timelapse-mb", "0")
    assert code == 0, err
    assert not (tmp_path / "ws" / json.loads(out.splitlines()[-1])["run"] / "timelapse").exists()

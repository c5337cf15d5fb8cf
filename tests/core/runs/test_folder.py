"""RunFolder: run.json, the CSVs and checkpoints."""
from __future__ import annotations

import json

import pytest
import torch

from convnet_studio.core.runs.folder import (FORMAT, METRICS_COLUMNS, RunFolder, RunFolderError,
                                             checkpoint_name_problem)
from convnet_studio.core.train.checkpoint import RunState
from convnet_studio.core.train.config import TrainConfig
from tests.core.toy_training import TINY_SPEC


def test_create_writes_a_run_json_that_reads_back(tmp_path):
    folder = RunFolder.create(tmp_path, "My run", tags=["a"])
    meta = json.loads((folder.path / "run.json").read_text())
    assert meta["format"] == FORMAT and meta["version"] == 1
    assert meta["id"] == folder.id and meta["name"] == "My run" and meta["tags"] == ["a"]
    assert meta["status"] == "running" and meta["parent"] is None and isinstance(meta["pid"], int)
    assert folder.id.split("-")[2:4] == ["my", "run"]
    updated = folder.update_meta(note="hello", metrics={"best_val_acc": float("nan")})
    assert folder.read_meta()["note"] == "hello" and updated["note"] == "hello"
    assert folder.read_meta()["metrics"]["best_val_acc"] is None       # strict JSON: no NaN


@pytest.mark.parametrize("text", ["{", "[]", '{"format": "other"}', '{"format": "convnet-studio-run-folder", "version": 99}'])
def test_a_bad_run_json_is_one_sentence(tmp_path, text):
    folder = RunFolder.create(tmp_path)
    folder.meta_path.write_text(text)
    with pytest.raises(RunFolderError) as info:
        folder.read_meta()
    assert str(info.value).count("\n") == 0 and "run.json" in str(info.value)


def test_metrics_and_steps_append_and_read_back(tmp_path):
    folder = RunFolder.create(tmp_path)
    folder.append_metrics({"epoch": 1, "step": 4, "train_loss": 0.5, "train_acc": 0.75, "val_loss": 0.6,
                           "val_acc": 0.5, "lr": 1e-3, "elapsed_s": 1.5})
    folder.append_metrics({"epoch": 2, "step": 8, "train_loss": float("nan"), "train_acc": 0.8, "val_loss": 0.4,
                           "val_acc": 0.7, "lr": 1e-3, "elapsed_s": 3.0})
    header = (folder.path / "metrics.csv").read_text().splitlines()[0]
    assert header.split(",")[:8] == list(METRICS_COLUMNS[:8])
    rows = folder.read_metrics()
    assert [r["epoch"] for r in rows] == [1, 2] and rows[0]["val_acc"] == 0.5
    assert rows[1]["train_loss"] != rows[1]["train_loss"]              # NaN survives
    folder.append_steps([{"step": 1, "epoch": 1, "loss": 1.0, "lr": 0.1, "acc": 0.5}])
    with open(folder.path / "steps.csv", "a") as fh:
        fh.write("2,1,0.9")                                             # a writer killed mid-row
    assert [r["step"] for r in folder.read_steps()] == [1]
    folder.rewrite_steps([{"step": 1, "epoch": 1, "loss": 1.0, "lr": 0.1, "acc": 0.5}])
    folder.append_steps([{"step": 2, "epoch": 1, "loss": 0.9, "lr": 0.1, "acc": 0.5}])
    assert [r["step"] for r in folder.read_steps()] == [1, 2]


def _state(epoch=1):
    model = torch.nn.Linear(2, 2)
    return RunState(spec=TINY_SPEC, config=TrainConfig(), model_state=model.state_dict(),
                    optimizer_state={"state": {}, "param_groups": []}, epoch=epoch, step=3 * epoch,
                    history={"epoch": [1]}, rng_state={}, dataset_name="toy")


def test_checkpoints_are_saved_copied_listed_and_loaded(tmp_path):
    folder = RunFolder.create(tmp_path)
    assert folder.checkpoint_names() == []
    folder.save_checkpoint("latest", _state(2))
    folder.copy_checkpoint("latest", "best")
    folder.copy_checkpoint("latest", "epoch-10")
    folder.copy_checkpoint("latest", "epoch-2")
    assert folder.checkpoint_names() == ["latest", "best", "epoch-2", "epoch-10"]
    assert folder.load_checkpoint("best").epoch == 2
    with pytest.raises(RunFolderError, match="no epoch-3 checkpoint"):
        folder.load_checkpoint("epoch-3")
    with pytest.raises(RunFolderError, match="not a checkpoint name"):
        folder.checkpoint_path("../x")
    (folder.checkpoints_dir / "latest.pt").write_bytes(b"junk")
    with pytest.raises(RunFolderError, match="refusing to load"):
        folder.load_checkpoint("latest")


def test_checkpoint_names():
    assert checkpoint_name_problem("epoch-3") is None and checkpoint_name_problem("best") is None
    assert checkpoint_name_problem("epoch-0") and checkpoint_name_problem("worst")


def test_paths_owned_by_other_features_live_inside_the_folder(tmp_path):
    folder = RunFolder.create(tmp_path)
    assert folder.timelapse_dir == folder.path / "timelapse"
    assert folder.tensorboard_dir == folder.path / "tensorboard"
    assert folder.stop_request_path == folder.path / "control" / "stop"
    (folder.path / "x.bin").write_bytes(b"1" * 1000)
    assert folder.disk_bytes() >= 1000


def test_an_unwritable_workspace_is_one_sentence(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(RunFolderError, match="cannot create a run folder"):
        RunFolder.create(blocker / "ws")

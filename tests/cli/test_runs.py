"""``convnet-studio runs ...`` and the kept-run flags of ``train`` (--name, --parent, --resume-run)."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from convnet_studio.core.runs.folder import RunFolder, RunFolderError
from convnet_studio.core.runs.workspace import list_runs
from tests.cli.helpers import run_cli
from tests.core.toy_training import TINY_SPEC

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def spec_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("spec") / "tiny.json"
    path.write_text(TINY_SPEC.to_json())
    return path


def _train(capsys, ws, folder, spec_file, *extra):
    code, out, err = run_cli(capsys, "train", "--dataset", str(folder), "--spec", str(spec_file), "--epochs", "2",
                             "--batch-size", "8", "--device", "cpu", "--json", "--runs-dir", str(ws), *extra)
    assert code == 0, err
    return json.loads(out.splitlines()[-1])


def test_train_keeps_a_named_run_that_runs_list_shows(capsys, tmp_path, folder, spec_file):
    done = _train(capsys, tmp_path, folder, spec_file, "--name", "colours", "--epoch-checkpoints", "1")
    bad = RunFolder.create(tmp_path, "broken")
    bad.meta_path.write_text("{not json")
    code, out, err = run_cli(capsys, "runs", "list", "--json", "--runs-dir", str(tmp_path))
    assert code == 0, err
    runs = {r["id"]: r for r in json.loads(out)}                   # one JSON list
    kept = runs[done["run"]]
    assert kept["name"] == "colours" and kept["status"] == "finished" and kept["bytes"] > 0
    assert kept["best_val_acc"] is not None and kept["dataset"].endswith("colours")
    assert runs[bad.id]["status"] == "unreadable" and "not valid JSON" in runs[bad.id]["problem"]
    code, out, err = run_cli(capsys, "runs", "list", "--runs-dir", str(tmp_path))
    assert code == 0 and "colours" in out and "unreadable" in out and "2 run(s)" in out
    code, out, _ = run_cli(capsys, "runs", "show", "colours", "--json", "--runs-dir", str(tmp_path))
    shown = json.loads(out)
    assert shown["checkpoints"] == ["latest", "best", "epoch-1", "epoch-2"]
    assert [row["epoch"] for row in shown["epochs"]] == [1, 2] and shown["config"]["batch_size"] == 8


def test_parent_branches_and_diff_shows_what_changed(capsys, tmp_path, folder, spec_file):
    parent = _train(capsys, tmp_path, folder, spec_file, "--name", "base", "--epoch-checkpoints", "1")["run"]
    code, out, err = run_cli(capsys, "train", "--parent", f"{parent}:epoch-1", "--lr", "0.01", "--epochs", "3",
                             "--json", "--runs-dir", str(tmp_path), "--dataset", str(folder))
    assert code == 0, err
    child = json.loads(out.splitlines()[-1])["run"]
    meta = RunFolder(tmp_path / child).read_meta()
    assert meta["parent"]["id"] == parent and meta["parent"]["checkpoint"] == "epoch-1"
    assert [r["epoch"] for r in RunFolder(tmp_path / child).read_metrics()] == [1, 2, 3]
    code, out, err = run_cli(capsys, "runs", "diff", parent, child, "--json", "--runs-dir", str(tmp_path))
    diff = {d["key"]: (d["a"], d["b"]) for d in json.loads(out)["differences"]}
    assert diff == {"config.lr": (1e-3, 0.01), "config.epochs": (2, 3)}
    code, out, err = run_cli(capsys, "runs", "diff", parent, child, "--runs-dir", str(tmp_path))
    assert "config.lr: 0.001 -> 0.01" in out
    code, _, err = run_cli(capsys, "train", "--parent", f"{parent}:epoch-9", "--runs-dir", str(tmp_path))
    assert code == 2 and err.startswith("error:") and "no epoch-9 checkpoint" in err


def test_delete_asks_first(capsys, tmp_path, monkeypatch):
    a = RunFolder.create(tmp_path, "a", status="finished")
    b = RunFolder.create(tmp_path, "b", status="stopped")
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    code, out, err = run_cli(capsys, "runs", "delete", "a", "--runs-dir", str(tmp_path))
    assert code == 1 and "[y/N]" in err and "nothing was deleted" in err and a.path.exists()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))          # no answer at all: still nothing
    code, out, err = run_cli(capsys, "runs", "delete", "a", "--runs-dir", str(tmp_path))
    assert code == 1 and a.path.exists()
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    code, out, err = run_cli(capsys, "runs", "delete", "a", "--runs-dir", str(tmp_path))
    assert code == 0 and "deleted 1 run(s)" in out and not a.path.exists()
    code, out, err = run_cli(capsys, "runs", "delete", b.id, "--yes", "--json", "--runs-dir", str(tmp_path))
    assert code == 0 and json.loads(out)["deleted"] == [b.id] and not b.path.exists()
    code, out, err = run_cli(capsys, "runs", "delete", "nothing", "--yes", "--runs-dir", str(tmp_path))
    assert code == 2 and err.strip() == f"error: no run 'nothing' in {tmp_path}"


def test_export_writes_a_run_file_and_a_zip(capsys, tmp_path, folder, spec_file):
    run = _train(capsys, tmp_path / "ws", folder, spec_file)["run"]
    code, out, err = run_cli(capsys, "runs", "export", f"{run}:best", str(tmp_path / "best.pt"),
                             "--runs-dir", str(tmp_path / "ws"))
    assert code == 0, err
    code, out, err = run_cli(capsys, "train", "--resume", str(tmp_path / "best.pt"), "--epochs", "3", "--json",
                             "--dataset", str(folder), "--no-keep")
    assert code == 0, err
    code, out, err = run_cli(capsys, "runs", "export", run, str(tmp_path / "all.zip"), "--runs-dir", str(tmp_path / "ws"))
    import zipfile
    names = zipfile.ZipFile(tmp_path / "all.zip").namelist()
    assert f"{run}/run.json" in names and f"{run}/checkpoints/latest.pt" in names


def test_an_unwritable_workspace_is_a_note_and_the_run_goes_on(capsys, tmp_path, folder, spec_file):
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, out, err = run_cli(capsys, "train", "--dataset", str(folder), "--spec", str(spec_file), "--epochs", "1",
                             "--batch-size", "8", "--runs-dir", str(blocker / "runs"))
    assert code == 0, err
    assert err.startswith("note: this run is not kept in the runs workspace: cannot create a run folder")
    assert len(err.strip().splitlines()) == 1 and "completed" in out


# -------------------------------------------------------------------- SIGKILL
def _env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1")      # the same threads in every process
    return env


def _cli(*argv):
    return subprocess.Popen([sys.executable, "-m", "convnet_studio", *map(str, argv)], cwd=ROOT, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _mid_epoch_checkpoint(ws: Path):
    for latest in ws.glob("*/checkpoints/latest.pt"):
        try:
            state = RunFolder(latest.parents[1]).load_checkpoint("latest")
        except RunFolderError:
            continue
        if state.progress.get("step_in_epoch"):
            return state
    return None


@pytest.mark.slow
def test_a_run_killed_mid_epoch_is_interrupted_and_resumes_exactly(tmp_path, spec_file):
    common = ["train", "--dataset", "shapes", "--spec", spec_file, "--epochs", "2", "--batch-size", "500",
              "--device", "cpu", "--seed", "5", "--augment", "flip", "--json"]
    whole = _cli(*common, "--runs-dir", tmp_path / "whole")
    killed = _cli(*common, "--runs-dir", tmp_path / "killed", "--checkpoint-every", "0")
    try:
        deadline = time.monotonic() + 180
        state = None
        while state is None and killed.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
            state = _mid_epoch_checkpoint(tmp_path / "killed")
        assert state is not None, killed.communicate()[1]
        killed.kill()                                       # SIGKILL: no handler runs
        killed.wait()
    finally:
        killed.kill()
    [info] = list_runs(tmp_path / "killed")
    assert info.status == "interrupted"
    assert whole.wait(timeout=300) == 0, whole.stderr.read()

    resumed = _cli("train", "--resume-run", info.id, "--runs-dir", tmp_path / "killed", "--json")
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    [after] = list_runs(tmp_path / "killed")
    assert after.status == "finished" and after.meta["resumed"][0]["step"] >= state.step
    [reference] = list_runs(tmp_path / "whole")
    a = after.folder.load_checkpoint("latest")
    b = reference.folder.load_checkpoint("latest")
    assert a.step == b.step and a.epoch == 2
    for key, value in b.model_state.items():
        assert torch.equal(a.model_state[key], value), key
    ours, theirs = after.folder.read_metrics(), reference.folder.read_metrics()
    assert [r["epoch"] for r in ours] == [1, 2]
    assert [r["val_acc"] for r in ours] == [r["val_acc"] for r in theirs]
    assert [r["step"] for r in after.folder.read_steps()] == [r["step"] for r in reference.folder.read_steps()]

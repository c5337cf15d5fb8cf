"""``train`` in several processes from the command line: torchrun's environment, --nproc, failures."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
import torch

from convnet_studio.core.model.spec import Activation, Conv2d, GlobalAvgPool, Linear, ModelSpec
from convnet_studio.core.train.checkpoint import load_run
from tests.core.train.ddp_ranks import free_port

pytestmark = pytest.mark.slow      # each starts several Python processes that import torch

TINY = ModelSpec(name="tiny", layers=(Conv2d(out_channels=4, kernel_size=3, padding=1), Activation("relu"),
                                      GlobalAvgPool(), Linear("classes")))


@pytest.fixture
def spec_file(tmp_path):
    path = tmp_path / "tiny.json"
    TINY.save(path)
    return path


def _env(**extra):
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": os.getcwd(), **extra}
    for name in ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT"):
        env.pop(name, None)
    env.update(extra)
    return env


def _train(*argv, **popen):
    return subprocess.Popen([sys.executable, "-m", "convnet_studio", "train", *map(str, argv)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _wait_for_epoch(process, timeout=120.0):
    """Read ``process``'s JSON lines until the first epoch line (its other lines: start, threads)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        assert line, f"the process ended before its first epoch (status {process.poll()})"
        if json.loads(line)["event"] == "epoch":
            return
    raise AssertionError("no epoch line in time")


@pytest.mark.parametrize("victim", [1, 0])
def test_a_killed_rank_ends_the_other_with_one_error_line(tmp_path, folder, spec_file, victim):
    port = free_port()
    args = ("--spec", spec_file, "--dataset", folder, "--epochs", 100000, "--batch-size", 8, "--device", "cpu",
            "--json", "--dist-timeout", 30)
    ranks = [_train(*args, env=_env(RANK=str(r), WORLD_SIZE="2", LOCAL_RANK=str(r), MASTER_ADDR="127.0.0.1",
                                    MASTER_PORT=str(port))) for r in (0, 1)]
    try:
        _wait_for_epoch(ranks[0])                   # rank 0 finished an epoch: both are training
        ranks[victim].send_signal(signal.SIGKILL)
        survivor = ranks[1 - victim]
        killed_at = time.monotonic()
        out, err = survivor.communicate(timeout=60)
        waited = time.monotonic() - killed_at
    finally:
        for p in ranks:
            if p.poll() is None:
                p.kill()
                p.communicate()
    assert survivor.returncode == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: training failed: another training process failed "
                                                   "or stopped answering"), err
    assert "Traceback" not in err
    assert waited < 30


def test_nproc_trains_in_two_processes_and_one_process_resumes(tmp_path, folder, spec_file):
    saved = tmp_path / "run.pt"
    two = _train("--nproc", 2, "--spec", spec_file, "--dataset", folder, "--epochs", 2, "--batch-size", 8,
                 "--device", "cpu", "--json", "--save", saved, env=_env())
    out, err = two.communicate(timeout=240)
    assert two.returncode == 0, err
    events = [json.loads(line)["event"] for line in out.splitlines()]
    # rank 0 alone prints
    assert [e for e in events if e in ("start", "epoch", "done")] == ["start", "epoch", "epoch", "done"]
    assert load_run(saved).epoch == 2

    one = _train("--resume", saved, "--dataset", folder, "--epochs", 3, "--json", env=_env())
    out, err = one.communicate(timeout=240)
    assert one.returncode == 0, err
    assert [e["epoch"] for e in map(json.loads, out.splitlines()) if e["event"] == "epoch"] == [3]


def test_batch_that_does_not_split_is_refused_once(tmp_path, folder, spec_file):
    bad = _train("--nproc", 2, "--spec", spec_file, "--dataset", folder, "--epochs", 1, "--batch-size", 7,
                 "--device", "cpu", env=_env())
    out, err = bad.communicate(timeout=240)
    assert bad.returncode == 2
    assert err.strip().splitlines() == ["error: the batch size 7 does not split evenly across 2 processes; "
                                        "choose a multiple of 2"], err


def test_two_nodes_on_one_machine_match_one_process(tmp_path, folder, spec_file):
    """Two torchrun invocations (``--nnodes 2``) meet at a c10d rendezvous on 127.0.0.1."""
    common = ("--spec", spec_file, "--dataset", folder, "--epochs", 3, "--batch-size", 8, "--device", "cpu",
              "--json", "--seed", 5)
    port = free_port()
    nodes = [subprocess.Popen(
        [sys.executable, "-m", "torch.distributed.run", "--nnodes", "2", "--nproc-per-node", "1",
         "--rdzv-backend", "c10d", "--rdzv-endpoint", f"127.0.0.1:{port}", "--rdzv-id", "two-nodes",
         "-m", "convnet_studio", "train", *map(str, common), "--save", str(tmp_path / f"node{n}.pt")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()) for n in (0, 1)]
    outputs = [p.communicate(timeout=300) for p in nodes]
    assert [p.returncode for p in nodes] == [0, 0], outputs
    saved = [path for path in (tmp_path / "node0.pt", tmp_path / "node1.pt") if path.exists()]
    assert len(saved) == 1                      # rank 0 alone writes, on whichever node it landed

    one = _train(*common, "--save", tmp_path / "one.pt", env=_env())
    _, err = one.communicate(timeout=240)
    assert one.returncode == 0, err
    ours, theirs = load_run(saved[0]), load_run(tmp_path / "one.pt")
    assert ours.step == theirs.step
    for key, value in theirs.model_state.items():
        torch.testing.assert_close(ours.model_state[key], value, rtol=1e-4, atol=1e-5)


def test_the_stop_file_stops_every_process_of_a_kept_run(tmp_path, folder, spec_file):
    """Rank 0 sees ``control/stop``; the others agree at the next read-back and all stop at one step."""
    runs = tmp_path / "runs"
    two = _train("--nproc", 2, "--spec", spec_file, "--dataset", folder, "--epochs", 100000, "--batch-size", 8,
                 "--device", "cpu", "--json", "--runs-dir", runs, env=_env())
    try:
        _wait_for_epoch(two)
        (kept,) = list(runs.iterdir())
        (kept / "control").mkdir(exist_ok=True)
        (kept / "control" / "stop").write_text("")
        out, err = two.communicate(timeout=120)
    finally:
        if two.poll() is None:
            two.kill()
            two.communicate()
    assert two.returncode == 0, err
    done = json.loads(out.splitlines()[-1])
    assert done["event"] == "done" and done["reason"] == "stopped" and done["run"] == kept.name
    meta = json.loads((kept / "run.json").read_text())
    assert meta["status"] == "stopped" and meta["world_size"] == 2
    assert not (kept / "control" / "stop").exists()
    assert load_run(kept / "checkpoints" / "latest.pt").step == meta["steps"]


def test_a_process_that_joined_a_group_ends_without_pythons_finalization(monkeypatch, capsys):
    # gloo's worker threads can release tensors while the interpreter is torn down, which
    # aborts a rank now and then after a run that succeeded: such a process exits at once.
    from convnet_studio import cli
    from convnet_studio.core.train import distributed

    class Exited(Exception):
        pass

    def fake_exit(status):
        raise Exited(status)
    monkeypatch.setattr(cli.os, "_exit", fake_exit)
    argv = ["train", "--seed", "-1"]                      # any command: this one fails at once, status 2
    assert cli.main(argv) == 2                             # alone: a normal return
    monkeypatch.setattr(distributed, "_joined", True)
    with pytest.raises(Exited) as ended:
        cli.main(argv)
    assert ended.value.args == (2,)
    assert "a seed must be a whole number" in capsys.readouterr().err

"""Listing, derived statuses, finding, disk use and deleting runs."""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from convnet_studio.core.runs.folder import RunFolder, RunFolderError
from convnet_studio.core.runs import workspace as ws


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_corrupt_run_json_is_listed_as_unreadable_among_others(tmp_path):
    good = [RunFolder.create(tmp_path, f"run{i}") for i in range(3)]
    bad = RunFolder.create(tmp_path, "bad")
    bad.meta_path.write_text('{"format": "convnet-studio-run-folder", "vers')
    (tmp_path / "no-json").mkdir()
    (tmp_path / ".hidden").mkdir()
    runs = {info.id: info for info in ws.list_runs(tmp_path)}
    assert set(runs) == {f.id for f in good} | {bad.id, "no-json"}
    assert runs[bad.id].status == "unreadable" and "not valid JSON" in runs[bad.id].problem
    assert runs["no-json"].status == "unreadable"
    assert all(runs[f.id].status == "running" for f in good)    # this process is alive
    assert runs[bad.id].summary()["problem"]
    assert [i.id for i in ws.list_runs(tmp_path)] == sorted(runs, reverse=True)


def test_a_running_run_whose_writer_is_gone_is_interrupted(tmp_path):
    dead = RunFolder.create(tmp_path, "dead", pid=_dead_pid())
    stale = RunFolder.create(tmp_path, "stale")
    old = (datetime.now(timezone.utc) - timedelta(seconds=ws.INTERRUPTED_AFTER_S + 5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    meta = stale.read_meta()
    meta["heartbeat"] = old
    stale.meta_path.write_text(__import__("json").dumps(meta))
    elsewhere = RunFolder.create(tmp_path, "elsewhere", pid=_dead_pid(), host="another-machine")
    done = RunFolder.create(tmp_path, "done", pid=_dead_pid(), status="finished")
    status = {i.name: i.status for i in ws.list_runs(tmp_path)}
    assert status == {"dead": "interrupted", "stale": "interrupted", "elsewhere": "running", "done": "finished"}
    assert dead and elsewhere and done


def test_find_run_by_id_prefix_or_name(tmp_path):
    a = RunFolder.create(tmp_path, "alpha")
    b = RunFolder.create(tmp_path, "beta")
    assert ws.find_run(tmp_path, a.id).id == a.id
    assert ws.find_run(tmp_path, "beta").id == b.id
    assert ws.find_run(tmp_path, b.id[:-2]).id == b.id
    with pytest.raises(RunFolderError, match="matches 2 runs"):
        ws.find_run(tmp_path, a.id[:8])
    with pytest.raises(RunFolderError, match="no run 'gamma'"):
        ws.find_run(tmp_path, "gamma")
    assert ws.parse_run_ref("beta:epoch-3") == ("beta", "epoch-3")
    assert ws.parse_run_ref("beta") == ("beta", "latest")
    with pytest.raises(RunFolderError):
        ws.parse_run_ref("beta:worst")


def test_disk_use_and_delete(tmp_path):
    a = RunFolder.create(tmp_path, "a", status="finished")
    (a.path / "blob").write_bytes(b"x" * 5000)
    live = RunFolder.create(tmp_path, "live")
    usage = ws.disk_usage(tmp_path)
    assert usage[a.id] >= 5000 and set(usage) == {a.id, live.id}
    assert ws.delete_run(tmp_path, a.id) >= 5000
    assert not a.path.exists()
    with pytest.raises(RunFolderError, match="still running"):
        ws.delete_run(tmp_path, live.id)
    (tmp_path / "stranger").mkdir()
    with pytest.raises(RunFolderError, match="does not look like a run folder"):
        ws.delete_run(tmp_path, "stranger")
    with pytest.raises(RunFolderError, match="no run"):
        ws.delete_run(tmp_path, "../" + tmp_path.name)
    assert live.path.exists() and (tmp_path / "stranger").exists()


def test_listing_a_missing_workspace_is_empty(tmp_path):
    assert ws.list_runs(tmp_path / "nowhere") == []

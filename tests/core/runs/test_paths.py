"""Workspace resolution and run ids."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from convnet_studio.core.runs import paths


def test_the_environment_variable_overrides_the_platform_default(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "ws"))
    assert paths.workspace_dir() == tmp_path / "ws"
    assert paths.workspace_dir(tmp_path / "cli") == tmp_path / "cli"
    monkeypatch.delenv(paths.ENV_VAR)
    default = paths.workspace_dir()
    assert default == paths.default_workspace()
    assert default.name == "runs" and "convnet-studio" in default.parts


def test_tests_never_use_the_users_data_folder():
    assert paths.workspace_dir() != paths.default_workspace()


def test_run_ids_sort_by_time_and_are_filesystem_safe():
    early = paths.new_run_id("Seed net / lr 0.1!", datetime(2026, 12, 2, 19, 30, 12, tzinfo=timezone.utc))
    late = paths.new_run_id("", datetime(2026, 12, 2, 19, 30, 13, tzinfo=timezone.utc))
    assert early.startswith("20261202-193012-seed-net-lr-0-1-")
    assert paths.RUN_ID_PATTERN.match(early) and paths.RUN_ID_PATTERN.match(late)
    assert sorted([late, early]) == [early, late]
    assert len({paths.new_run_id("x") for _ in range(50)}) > 40          # 4 random hex digits
    assert Path(early).name == early


def test_times_round_trip():
    text = paths.utc_now()
    assert text.endswith("Z") and paths.parse_time(text).tzinfo is not None
    assert paths.parse_time("garbage") is None and paths.parse_time(None) is None

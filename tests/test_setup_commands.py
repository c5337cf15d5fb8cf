"""The README's set-up: `make` installs the project, and CPU-only users can pick torch's index."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _dry_run(*args: str) -> list[str]:
    out = subprocess.run(["make", "-n", "-B", "install", "VENV=/nonexistent/venv", *args], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def test_default_install_uses_no_extra_index():
    lines = _dry_run()
    assert not any("--index-url" in line for line in lines)
    assert any("pip install" in line and "-e '.[test]'" in line for line in lines)


def test_torch_index_installs_torch_from_it_first_within_the_project_ranges():
    lines = _dry_run("TORCH_INDEX=https://example.invalid/whl/cpu")
    torch_line = next(i for i, line in enumerate(lines) if "--index-url https://example.invalid/whl/cpu" in line)
    project_line = next(i for i, line in enumerate(lines) if "-e '.[test]'" in line)
    assert torch_line < project_line
    pyproject = (ROOT / "pyproject.toml").read_text()
    for name in ("torch", "torchvision"):
        requirement = re.search(rf'"({name}[<>=!~][^"]*)"', pyproject).group(1)
        assert f'"{requirement}"' in lines[torch_line]


def test_readme_tells_cpu_only_users_how():
    readme = (ROOT / "README.md").read_text()
    assert "TORCH_INDEX=https://download.pytorch.org/whl/cpu" in readme

"""The import-linter contracts of pyproject.toml hold, and they do catch a crossed layer."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(repo: Path) -> subprocess.CompletedProcess:
    """Run ``lint-imports`` on the package and pyproject.toml found in ``repo``."""
    if not LINT_IMPORTS.exists():
        pytest.fail(f"{LINT_IMPORTS} is missing: install the test extra (pip install -e '.[test]').")
    env = dict(os.environ, PYTHONPATH=str(repo))
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120)


def test_every_contract_is_kept():
    out = lint_imports(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


@pytest.mark.parametrize("module, line, contract", [
    ("core/model/spec.py", "import PySide6", "core runs without Qt"),
    ("core/inspect/health.py", "from ..train import config", "core layers"),
    ("core/data/shapes.py", "from ..model import spec", "core layers"),
    ("gui/messages.py", "from ..cli import errors", "the GUI does not reach into the CLI"),
])
def test_a_crossed_layer_breaks_its_contract(tmp_path, module, line, contract):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "convnet_studio", tmp_path / "convnet_studio",
                    ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "convnet_studio" / module
    target.write_text(target.read_text() + f"\n{line}\n")
    out = lint_imports(tmp_path)
    assert out.returncode != 0, out.stdout
    broken = out.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, out.stdout

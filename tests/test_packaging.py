"""The package as users install it: sdist -> wheel -> a fresh venv, and an editable install.

The fresh venvs see the already-installed dependencies (torch, PySide6, ...) through a
``.pth`` line pointing at this interpreter's site-packages, so nothing is downloaded;
the project itself comes only from the wheel (or the editable copy).
"""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: What an sdist is built from (the rest of the checkout is not part of the package).
SOURCE_ITEMS = ("convnet_studio", "resources", "pyproject.toml", "setup.py", "README.md")

pytestmark = pytest.mark.slow


def _run(*cmd, cwd, env=None, timeout=120):
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def _pip_can_target_another_python() -> bool:
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", sys.executable, "--version"],
                          capture_output=True, text=True)
    return proc.returncode == 0


def _clean_env():
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "CONVNET_STUDIO_RESOURCES", "VIRTUAL_ENV") and not k.startswith("PYTEST")}
    env["CONVNET_STUDIO_CACHE"] = "off"
    return env


def _venv_seeing_our_dependencies(where: Path) -> Path:
    """A venv without the project whose site-packages also reads this interpreter's site-packages."""
    _run(sys.executable, "-m", "venv", "--without-pip", where, cwd=where.parent)
    python = where / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                     cwd=where.parent).strip())
    (site / "zz_shared_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def _copy_source(dest: Path) -> Path:
    dest.mkdir()
    for item in SOURCE_ITEMS:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, dest / item, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, dest / item)
    return dest


@pytest.fixture(scope="module")
def tools():
    try:
        import setuptools  # noqa: F401
    except ImportError:
        pytest.skip("setuptools is not installed")
    if not _pip_can_target_another_python():
        pytest.skip("this pip has no --python option (pip >= 22.3)")


def test_a_wheel_built_from_the_sdist_installs_and_runs(tmp_path, tools):
    source = _copy_source(tmp_path / "src")
    sdist = _run(sys.executable, "-c", f"from setuptools import build_meta as b; print(b.build_sdist({str(tmp_path)!r}))",
                 cwd=source).strip().splitlines()[-1]
    with tarfile.open(tmp_path / sdist) as tar:
        names = tar.getnames()
        assert any(n.endswith("resources/presets/seed.json") for n in names), names
        assert any(n.endswith("resources/translations/convnet_studio_zh_CN.ts") for n in names), names
        tar.extractall(tmp_path / "unpacked")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", tmp_path / "wheels",
         ".", cwd=unpacked, timeout=300)
    (wheel,) = (tmp_path / "wheels").glob("convnet_studio-*.whl")

    python = _venv_seeing_our_dependencies(tmp_path / "venv")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel, cwd=tmp_path)
    env, work = _clean_env(), tmp_path / "elsewhere"
    work.mkdir()
    where = _run(python, "-c", "import convnet_studio.paths as p; print(p.__file__); print(p.RESOURCES)",
                 cwd=work, env=env).splitlines()
    assert all(line.startswith(str(tmp_path / "venv")) for line in where), where
    script = tmp_path / "venv" / "bin" / "convnet-studio"
    presets = json.loads(_run(script, "presets", "--json", cwd=work, env=env))
    assert {"seed", "mlp", "resnet_small"} <= {p["name"] for p in presets}
    out = _run(script, "train", "--dataset", "shapes", "--preset", "mlp", "--epochs", "1", "--batch-size", "256",
               "--json", cwd=work, env=env, timeout=300)
    done = json.loads(out.splitlines()[-1])
    assert done["event"] == "done" and done["epochs"] == 1


def test_an_editable_install_finds_the_resources(tmp_path, tools):
    source = _copy_source(tmp_path / "src")
    python = _venv_seeing_our_dependencies(tmp_path / "venv")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-build-isolation",
         "-e", source, cwd=tmp_path, timeout=300)
    work = tmp_path / "elsewhere"
    work.mkdir()
    out = _run(python, "-c", "import convnet_studio.paths as p; print(p.RESOURCES)", cwd=work, env=_clean_env())
    assert Path(out.strip()) == source / "resources"
    presets = json.loads(_run(tmp_path / "venv" / "bin" / "convnet-studio", "presets", "--json", cwd=work,
                              env=_clean_env()))
    assert "seed" in {p["name"] for p in presets}

"""The core must stay importable and usable without Qt (DESIGN.md)."""
import pkgutil
import subprocess
import sys

import convnet_studio.core as core


def test_importing_every_core_module_loads_no_qt():
    modules = [m.name for m in pkgutil.walk_packages(core.__path__, "convnet_studio.core.")]
    assert len(modules) >= 40  # every module of every sub-package, not just the top level
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_headless_commands_load_no_qt():
    code = (
        "import sys\n"
        "from convnet_studio.cli import main\n"
        "rc = main(['presets'])\n"
        "assert rc == 0, rc\n"
        "print([m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"

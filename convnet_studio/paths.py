"""Where the project's resources (presets, stylesheet) live.

An installed wheel carries them inside the package (``convnet_studio/resources``, see
setup.py); a source checkout or an editable install has them in the top-level
``resources/`` folder beside the package. ``$CONVNET_STUDIO_RESOURCES`` overrides both.
"""
from __future__ import annotations

import importlib.resources
import os
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding ``presets/`` and ``style.qss``."""
    env = os.environ.get("CONVNET_STUDIO_RESOURCES")
    if env:
        return Path(env)
    package = Path(str(importlib.resources.files(__package__ or "convnet_studio")))
    installed = package / "resources"
    if installed.is_dir():
        return installed
    return package.parent / "resources"


RESOURCES = resources_dir()
PRESETS_DIR = RESOURCES / "presets"

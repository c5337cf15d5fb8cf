"""Where the project's resources live (the top-level ``resources/`` folder)."""
from __future__ import annotations

import os
from pathlib import Path

RESOURCES = Path(os.environ.get("CONVNET_STUDIO_RESOURCES", Path(__file__).resolve().parent.parent / "resources"))
PRESETS_DIR = RESOURCES / "presets"

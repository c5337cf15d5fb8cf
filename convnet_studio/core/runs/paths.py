"""Where runs are kept: the workspace folder, and the names of the run folders in it."""
from __future__ import annotations

import os
import re
import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

#: Overrides the default workspace (the CLI's ``--runs-dir`` overrides both).
ENV_VAR = "CONVNET_STUDIO_RUNS"
APP_NAME = "convnet-studio"
#: How a run id looks: UTC time, a slug of the name, 4 random hex digits.
RUN_ID_PATTERN = re.compile(r"^\d{8}-\d{6}-[a-z0-9-]*-?[0-9a-f]{4}$")
_SLUG_MAX = 40


def default_workspace() -> Path:
    """The platform's user data folder for the app, plus ``runs`` (e.g. ``~/.local/share/convnet-studio/runs``)."""
    import platformdirs
    return Path(platformdirs.user_data_path(APP_NAME)) / "runs"


def workspace_dir(override: Optional[os.PathLike | str] = None) -> Path:
    """The workspace to use: ``override`` if given, else ``$CONVNET_STUDIO_RUNS``, else the default."""
    if override is not None and str(override).strip():
        return Path(override).expanduser()
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env).expanduser() if env else default_workspace()


def slugify(name: str) -> str:
    """``name`` in lower-case letters, digits and single hyphens, at most 40 characters ('' if none)."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")
    return slug[:_SLUG_MAX].rstrip("-")


def new_run_id(name: str = "", now: Optional[datetime] = None) -> str:
    """A fresh run id like ``20261202-193012-seed-3f9a``: sortable by time, filesystem-safe."""
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    slug = slugify(name)
    middle = f"{slug}-" if slug else ""
    return f"{now:%Y%m%d-%H%M%S}-{middle}{secrets.token_hex(2)}"


def utc_now() -> str:
    """The current time as ISO-8601 UTC with seconds, e.g. ``2026-12-02T19:30:12Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text) -> Optional[datetime]:
    """An ISO-8601 time written by ``utc_now`` (or similar) as an aware datetime, or None."""
    if not isinstance(text, str) or not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)

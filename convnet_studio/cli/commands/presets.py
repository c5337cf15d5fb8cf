"""``convnet-studio presets``: the built-in networks."""
from __future__ import annotations

from ..arguments import emit

NAME = "presets"


def add_parser(sub) -> None:
    """Add the ``presets`` sub-parser."""
    sub.add_parser(NAME, help="list the built-in networks").add_argument("--json", action="store_true")


def run(args) -> int:
    """List the presets with their one-line descriptions."""
    from ...core.model.presets import PRESETS
    if args.json:
        emit([{"name": name, "description": spec.description} for name, spec in PRESETS.items()])
    else:
        width = max(map(len, PRESETS))
        for name, spec in PRESETS.items():
            print(f"{name:<{width}}  {spec.description}")
    return 0

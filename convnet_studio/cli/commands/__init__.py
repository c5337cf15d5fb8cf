"""The CLI's commands: each module has ``NAME``, ``add_parser(sub)`` and ``run(args) -> int``.

A new command is a new module here plus one line in ``COMMANDS``. Modules import
torch and the core lazily, inside ``run``: the parser is built on every start.
"""
from __future__ import annotations

import importlib
from types import ModuleType

#: Module names, in the order ``--help`` lists them.
COMMANDS = (
    "train",
    "summary",
    "presets",
    "datasets",
    "export",
    "runs",
    "timelapse",
)


def command_modules() -> list[ModuleType]:
    """The command modules, in ``COMMANDS`` order."""
    return [importlib.import_module(f"{__name__}.{name}") for name in COMMANDS]

"""What an export raises: one sentence each, for the CLI's exit codes and the window's messages."""
from __future__ import annotations


class ExportError(Exception):
    """An export that cannot be made from this input (bad run file, format, destination)."""


class MissingExtra(ExportError):
    """An optional dependency the format needs is not installed; the message says what to install."""


class VerificationError(ExportError):
    """The written file does not reproduce the model's outputs; the file was removed again."""

"""What a command raises or returns when it fails; commands import this, never ``cli/__init__``."""
from __future__ import annotations

EXIT_OK = 0
EXIT_RUN_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_SAVE_FAILED = 3     # the run ended, but --save could not write its file (a fallback may hold it)


class UsageError(Exception):
    """Bad input from the user: printed as one ``error:`` line, exit status 2."""

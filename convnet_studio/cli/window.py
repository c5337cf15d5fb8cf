"""No command: open the studio window, or with ``--screenshot`` take a picture of it and exit."""
from __future__ import annotations

import json

from .errors import UsageError


def run_window(args) -> int:
    """Open the window (Qt is imported only here), or run the screenshot self-demo."""
    if args.screenshot:
        try:
            width, height = (int(v) for v in args.size.lower().split("x"))
        except ValueError:
            raise UsageError(f"--size must look like 1280x800, not {args.size!r}") from None
        from ..core.data.dataset import DatasetError
        from ..core.model.spec import SpecError
        from ..gui.diagnostics.screenshot_demo import DemoError, run_screenshot
        try:
            result = run_screenshot(args.screenshot, train_seconds=args.train_seconds,
                                    preset=args.gui_preset or "seed", dataset=args.gui_dataset or "shapes",
                                    view=args.view, size=(width, height))
        except (DemoError, SpecError, DatasetError) as exc:
            raise UsageError(str(exc)) from None
        print(json.dumps(result))
        return 0
    from ..gui.app import main as gui_main
    return gui_main([])

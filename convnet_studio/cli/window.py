"""No command: open the studio window, or with ``--screenshot`` take a picture of it and exit."""
from __future__ import annotations

import json
import re

from .errors import UsageError

#: Window sides beyond this are no screen's, and past Qt's painting limits.
MAX_SIDE = 8192


def window_size(text: str) -> tuple[int, int]:
    """``"1280x800"`` -> (1280, 800); ``UsageError`` unless both sides are whole numbers in 1..MAX_SIDE."""
    found = re.fullmatch(r"\s*(\d{1,6})\s*[xX×]\s*(\d{1,6})\s*", text)
    if not found:
        raise UsageError(f"--size must look like 1280x800, not {text[:40]!r}")
    width, height = int(found.group(1)), int(found.group(2))
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise UsageError(f"--size must be between 1x1 and {MAX_SIDE}x{MAX_SIDE}, not {text}")
    return width, height


def _check_can_open_window() -> None:
    from .display import display_problem
    problem = display_problem()
    if problem:
        raise UsageError(problem)


def _import_failure(exc: ImportError) -> str:
    from .display import debian_package
    text = str(exc)
    found = re.search(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file", text)
    if found:
        return (f"Qt cannot start: the system library {found.group(1)} is missing; on Debian or Ubuntu "
                f"install it with `sudo apt install {debian_package(found.group(1))}`")
    return f"Qt cannot start: {text.splitlines()[0] if text else type(exc).__name__}"


def _model_source(args):
    """The ``ModelSource`` of ``--model`` for the screenshot (None without it), checked up front:
    a Python file without ``--trust-code`` is refused here, before the window opens, and
    pretrained weights are fetched here (the window then opens them without network)."""
    from ..core.model.external import ModelSourceError, source_for
    from .pretrained import ensure_pretrained
    pretrained = bool(getattr(args, "gui_pretrained", False))
    if not getattr(args, "gui_model", None):
        if pretrained:
            raise UsageError("--pretrained goes with --model")
        return None
    if pretrained and args.gui_weights:
        raise UsageError("give --weights or --pretrained, not both")
    try:
        source = source_for(args.gui_model, weights="pretrained" if pretrained else args.gui_weights,
                            trust_code=args.gui_trust_code, input_size=args.gui_input_size)
    except ModelSourceError as exc:
        raise UsageError(str(exc)) from None
    if source.kind == "python" and not source.trust_code:
        raise UsageError(f"{source.title} is Python code and runs with your permissions: open it only if you "
                         f"trust it (--trust-code)")
    ensure_pretrained(source, "--pretrained" if pretrained else "--weights pretrained")
    return source


def run_window(args) -> int:
    """Open the window (Qt is imported only here), or run the screenshot self-demo."""
    if args.screenshot is not None:
        from ..core.util.atomic import destination_problem
        width, height = window_size(args.size)
        problem = destination_problem(args.screenshot)
        if problem:
            raise UsageError(f"cannot save the screenshot to {args.screenshot!r}: {problem}")
        if args.replay_dir is not None:
            from ..core.timelapse.store import TimelapseError, TimelapseStore
            try:
                TimelapseStore(args.replay_dir)
            except TimelapseError as exc:
                raise UsageError(str(exc)) from None
        probe_transform = None
        if args.probe_transform is not None:
            from ..core.inspect.probe_transform import transform_from_text
            try:
                probe_transform = transform_from_text(args.probe_transform)
            except ValueError as exc:
                raise UsageError(f"--probe-transform: {exc}") from None
        _check_can_open_window()
        from ..core.data.dataset import DatasetError
        from ..core.model.spec import SpecError
        try:
            from ..gui.diagnostics.screenshot_demo import DemoError, run_screenshot
        except ImportError as exc:
            raise UsageError(_import_failure(exc)) from None
        model = _model_source(args)
        try:
            result = run_screenshot(args.screenshot, train_seconds=args.train_seconds,
                                    preset=args.gui_preset or "seed", dataset=args.gui_dataset or "shapes",
                                    view=args.view, size=(width, height), probe_transform=probe_transform,
                                    draw_demo=bool(args.draw_demo), model=model,
                                    replay_step=args.replay_step, replay_dir=args.replay_dir)
        except (DemoError, SpecError, DatasetError) as exc:
            raise UsageError(str(exc)) from None
        print(json.dumps(result))
        return 0
    _check_can_open_window()
    try:
        from ..gui.app import main as gui_main
    except ImportError as exc:
        raise UsageError(_import_failure(exc)) from None
    return gui_main([])

"""``convnet-studio timelapse RUN_DIR``: list a run folder's time-lapse frames, or export them as a GIF or PNGs."""
from __future__ import annotations

from ..arguments import emit
from ..errors import UsageError

NAME = "timelapse"


def add_parser(sub) -> None:
    """Add the ``timelapse`` sub-parser."""
    t = sub.add_parser(NAME, help="list or export the time-lapse of a run folder (filters or feature maps)")
    t.add_argument("run_dir", metavar="RUN_DIR", help="a run folder whose training recorded a time-lapse")
    t.add_argument("--gif", metavar="OUT.gif", help="write the replay as an animated GIF")
    t.add_argument("--pngs", metavar="DIR", help="write one PNG per frame into DIR")
    t.add_argument("--maps", action="store_true", help="show the probe image's feature maps instead of filters")
    t.add_argument("--layer", type=int, default=None,
                   help="the layer index to show (default: the first conv layer, or the first layer with --maps)")
    t.add_argument("--frame-ms", type=int, default=120, help="milliseconds per GIF frame (default 120)")
    t.add_argument("--json", action="store_true", help="print one JSON line instead of text")


def run(args) -> int:
    """Print the frames (step, epoch), or write them as a GIF and/or PNG files."""
    from ...core.timelapse.export import FILTERS, MAPS, export_gif, export_pngs
    from ...core.timelapse.store import TimelapseError, TimelapseStore
    from ...core.util.atomic import destination_problem

    if not 1 <= args.frame_ms <= 60000:
        raise UsageError(f"--frame-ms must be between 1 and 60000, not {args.frame_ms}")
    what = MAPS if args.maps else FILTERS
    try:
        store = TimelapseStore(args.run_dir)
    except TimelapseError as exc:
        raise UsageError(str(exc)) from None
    result = {"run_dir": str(args.run_dir), "frames": [[f.step, f.epoch] for f in store.frames]}
    try:
        if args.gif:
            problem = destination_problem(args.gif)
            if problem:
                raise UsageError(f"cannot write the GIF to {args.gif!r}: {problem}")
            result["gif"] = {"path": args.gif, "frames": export_gif(args.run_dir, args.gif, what, args.layer,
                                                                    args.frame_ms)}
        if args.pngs:
            result["pngs"] = [str(p) for p in export_pngs(args.run_dir, args.pngs, what, args.layer)]
    except TimelapseError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write the time-lapse pictures: {exc.strerror or exc}") from None
    if args.json:
        emit(result)
        return 0
    steps = ", ".join(str(f.step) for f in store.frames)
    print(f"{len(store)} frames at steps: {steps}" if len(store) else "no frames recorded")
    if "gif" in result:
        print(f"wrote {result['gif']['frames']} frames to {args.gif}")
    if "pngs" in result:
        print(f"wrote {len(result['pngs'])} PNG files to {args.pngs}")
    return 0

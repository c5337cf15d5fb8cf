"""``convnet-studio lesson``: run one of the lessons headless, or list them.

Each variant is trained in turn on the lesson's data; one result per variant is
printed as soon as it is there (final accuracies and losses, diverged or not). Like
``train``, each variant's run is kept in the runs workspace (``--runs-dir``), named
``<lesson>: <variant label>`` and tagged with the lesson, unless ``--no-keep``.
"""
from __future__ import annotations

import sys

from ..arguments import emit
from ..errors import EXIT_RUN_FAILED, UsageError

NAME = "lesson"


def add_parser(sub) -> None:
    """Add the ``lesson`` sub-parser."""
    p = sub.add_parser(NAME, help="run a lesson (runs that differ in one knob) headless, or --list them")
    p.add_argument("name", nargs="?", help="the lesson, e.g. activations, learning-rate (see --list)")
    p.add_argument("--list", action="store_true", help="list the lessons")
    p.add_argument("--variant", action="append", metavar="NAME", help="run only this variant (repeatable)")
    p.add_argument("--json", action="store_true", help="one JSON object per variant, then a done line")
    from .runs import add_runs_dir_arg
    add_runs_dir_arg(p)
    p.add_argument("--no-keep", action="store_true", help="do not keep the variants' runs in the runs workspace")


def _load(name: str):
    from ...core.lessons import LessonError, load_lesson
    try:
        return load_lesson(name)
    except LessonError as exc:
        raise UsageError(str(exc)) from None


def _list(args) -> int:
    from ...core.lessons import lesson_names
    lessons = [_load(name) for name in lesson_names()]
    if args.json:
        print_json = [{"name": l.name, "title": l.title, "variants": [v.name for v in l.variants],
                       "dataset": l.dataset.name} for l in lessons]
        import json
        print(json.dumps(print_json, indent=2))
        return 0
    width = max((len(l.name) for l in lessons), default=0)
    for l in lessons:
        print(f"{l.name:<{width}}  {l.title} ({', '.join(v.name for v in l.variants)})")
    return 0


def run(args) -> int:
    """List the lessons, or run one and print each variant's result."""
    if args.list:
        return _list(args)
    if not args.name:
        raise UsageError("name a lesson to run, or give --list to see them")
    lesson = _load(args.name)
    names = args.variant
    for name in names or ():
        if name not in [v.name for v in lesson.variants]:
            raise UsageError(f"the lesson {lesson.name} has no variant {name!r}; it has "
                             f"{', '.join(v.name for v in lesson.variants)}")
    from ...core.data.dataset import DatasetError
    from ...core.lessons.runner import load_lesson_data, run_lesson
    try:
        data = load_lesson_data(lesson)
    except DatasetError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        emit({"event": "lesson", "name": lesson.name, "title": lesson.title,
              "variants": [v.name for v in (lesson.variants if names is None else map(lesson.variant, names))]})
    else:
        print(f"{lesson.title}\n")
        print(f"{'variant':<24} {'end':<10} {'epochs':>6} {'val acc':>8} {'val loss':>9} {'train acc':>9} {'time':>7}")
    kept = None if args.no_keep else KeptLessonRuns(lesson, data, args.runs_dir)
    show = _json_line if args.json else _text_line
    if kept is None:
        results = run_lesson(lesson, data, names, on_result=lambda r: show(r, None))
    else:
        results = run_lesson(lesson, data, names, on_result=lambda r: show(r, kept.finish(r)),
                             on_event=kept.on_event, hooks_for=kept.hooks_for)
    if args.json:
        emit({"event": "done", "lesson": lesson.name, "variants": len(results)})
    else:
        print(f"\n{lesson.explanation}")
        if kept is not None and kept.ids:
            print(f"\nkept as run(s) {', '.join(kept.ids)} in {kept.workspace}")
    failed = [r for r in results if r.reason == "error"]
    if failed:
        print(f"error: the variant {failed[0].name} failed: {failed[0].message}", file=sys.stderr)
        return EXIT_RUN_FAILED
    return 0


class KeptLessonRuns:
    """Keeps each variant's run in its own run folder, as the window does: the trainer hooks
    for a variant (``hooks_for``), and the run's id once its result is there (``finish``)."""

    def __init__(self, lesson, data, runs_dir=None):
        from ...core.runs.paths import workspace_dir
        self.lesson, self.data = lesson, data
        self.workspace = workspace_dir(runs_dir)
        self.ids: list[str] = []
        self._recorder = None
        self._ended = None

    def hooks_for(self, variant) -> list:
        """A run folder for ``variant`` and the hooks that write it ([] with a note if none can be made)."""
        from ...core.runs.folder import RunFolder, RunFolderError
        from ...core.runs.recorder import RunRecorder, dataset_meta
        from ...core.timelapse.recorder import TimelapseRecorder
        from ...core.train.stop_file import StopFileHook
        self._recorder, self._ended = None, None
        try:
            folder = RunFolder.create(self.workspace, f"{self.lesson.name}: {variant.label}",
                                      spec=variant.spec.to_dict(), config=variant.config.to_dict(),
                                      dataset=dataset_meta(self.data), tags=["lesson", self.lesson.name])
        except RunFolderError as exc:
            print(f"note: the variant {variant.name} is not kept in the runs workspace: {exc}",
                  file=sys.stderr, flush=True)
            return []
        self._recorder = RunRecorder(folder)
        return [self._recorder, StopFileHook(folder.path), TimelapseRecorder(folder.path)]

    def on_event(self, variant, event) -> None:
        """Remembers how the run ended and passes the recorder's notes on to stderr."""
        from ...core import events as ev
        if isinstance(event, ev.RunEnded):
            self._ended = event
        elif isinstance(event, ev.RunNote):
            print(f"note: {event.message}", file=sys.stderr, flush=True)

    def finish(self, result):
        """The id of the run ``result`` was kept as (None if it was not kept)."""
        recorder, self._recorder = self._recorder, None
        if recorder is None:
            return None
        if recorder.finish(self._ended):
            return None
        self.ids.append(recorder.folder.id)
        return recorder.folder.id


def _json_line(result, run_id) -> None:
    emit({"event": "variant", **result.to_dict(), "run": run_id})


def _fmt(value, pattern: str) -> str:
    return "—" if value != value else format(value, pattern)


def _text_line(result, run_id) -> None:
    end = "diverged" if result.diverged else str(result.reason)
    print(f"{result.label:<24} {end:<10} {result.epochs:>6} {_fmt(result.val_acc, '.1%'):>8} "
          f"{_fmt(result.val_loss, '.4f'):>9} {_fmt(result.train_acc, '.1%'):>9} {result.seconds:>6.1f}s", flush=True)

"""``convnet-studio runs list|show|diff|export|delete``: the kept runs of the workspace.

The workspace is ``--runs-dir``, else ``$CONVNET_STUDIO_RUNS``, else the platform's user
data folder. A run is named by its id, the start of its id, or its name. ``delete``
asks before deleting anything unless ``--yes`` is given.
"""
from __future__ import annotations

import argparse
import json
import sys

from ..arguments import Parser, emit
from ..errors import EXIT_OK, EXIT_RUN_FAILED, UsageError

NAME = "runs"


def add_runs_dir_arg(p: argparse.ArgumentParser) -> None:
    """``--runs-dir DIR``: the workspace of kept runs (shared by train and runs)."""
    p.add_argument("--runs-dir", metavar="DIR",
                   help="the folder of kept runs (default: $CONVNET_STUDIO_RUNS, else the user data folder)")


def add_parser(sub) -> None:
    """Add the ``runs`` sub-parser and its own sub-commands."""
    common = Parser(add_help=False)
    add_runs_dir_arg(common)
    common.add_argument("--json", action="store_true", help="JSON instead of text")
    r = sub.add_parser(NAME, help="list, show, compare, export or delete kept runs")
    actions = r.add_subparsers(dest="runs_command", metavar="{list,show,diff,export,delete}", parser_class=Parser)
    actions.required = True
    actions.add_parser("list", parents=[common], help="every kept run, newest first, with its disk use")
    show = actions.add_parser("show", parents=[common], help="one run: settings, per-epoch metrics, checkpoints")
    show.add_argument("run", help="a run id, the start of one, or a run name")
    diff = actions.add_parser("diff", parents=[common], help="the settings that differ between two runs")
    diff.add_argument("run_a")
    diff.add_argument("run_b")
    export = actions.add_parser("export", parents=[common],
                                help="write a run's checkpoint as a run file (.pt), or the whole run as a .zip")
    export.add_argument("run", help="RUN or RUN:latest|best|epoch-N (a .zip takes the whole folder)")
    export.add_argument("output", metavar="FILE", help="FILE.pt: a run file for --resume / File ▸ Open; FILE.zip: the folder")
    delete = actions.add_parser("delete", parents=[common], help="delete runs (asks first)")
    delete.add_argument("runs", nargs="+", metavar="RUN")
    delete.add_argument("--yes", "-y", action="store_true", help="do not ask")


def run(args) -> int:
    """Dispatch to the sub-command; bad runs or folders are one ``error:`` line (status 2)."""
    from ...core.runs.folder import RunFolderError
    from ...core.runs.paths import workspace_dir
    workspace = workspace_dir(args.runs_dir)
    try:
        return _ACTIONS[args.runs_command](args, workspace)
    except RunFolderError as exc:
        raise UsageError(str(exc)) from None


def human_bytes(n: int) -> str:
    """``n`` bytes as e.g. ``3.2 MB``."""
    size = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


def _epochs(meta: dict) -> str:
    final = (meta.get("metrics") or {}).get("final") or {}
    total = (meta.get("config") or {}).get("epochs")
    return f"{final.get('epoch', 0)}/{total}" if total else "-"


def _list(args, workspace) -> int:
    from ...core.runs.workspace import list_runs, run_disk_bytes
    runs = list_runs(workspace)
    sizes = {info.id: run_disk_bytes(info.path) for info in runs}
    if args.json:
        print(json.dumps([dict(info.summary(), bytes=sizes[info.id]) for info in runs]), flush=True)
        return EXIT_OK
    if not runs:
        print(f"no runs in {workspace}")
        return EXIT_OK
    rows = [("ID", "NAME", "STATUS", "DATASET", "EPOCHS", "BEST VAL", "SIZE", "PARENT")]
    for info in runs:
        best = info.best_val_acc
        rows.append((info.id, info.name, info.status, info.dataset_name or "-", _epochs(info.meta),
                     f"{best:.1%}" if best is not None else "-", human_bytes(sizes[info.id]),
                     (info.parent or {}).get("id", "-")))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip())
    print(f"{len(runs)} run(s), {human_bytes(sum(sizes.values()))} in {workspace}")
    for info in runs:
        if info.problem:
            print(f"note: {info.id} is unreadable: {info.problem}", file=sys.stderr)
    return EXIT_OK


def _show(args, workspace) -> int:
    from ...core.runs.workspace import find_run, run_disk_bytes
    info = find_run(workspace, args.run)
    folder = info.folder
    metrics, checkpoints, size = folder.read_metrics(), folder.checkpoint_names(), run_disk_bytes(info.path)
    if args.json:
        print(json.dumps({**info.meta, **info.summary(), "checkpoints": checkpoints, "bytes": size,
                          "epochs": metrics}, default=str), flush=True)
        return EXIT_OK
    meta = info.meta
    print(f"run {info.id}: {info.name}")
    print(f"  status: {info.status}" + (f" ({meta['message']})" if meta.get("message") else "")
          + (f" - {info.problem}" if info.problem else ""))
    if info.parent:
        print(f"  parent: {info.parent.get('id')} ({info.parent.get('checkpoint')})")
    print(f"  created: {meta.get('created', '-')}, updated: {meta.get('updated', '-')}")
    print(f"  dataset: {info.dataset_name or '-'}; network: {(meta.get('spec') or {}).get('name', '-')}")
    config = meta.get("config") or {}
    if config:
        print("  config: " + ", ".join(f"{k}={v}" for k, v in config.items()))
    print(f"  checkpoints: {', '.join(checkpoints) or 'none'}; size {human_bytes(size)}")
    for row in metrics:
        print(f"  epoch {row.get('epoch')}: train loss {row.get('train_loss'):.4f} acc {row.get('train_acc'):.1%} | "
              f"val loss {row.get('val_loss'):.4f} acc {row.get('val_acc'):.1%}")
    return EXIT_OK


def _diff(args, workspace) -> int:
    from ...core.runs.diff import settings_diff
    from ...core.runs.workspace import find_run
    a, b = find_run(workspace, args.run_a), find_run(workspace, args.run_b)
    for info in (a, b):
        if info.problem:
            raise UsageError(f"run {info.id} is unreadable: {info.problem}")
    changes = settings_diff(a.meta, b.meta)
    if args.json:
        print(json.dumps({"a": a.id, "b": b.id, "differences": [{"key": k, "a": va, "b": vb}
                                                                 for k, va, vb in changes]}), flush=True)
        return EXIT_OK
    if not changes:
        print(f"{a.id} and {b.id} have the same settings")
    for key, va, vb in changes:
        print(f"{key}: {va!r} -> {vb!r}")
    return EXIT_OK


def _export(args, workspace) -> int:
    from ...core.runs.export import export_run
    from ...core.runs.workspace import find_run, parse_run_ref
    ref, which = parse_run_ref(args.run)
    info = find_run(workspace, ref)
    written = export_run(info.folder, args.output, which)
    if args.json:
        emit({"run": info.id, "wrote": str(written)})
    else:
        print(f"wrote {written}")
    return EXIT_OK


def _delete(args, workspace) -> int:
    from ...core.runs.workspace import delete_run, find_run, run_disk_bytes
    targets = []
    for ref in args.runs:
        info = find_run(workspace, ref)
        if info.id not in {t.id for t in targets}:
            targets.append(info)
    running = [t.id for t in targets if t.status == "running"]
    if running:
        raise UsageError(f"run {running[0]} is still running; stop it before deleting it")
    total = sum(run_disk_bytes(t.path) for t in targets)
    if not args.yes:
        names = ", ".join(f"{t.id} ({t.name})" if t.name != t.id else t.id for t in targets)
        print(f"delete {len(targets)} run(s), {human_bytes(total)}: {names}? [y/N] ", end="", file=sys.stderr,
              flush=True)
        try:
            answer = input()
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("error: nothing was deleted (answer y to delete, or pass --yes)", file=sys.stderr)
            return EXIT_RUN_FAILED
    freed = 0
    for info in targets:
        freed += delete_run(workspace, info.id)
    if args.json:
        emit({"deleted": [t.id for t in targets], "bytes": freed})
    else:
        print(f"deleted {len(targets)} run(s), {human_bytes(freed)}")
    return EXIT_OK


_ACTIONS = {"list": _list, "show": _show, "diff": _diff, "export": _export, "delete": _delete}

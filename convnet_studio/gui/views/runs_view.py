"""RunsView: every kept run in a sortable table; several overlaid as curves; two compared setting by setting.

The table lists the runs workspace (``core.runs``): name, dataset, network, parameters,
the hyperparameters that differ between the listed runs, best validation accuracy,
start time, status (with "interrupted" and "unreadable") and parent. Selecting runs
overlays their loss and accuracy curves, one colour each; selecting exactly two also
fills the settings diff. Rename, tag and note edit run.json; Delete asks first and names
what it frees. The folder and its running runs are watched (whichever process writes
them), looked at every few seconds while shown, and re-read when a run ends here.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, Slot
from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPushButton, QSizePolicy, QSplitter,
                               QVBoxLayout, QWidget)

from ..i18n import error_text
from ..support.deferred_redraw import DeferredRedraw
from ..support.redraw_budget import training_budget
from ..support.run_rows import differing_keys, human_bytes
from ..widgets.run_curves import RunCurves
from ..widgets.runs_table import RunsTable
from ..widgets.settings_diff import SettingsDiff

#: Re-read the folder at most this often while it changes (a run writes every second or so).
REFRESH_DEBOUNCE_MS = 300
#: Checks for status changes (heartbeats, interruptions) while the view is shown.
POLL_MS = 5000


class RunsView(QWidget):
    """The runs panel of the window (a registered view)."""

    def __init__(self, state, parent: Optional[QWidget] = None, workspace: Optional[Path] = None):
        super().__init__(parent)
        self.state = state
        self._workspace = Path(workspace) if workspace is not None else None
        self.runs: list = []                 # RunInfo of the rows, by id below
        self._by_id: dict = {}
        self._columns: list[tuple[str, str]] = []

        self.lesson_label = QLabel()
        self.lesson_label.setWordWrap(True)
        self.lesson_label.setObjectName("lessonNote")
        self.lesson_label.hide()
        self.table = RunsTable()
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.disk_label = QLabel()
        self.buttons = {}
        for name, text, slot in (("refresh", self.tr("Refresh"), self.refresh),
                                 ("rename", self.tr("Rename…"), self.rename_dialog),
                                 ("tags", self.tr("Tags…"), self.tags_dialog),
                                 ("note", self.tr("Note…"), self.note_dialog),
                                 ("delete", self.tr("Delete…"), self.delete_selected)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[name] = button
        self.curves = RunCurves()
        self.diff = SettingsDiff()
        self.diff_label = QLabel(self.tr("Select two runs to compare their settings."))

        bar = QHBoxLayout()
        for button in self.buttons.values():
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.disk_label)
        self.disk_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.lesson_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.diff_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        lower = QWidget()
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.diff_label)
        column.addWidget(self.diff, 1)
        split = QSplitter(Qt.Orientation.Vertical)       # stacked: the window can still narrow
        split.addWidget(self.table)
        split.addWidget(self.curves)
        split.addWidget(lower)
        for index, stretch in enumerate((3, 4, 2)):
            split.setStretchFactor(index, stretch)
        box = QVBoxLayout(self)
        box.addWidget(self.lesson_label)
        box.addLayout(bar)
        box.addWidget(split, 1)

        # A hidden view reads the folder when it is shown. While a run trains here, the writes of
        # its own folder (every second or so) refresh the view within the views' share of the GUI
        # thread, like any live redraw (see redraw_budget.py): re-reading the runs and redrawing
        # their curves is costly, and the GUI thread's time is taken from the training thread.
        self._refreshes = DeferredRedraw(self, self.refresh, REFRESH_DEBOUNCE_MS, min_gap_ms=REFRESH_DEBOUNCE_MS,
                                         budget=training_budget(state))
        self.curves.set_paint_meter(self._refreshes.paint_meter)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._refreshes.mark_live)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._refreshes.mark_live)
        state.runEnded.connect(self._refreshes.mark)
        state.runStarted.connect(self._refreshes.mark)
        self.refresh()

    # ------------------------------------------------------------------ the folder
    @property
    def workspace(self) -> Path:
        """The runs folder shown (``$CONVNET_STUDIO_RUNS`` or the user data folder unless given)."""
        if self._workspace is not None:
            return self._workspace
        from ...core.runs.paths import workspace_dir
        return workspace_dir()

    def set_workspace(self, path) -> None:
        """Show another runs folder."""
        self._workspace = Path(path)
        self.refresh()

    def _watch(self) -> None:
        """Watch the workspace (a run folder appears or goes) and the folders of running runs (their
        run.json is replaced when the status changes), whoever writes them: this window or a terminal."""
        wanted = {str(self.workspace)} | {str(info.path) for info in self.runs if info.status == "running"}
        watched = set(self._watcher.directories())
        if watched - wanted:
            self._watcher.removePaths(sorted(watched - wanted))
        for folder in sorted(wanted - watched):
            if Path(folder).is_dir():
                self._watcher.addPath(folder)

    @Slot()
    def refresh(self) -> None:
        """Re-read the runs folder; the selected runs stay selected."""
        from ...core.runs.folder import RunFolderError
        from ...core.runs.workspace import list_runs
        selected = self.selected_ids()
        try:
            self.runs = list_runs(self.workspace)
            problem = ""
        except RunFolderError as exc:
            self.runs, problem = [], error_text(exc)
        self._by_id = {info.id: info for info in self.runs}
        self._fill_table()
        self._watch()
        self._show_disk_use(problem)
        self.select_ids([i for i in selected if i in self._by_id])

    def _fill_table(self) -> None:
        hparams = differing_keys([info.meta for info in self.runs if info.meta])
        self._columns = [("name", self.tr("Name")), ("dataset", self.tr("Dataset")), ("net", self.tr("Network")),
                         ("params", self.tr("Parameters")), *((f"config.{k}", k) for k in hparams),
                         ("best_val_acc", self.tr("Best val acc")), ("time", self.tr("Started")),
                         ("status", self.tr("Status")), ("parent", self.tr("Parent"))]
        self.table.fill(self.runs, hparams, self._columns)

    def _show_disk_use(self, problem: str = "") -> None:
        from ...core.runs.workspace import disk_usage
        if problem:
            self.disk_label.setText(problem)
            return
        try:
            total = sum(disk_usage(self.workspace).values())
        except OSError:
            total = 0
        self.disk_label.setText(self.tr("{0} runs · {1} on disk").format(len(self.runs), human_bytes(total)))

    # ------------------------------------------------------------------ selection
    def row_of(self, run_id: str) -> int:
        """The table row of run ``run_id``, or -1."""
        return self.table.row_of(run_id)

    def selected_ids(self) -> list[str]:
        """Ids of the selected runs, in table order."""
        return self.table.selected_ids()

    def select_ids(self, run_ids) -> None:
        """Select exactly these runs (unknown ids are skipped)."""
        self.table.select_ids(run_ids)
        self._on_selection()

    @Slot()
    def _on_selection(self) -> None:
        from ...core.runs.folder import RunFolderError
        ids = self.selected_ids()
        labels = self._labels([self._by_id[i] for i in ids if i in self._by_id and self._by_id[i].meta])
        runs = []
        for run_id in ids:
            info = self._by_id.get(run_id)
            if info is None or not info.meta:
                continue
            try:
                epochs, steps = info.folder.read_metrics(), info.folder.read_steps()
            except RunFolderError:
                epochs, steps = [], []
            runs.append((labels[info.id], epochs, steps))
        self.curves.set_runs(runs)
        pair = [self._by_id[i] for i in ids if i in self._by_id and self._by_id[i].meta]
        if len(pair) == 2:
            self.diff.show_runs(labels[pair[0].id], pair[0].meta, labels[pair[1].id], pair[1].meta)
            count = len(self.diff.differing)
            self.diff_label.setText(self.tr("1 setting differs.") if count == 1
                                    else self.tr("{0} settings differ.").format(count))
        else:
            self.diff.clear_runs()
            self.diff_label.setText(self.tr("Select two runs to compare their settings."))
        one = len(ids) == 1
        for name in ("rename", "tags", "note"):
            self.buttons[name].setEnabled(one)
        self.buttons["delete"].setEnabled(bool(ids))

    @staticmethod
    def _labels(infos) -> dict:
        """Legend labels: the run's name, with the differing hyperparameters when names repeat."""
        names = [info.name for info in infos]
        keys = differing_keys([info.meta for info in infos])
        out = {}
        for info in infos:
            label = info.name
            if names.count(info.name) > 1:
                config = info.meta.get("config") or {}
                extra = ", ".join(f"{k} {config.get(k)}" for k in keys) or info.id[-4:]
                label = f"{info.name} ({extra})"
            out[info.id] = label
        return out

    # ------------------------------------------------------------------ editing
    def _edit(self, run_id: str, **changes) -> str:
        """Write ``changes`` into the run's run.json; returns "" or why not."""
        from ...core.runs.folder import RunFolderError
        info = self._by_id.get(run_id)
        if info is None:
            return self.tr("That run is no longer there.")
        try:
            info.folder.update_meta(**changes)
        except RunFolderError as exc:
            return error_text(exc)
        self.refresh()
        return ""

    def rename(self, run_id: str, name: str) -> str:
        name = name.strip()
        return self._edit(run_id, name=name) if name else self.tr("A run needs a name.")

    def set_tags(self, run_id: str, tags_text: str) -> str:
        tags = [t.strip() for t in tags_text.split(",") if t.strip()]
        return self._edit(run_id, tags=tags)

    def set_note(self, run_id: str, note: str) -> str:
        return self._edit(run_id, note=note)

    def _ask_text(self, title: str, label: str, current: str, apply) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        text, ok = QInputDialog.getText(self, title, label, text=current)
        if ok:
            problem = apply(ids[0], text)
            if problem:
                QMessageBox.warning(self, title, problem)

    @Slot()
    def rename_dialog(self) -> None:
        info = self._selected_info()
        if info is not None:
            self._ask_text(self.tr("Rename run"), self.tr("Name:"), info.name, self.rename)

    @Slot()
    def tags_dialog(self) -> None:
        info = self._selected_info()
        if info is not None:
            self._ask_text(self.tr("Tag run"), self.tr("Tags, separated by commas:"),
                           ", ".join(info.meta.get("tags") or []), self.set_tags)

    @Slot()
    def note_dialog(self) -> None:
        info = self._selected_info()
        if info is not None:
            self._ask_text(self.tr("Note"), self.tr("Note:"), str(info.meta.get("note") or ""), self.set_note)

    def _selected_info(self):
        ids = self.selected_ids()
        return self._by_id.get(ids[0]) if len(ids) == 1 else None

    @Slot()
    def delete_selected(self) -> None:
        """Ask, then delete the selected runs' folders (nothing is deleted without a Yes)."""
        from ...core.runs.folder import RunFolderError
        from ...core.runs.workspace import delete_run, run_disk_bytes
        ids = self.selected_ids()
        if not ids:
            return
        size = sum(run_disk_bytes(self._by_id[i].path) for i in ids if i in self._by_id)
        names = ", ".join(self._by_id[i].name for i in ids[:5]) + (" …" if len(ids) > 5 else "")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete runs"),
                          self.tr("Delete {0} run(s) ({1}) for good? This frees {2} and cannot be undone.")
                          .format(len(ids), names, human_bytes(size)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        problems = []
        for run_id in ids:
            try:
                delete_run(self.workspace, run_id)
            except RunFolderError as exc:
                problems.append(error_text(exc))
        self.refresh()
        if problems:
            QMessageBox.warning(self, self.tr("Delete runs"), "\n".join(problems))

    # ------------------------------------------------------------------ lessons
    def show_lesson(self, title: str, explanation: str, run_dirs) -> None:
        """Show a lesson's explanation above the table and overlay its runs."""
        self.lesson_label.setText(f"<b>{title}</b><br>{explanation}")
        self.lesson_label.show()
        self.refresh()
        self.select_ids([Path(d).name for d in run_dirs])

    # ------------------------------------------------------------------ the --screenshot self-demo
    def screenshot_configs(self, config) -> list:
        """The runs the self-demo trains for this view: two learning rates, to be overlaid."""
        return [config.replace(lr=1e-3), config.replace(lr=1e-2)]

    def prepare_screenshot(self, runs: int) -> None:
        """Select the ``runs`` newest runs, so their curves are overlaid in the picture."""
        self.refresh()
        newest = sorted(self._by_id, reverse=True)[:runs]
        self.select_ids(newest)

    # ------------------------------------------------------------------ visibility
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._poll.start()
        self._refreshes.mark()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._poll.stop()

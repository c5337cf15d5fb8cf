"""File ▸ Open time-lapse and Export time-lapse: replay a kept run folder, write the replay as a GIF or PNGs.

While the window trains, the player follows the run's own folder, so its frames can be
scrubbed as they are recorded.

The export renders with numpy and Pillow (``core.timelapse.export``) on a plain thread,
so the window stays responsive; what it shows is what the current view shows: the
feature maps of the chosen layer in Feature maps, else the chosen conv layer's filters.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from ..core.errors import one_sentence
from .i18n import message_text
from .support.timelapse_player import TimelapsePlayer


class TimelapseFiles(QObject):
    """Acts on behalf of ``window`` (a MainWindow: its state, views and status bar)."""

    exportFinished = Signal(str)       # what happened, one sentence

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self.player = TimelapsePlayer.of(window.state)
        self.exportFinished.connect(window.say)
        self._export_thread: Optional[threading.Thread] = None
        # the run being trained records its time-lapse into its kept folder: follow it
        window.state.runStarted.connect(self._follow_run)
        window.state.runEnded.connect(lambda _event: self.player.stop_watching())

    def _follow_run(self, _event) -> None:
        folder = self._window.controller.kept_run_dir
        if folder:
            self.player.watch(folder)

    def open_dialog(self) -> None:
        """Pick a run folder and replay its time-lapse."""
        start = "" if self.player.run_dir is None else str(self.player.run_dir.parent)
        folder = QFileDialog.getExistingDirectory(self._window, self.tr("Open a run folder's time-lapse"), start)
        if folder:
            self.open_folder(folder)

    def open_folder(self, folder) -> str:
        """Replay ``folder``'s time-lapse from its last frame in the filters view; returns why not, or ""."""
        window = self._window
        problem = self.player.open(folder)
        if problem:
            window.say(problem)
            return problem
        self.player.show(self.player.count - 1)
        if window.tabs.currentWidget() not in (window.views.get("filters"), window.views.get("features")):
            window.select_view("filters")
        window.say(self.tr("Replaying the time-lapse of {0} ({1} frames).").format(Path(folder).name,
                                                                                    self.player.count))
        return ""

    def export_dialog(self) -> None:
        """Pick where to write the replay: an animated GIF, or PNG frames (into a folder of that name)."""
        if not self.player.count:
            self._window.say(self.tr("There is no time-lapse to export: train a run, or open a run folder "
                                     "with File ▸ Open time-lapse first."))
            return
        path, chosen = QFileDialog.getSaveFileName(
            self._window, self.tr("Export the time-lapse"), "timelapse.gif",
            self.tr("Animated GIF (*.gif);;PNG frames, written into a folder (*.png)"))
        if path:
            self.export(path, pngs=path.lower().endswith(".png") or ".png" in chosen)

    def export(self, path, pngs: bool = False) -> threading.Thread:
        """Write the replay the current view shows to ``path`` (a GIF; with ``pngs`` a folder of PNGs
        named like ``path`` without its suffix), on a thread; ``exportFinished`` says how it went."""
        from ..core.timelapse.export import FILTERS, MAPS

        window, run_dir = self._window, self.player.run_dir
        features, filters = window.views.get("features"), window.views.get("filters")
        if features is not None and window.tabs.currentWidget() is features:
            what, layer = MAPS, features.current_layer()
        else:
            what, layer = FILTERS, None if filters is None else filters.current_layer()
        store = self.player.store
        layers = store.map_layers if what == MAPS else store.conv_layers
        layer = layer if layer in layers else None
        target = Path(path).with_suffix("") if pngs else Path(path)
        thread = threading.Thread(target=self._export, args=(run_dir, target, what, layer, pngs),
                                  name="convnet-studio-timelapse-export", daemon=True)
        self._export_thread = thread
        window.say(self.tr("Exporting the time-lapse to {0}…").format(target))
        thread.start()
        return thread

    def _export(self, run_dir, target: Path, what: str, layer, pngs: bool) -> None:
        from ..core.timelapse.export import export_gif, export_pngs
        from ..core.timelapse.store import TimelapseError

        try:
            if pngs:
                count = len(export_pngs(run_dir, target, what, layer))
            else:
                count = export_gif(run_dir, target, what, layer)
        except (TimelapseError, OSError) as exc:
            self.exportFinished.emit(self.tr("Could not export the time-lapse: {0}").format(message_text(one_sentence(exc))))
            return
        self.exportFinished.emit(self.tr("Exported {0} time-lapse frames to {1}.").format(count, target))

"""TimelapsePlayer: which time-lapse frame the views show, or the live state; one per StudioState.

The filters and feature-maps views (and the probabilities shown with the maps) each
carry a scrubber bound to the same player, so they always show the same moment. A
frame is read with numpy from the run folder (``core.timelapse.store``: one file read,
no torch) when it is asked for. ``watch(run_dir)`` follows a run that is recording:
new frames are picked up on a timer. ``SnapshotRouter`` sits between the state's
live snapshots and a view: it passes them on while live and keeps the newest while
replaying, to show it again on ``go_live``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Optional

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from ...core.errors import one_sentence
from ...core.events import Snapshot
from ...core.timelapse.store import TimelapseError, TimelapseStore, has_timelapse
from ..i18n import message_text

#: How often a recording run's new frames are looked for.
POLL_MS = 1000
#: Time between frames while playing.
PLAY_MS = 120
_NAME = "convnet-studio-timelapse-player"


@dataclass(frozen=True)
class ReplayFrame:
    """One recorded moment: ``snapshot`` (filters, maps, probs, ``input_image``; no image key) of ``image``."""
    index: int
    count: int
    snapshot: Snapshot
    image: Optional[np.ndarray]          # the recorded probe image, uint8 (C, H, W)
    label: Optional[int]
    class_names: tuple
    run_dir: str

    @property
    def step(self) -> int:
        return self.snapshot.step

    @property
    def epoch(self) -> int:
        return self.snapshot.epoch


class TimelapsePlayer(QObject):
    """The time-lapse being replayed (a run folder's), the frame shown, and play/pause."""

    framesChanged = Signal(int)      # frames available now (0: none)
    frameShown = Signal(object)      # a ReplayFrame: show it instead of the live state
    liveShown = Signal()             # back to the live state
    playingChanged = Signal(bool)
    problemChanged = Signal(str)     # why a folder cannot be replayed ("" when it can)

    @classmethod
    def of(cls, state: QObject) -> "TimelapsePlayer":
        """The player shared by every view of ``state`` (made on first use, a child of ``state``)."""
        player = state.findChild(cls, _NAME)
        if player is None:
            player = cls(state)
            # another image or network: the recorded frames are no answer to it
            for signal in ("probeImageChanged", "specChanged", "datasetChanged"):
                if hasattr(state, signal):
                    getattr(state, signal).connect(player.go_live)
        return player

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.setObjectName(_NAME)
        self._store: Optional[TimelapseStore] = None
        self._index = -1
        self._replaying = False
        self._watched: Optional[Path] = None
        self.problem = ""
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh)
        self._play = QTimer(self)
        self._play.setInterval(PLAY_MS)
        self._play.timeout.connect(self._advance)

    # ----------------------------------------------------------------- queries
    @property
    def count(self) -> int:
        return 0 if self._store is None else len(self._store)

    @property
    def index(self) -> int:
        """The frame shown while replaying, else -1."""
        return self._index if self._replaying else -1

    @property
    def replaying(self) -> bool:
        return self._replaying

    @property
    def playing(self) -> bool:
        return self._play.isActive()

    @property
    def run_dir(self) -> Optional[Path]:
        return None if self._store is None else self._store.run_dir

    @property
    def store(self) -> Optional[TimelapseStore]:
        return self._store

    @property
    def watched(self) -> Optional[Path]:
        """The run folder being followed (``watch``), while it is; else None."""
        return self._watched if self._poll.isActive() else None

    def frame_info(self, index: int):
        """Step and epoch of frame ``index`` (a ``FrameInfo``)."""
        return self._store.frames[index]

    # ----------------------------------------------------------------- sources
    def open(self, run_dir) -> str:
        """Replay the time-lapse of ``run_dir`` (a kept run folder); returns why not, or ""."""
        self.go_live()
        self._watched = None
        self._poll.stop()
        try:
            store = TimelapseStore(run_dir)
        except TimelapseError as exc:
            self._set_problem(message_text(one_sentence(exc)))
            return self.problem
        self._use(store)
        return ""

    def watch(self, run_dir) -> None:
        """Follow the run recording into ``run_dir``: its frames become replayable as they are written."""
        self.go_live()
        self._watched = Path(run_dir)
        self._store = None
        self._set_problem("")
        self.framesChanged.emit(0)
        self._poll.start()
        self.refresh()

    def stop_watching(self) -> None:
        """The watched run ended: pick up its last frames, then stop looking for more."""
        self.refresh()
        self._poll.stop()

    def refresh(self) -> None:
        """Look for frames written since (and, for a watched run, for its time-lapse to appear)."""
        if self._store is None:
            if self._watched is not None and has_timelapse(self._watched):
                try:
                    self._use(TimelapseStore(self._watched))
                except TimelapseError:
                    pass
            return
        before = len(self._store)
        if self._store.refresh() != before:
            self.framesChanged.emit(len(self._store))

    def _use(self, store: TimelapseStore) -> None:
        self._store = store
        self._index = -1
        problem = str(store.meta.get("problem") or "")
        self._set_problem(one_sentence(TimelapseError(problem)) if problem and not len(store) else "")
        self.framesChanged.emit(len(store))

    def _set_problem(self, text: str) -> None:
        if text != self.problem:
            self.problem = text
            self.problemChanged.emit(text)

    # ----------------------------------------------------------------- moving
    def show(self, index: int) -> bool:
        """Show frame ``index`` (clamped to the frames there are); False when there is none."""
        if not self.count:
            return False
        index = min(max(int(index), 0), self.count - 1)
        try:
            snapshot = self._store.load(index)
        except (TimelapseError, OSError, IndexError) as exc:
            self._set_problem(self.tr("Frame {0} cannot be read: {1}.").format(index, exc))
            return False
        store = self._store
        shown = replace(snapshot, image_key=None, input_image=store.probe_image)
        frame = ReplayFrame(index, self.count, shown, store.probe_image,
                            store.probe_label, tuple(store.class_names), str(store.run_dir))
        self._index, self._replaying = index, True
        self.frameShown.emit(frame)
        return True

    def show_step(self, step: int) -> bool:
        """Show the last frame recorded at or before ``step``."""
        return self.count > 0 and self.show(self._store.nearest(step))

    def step_by(self, delta: int) -> bool:
        start = self._index if self._replaying else self.count
        return self.show(start + int(delta))

    def go_live(self) -> None:
        """Stop playing and show the live state again."""
        self.pause()
        if self._replaying:
            self._replaying = False
            self.liveShown.emit()

    def play(self) -> None:
        """Step through the frames from the one shown (from the first when live or at the end)."""
        if self.count < 2:
            return
        if not self._replaying or self._index >= self.count - 1:
            self.show(0)
        if not self._play.isActive():
            self._play.start()
            self.playingChanged.emit(True)

    def pause(self) -> None:
        if self._play.isActive():
            self._play.stop()
            self.playingChanged.emit(False)

    def toggle_play(self) -> None:
        self.pause() if self.playing else self.play()

    def _advance(self) -> None:
        if not self._replaying or self._index >= self.count - 1 or not self.show(self._index + 1):
            self.pause()
            return
        if self._index >= self.count - 1:
            self.pause()


class SnapshotRouter(QObject):
    """Feeds a view ``show(snapshot)``: live snapshots (``live``) while live, the player's frames while
    replaying; ``on_frame`` gets each ``ReplayFrame`` first, ``on_live`` is called on going live
    (before the newest live snapshot is shown again, if there was one)."""

    def __init__(self, player: TimelapsePlayer, show: Callable[[Snapshot], None],
                 on_frame: Optional[Callable] = None, on_live: Optional[Callable] = None,
                 parent: Optional[QObject] = None):
        super().__init__(parent)
        self.player = player
        self._show, self._on_frame, self._on_live = show, on_frame, on_live
        self._live: Optional[Snapshot] = None
        player.frameShown.connect(self._frame)
        player.liveShown.connect(self._back_to_live)

    def live(self, snapshot) -> None:
        """A live snapshot arrived (connect the state's ``snapshotReady`` here)."""
        self._live = snapshot
        if not self.player.replaying:
            self._show(snapshot)

    def _frame(self, frame: ReplayFrame) -> None:
        if self._on_frame is not None:
            self._on_frame(frame)
        self._show(frame.snapshot)

    def _back_to_live(self) -> None:
        if self._on_live is not None:
            self._on_live()
        if self._live is not None:
            self._show(self._live)

"""TimelapseScrubber: a slider through a run's time-lapse, play/pause, the step and epoch, and Live.

Every scrubber drives the one ``TimelapsePlayer`` it is given, and follows it, so the
scrubbers of the filters and feature-maps views always agree.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from ..support.timelapse_player import TimelapsePlayer


class TimelapseScrubber(QWidget):
    """One row: Play/Pause, the frame slider, what is shown, Live (File ▸ Open time-lapse picks a run folder)."""

    def __init__(self, player: TimelapsePlayer, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.player = player
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setToolTip(self.tr("Replay how the network changed during training, frame by frame."))
        self.play_button.clicked.connect(player.toggle_play)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setToolTip(self.tr("Time-lapse: drag to see the network as it was at an earlier step."))
        self.slider.setMinimumWidth(120)
        self.slider.valueChanged.connect(self._on_slider)
        self.label = QLabel()
        self.label.setMinimumWidth(150)
        self.live_button = QPushButton(self.tr("Live"))
        self.live_button.setToolTip(self.tr("Show the network as it is now."))
        self.live_button.clicked.connect(player.go_live)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Time-lapse")))
        layout.addWidget(self.play_button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        layout.addWidget(self.live_button)

        player.framesChanged.connect(self._sync)
        player.frameShown.connect(self._sync)
        player.liveShown.connect(self._sync)
        player.playingChanged.connect(self._sync)
        player.problemChanged.connect(self._sync)
        self._sync()

    # ----------------------------------------------------------------- public
    def text(self) -> str:
        """What the label says now."""
        return self.label.text()

    def open_folder(self, folder: str) -> str:
        """Replay ``folder``'s time-lapse; returns why not, or ""."""
        problem = self.player.open(folder)
        if not problem:
            self.player.show(self.player.count - 1)
        return problem

    # ----------------------------------------------------------------- slots
    def _on_slider(self, value: int) -> None:
        if value < self.player.count:
            self.player.show(value)
        else:
            self.player.go_live()

    def _sync(self, *_args) -> None:
        player, count = self.player, self.player.count
        blocked = self.slider.blockSignals(True)
        # one position past the last frame is "live"
        self.slider.setRange(0, count)
        self.slider.setValue(player.index if player.replaying else count)
        self.slider.blockSignals(blocked)
        self.slider.setEnabled(count > 0)
        self.play_button.setEnabled(count > 1)
        self.play_button.setText(self.tr("Pause") if player.playing else self.tr("Play"))
        self.live_button.setEnabled(player.replaying)
        if player.replaying:
            info = player.frame_info(player.index)
            self.label.setText(self.tr("step {0} · epoch {1} · {2}/{3}").format(
                info.step, info.epoch, player.index + 1, count))
        elif player.problem:
            self.label.setText(player.problem)
        elif count:
            self.label.setText(self.tr("Live · {0} frames").format(count))
        else:
            self.label.setText(self.tr("Live · no frames yet"))
        self.label.setToolTip(self.label.text())

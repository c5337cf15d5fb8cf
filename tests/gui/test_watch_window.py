"""File ▸ Watch run folder…: a run trained by another thread/process appears live; Stop; a vanished folder."""
from __future__ import annotations

import shutil
import threading
import time

import pytest
from PySide6.QtCore import Qt

from convnet_studio.core.runs.folder import RunFolder
from convnet_studio.core.runs.recorder import RunRecorder
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.hooks import TrainerHooks
from convnet_studio.core.train.stop_file import StopFileHook, stop_requested
from convnet_studio.core.train.trainer import Trainer
from convnet_studio.gui.watch_window import WatchWindow
from tests.core.toy_training import FAST, TINY_SPEC, quadrant_dataset


class Writer(threading.Thread):
    """A training run writing its folder as the CLI does (recorder + stop file), on its own thread."""

    def __init__(self, workspace, epochs=100000, pace_s=0.01):
        super().__init__(daemon=True)
        data = quadrant_dataset()
        self.folder = RunFolder.create(workspace, "elsewhere")
        hooks = [RunRecorder(self.folder, checkpoint_every_s=0.2, steps_every_s=0.05),
                 StopFileHook(self.folder.path, every_s=0.05), _Pace(pace_s)]
        self.trainer = Trainer(TINY_SPEC, TrainConfig(epochs=epochs, **FAST), data, hooks=hooks)
        self.ended = None

    def run(self):
        for event in self.trainer.run():
            self.ended = event


class _Pace(TrainerHooks):
    """Slows the writer down to a watchable pace."""

    def __init__(self, seconds):
        self.seconds = seconds

    def on_step_end(self, trainer):
        time.sleep(self.seconds)


@pytest.fixture
def watched(qtbot, tmp_path):
    made = []

    def make(writer):
        window = WatchWindow(writer.folder.path, studio=None, poll_ms=100)
        qtbot.addWidget(window)
        made.append((window, writer))
        return window
    yield make
    for window, writer in made:
        writer.trainer.stop()
        writer.join(30)
        window.close()


def test_curves_appear_while_the_run_trains_and_stop_ends_it(qtbot, tmp_path, watched):
    writer = Writer(tmp_path / "ws")
    window = watched(writer)
    before = set(p.relative_to(writer.folder.path) for p in writer.folder.path.rglob("*"))
    writer.start()
    qtbot.waitUntil(lambda: len(window.steps) >= 20 and len(window.epochs["epoch"]) >= 2, timeout=30000)
    assert writer.is_alive()                          # live: the run is still training
    assert window.step_curve.getData()[0].size == len(window.steps)
    assert window.steps == sorted(window.steps) and window.steps[0] == 1
    assert window.epoch_curves["val_acc"].getData()[0].size == len(window.epochs["epoch"])
    qtbot.waitUntil(lambda: window.stop_button.isEnabled() and bool(window.latest_checkpoint), timeout=30000)
    assert "running" in window.title.text()

    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    writer.join(30)
    assert not writer.is_alive() and writer.ended.reason == "stopped"
    assert not stop_requested(writer.folder.path)     # obeyed, then removed by the trainer
    qtbot.waitUntil(lambda: "stopped" in window.title.text(), timeout=10000)
    assert not window.stop_button.isEnabled()
    # Besides the run's own files, only the request's folder (emptied by the trainer) is new.
    added = {p.relative_to(writer.folder.path) for p in writer.folder.path.rglob("*")} - before
    assert {p.parts[0] for p in added} <= {"run.json", "metrics.csv", "steps.csv", "checkpoints", "control"}
    assert not any((writer.folder.path / "control").iterdir())


def test_a_truncated_file_restarts_the_curve_and_a_deleted_folder_is_reported(qtbot, tmp_path, watched):
    writer = Writer(tmp_path / "ws", epochs=3, pace_s=0.0)
    window = watched(writer)
    writer.start()
    writer.join(60)
    qtbot.waitUntil(lambda: len(window.epochs["epoch"]) == 3, timeout=30000)
    total = len(window.steps)
    assert not (writer.folder.path / "control").exists()          # watching alone writes nothing
    rows = writer.folder.read_steps()
    writer.folder.rewrite_steps(rows[:5])
    qtbot.waitUntil(lambda: len(window.steps) == 5, timeout=10000)
    assert total > 5 and "started over" in window.message.text()

    shutil.rmtree(writer.folder.path)
    qtbot.waitUntil(lambda: "gone" in window.message.text(), timeout=10000)
    assert not window.watcher.watching and not window.stop_button.isEnabled()
    qtbot.wait(300)                                   # the poll goes on quietly: no crash, no new message
    assert "gone" in window.message.text()


def test_watching_hands_the_latest_checkpoint_to_the_studio(qtbot, tmp_path, studio_window):
    window = studio_window()
    writer = Writer(tmp_path / "ws", epochs=2, pace_s=0.0)
    writer.start()
    writer.join(60)
    assert window.watched_runs.open(tmp_path / "nowhere") is None
    assert "Cannot watch" in window.status_label.text()
    watch = window.watched_runs.open(writer.folder.path)
    qtbot.waitUntil(lambda: window.controller.has_run and window.state.spec.name == TINY_SPEC.name, timeout=30000)
    assert watch.latest_checkpoint.endswith("latest.pt")

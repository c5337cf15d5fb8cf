"""TimelapsePlayer and its scrubber on their own: sources, a run still recording, what the label says."""
import threading

import pytest

from tests.gui.timelapse_helpers import record_seed_run
from tests.gui.views.test_feature_maps_view import tiny_dataset

from convnet_studio.gui.support.timelapse_player import TimelapsePlayer
from convnet_studio.gui.widgets.timelapse_scrubber import TimelapseScrubber


@pytest.fixture
def scrubber(qtbot):
    widget = TimelapseScrubber(TimelapsePlayer())
    qtbot.addWidget(widget)
    return widget


def test_without_a_time_lapse_the_scrubber_says_so_and_stays_live(scrubber, tmp_path):
    assert scrubber.text() == "Live · no frames yet"
    assert not scrubber.slider.isEnabled() and not scrubber.play_button.isEnabled()
    problem = scrubber.open_folder(str(tmp_path))
    assert problem == f"{tmp_path} has no time-lapse."
    assert scrubber.text() == problem and not scrubber.player.replaying


def test_watching_a_recording_run_picks_up_its_frames(scrubber, tmp_path, qtbot):
    player = scrubber.player
    player.watch(tmp_path)
    assert player.count == 0
    worker = threading.Thread(target=record_seed_run, args=(tmp_path, tiny_dataset()), kwargs={"frames": 6})
    worker.start()
    qtbot.waitUntil(lambda: player.count >= 1, timeout=20000)        # the poll timer found it
    worker.join(60)
    player.stop_watching()
    assert player.count == 6 and scrubber.slider.maximum() == 6
    assert scrubber.text() == "Live · 6 frames"
    assert player.step_by(-1) and player.index == 5
    assert player.step_by(-2) and player.index == 3
    assert player.show_step(10 ** 6) and player.index == 5
    player.go_live()
    assert scrubber.slider.value() == 6 and scrubber.text() == "Live · 6 frames"

"""``--screenshot PATH --view features --replay-step N --replay-dir RUN_DIR``: a picture of a replayed frame."""
import json

from PySide6.QtGui import QImage

from tests.gui.timelapse_helpers import record_seed_run

from convnet_studio.cli import main
from convnet_studio.core.timelapse.store import TimelapseStore


def test_the_screenshot_shows_a_mid_run_frame_of_a_run_folder(qtbot, tmp_path, isolated_settings, tiny_dataset,
                                                              capsys):
    run_dir = tmp_path / "run"
    record_seed_run(run_dir, tiny_dataset(), frames=8)
    store = TimelapseStore(run_dir)
    wanted = store.frames[4].step + 1                      # between two frames: the earlier one is shown
    shot = tmp_path / "shot.png"
    code = main(["--screenshot", str(shot), "--view", "features", "--train-seconds", "0.5", "--size", "1024x640",
                 "--replay-step", str(wanted), "--replay-dir", str(run_dir)])
    out, err = capsys.readouterr()
    assert code == 0, err
    replay = json.loads(out.strip().splitlines()[-1])["replay"]
    assert replay == {"step": store.frames[4].step, "epoch": store.frames[4].epoch, "frame": 4, "frames": 8}
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1024, 640)


def test_a_folder_without_time_lapse_is_refused_before_the_window_opens(tmp_path, capsys):
    code = main(["--screenshot", str(tmp_path / "shot.png"), "--replay-dir", str(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 2 and err.strip() == f"error: {tmp_path} has no time-lapse"
    assert not (tmp_path / "shot.png").exists()


def test_the_screenshot_replays_the_demo_runs_own_time_lapse(qtbot, tmp_path, isolated_settings, capsys):
    shot = tmp_path / "own.png"
    code = main(["--screenshot", str(shot), "--view", "filters", "--train-seconds", "1", "--replay-step", "5"])
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["replay"]["step"] == 5 and result["replay"]["frame"] == 5     # every early step is a frame
    assert result["replay"]["frames"] > 5 and shot.stat().st_size > 1000

"""File ▸ Open time-lapse / Export time-lapse in the window: a kept run folder replays, the GIF has every frame."""
import numpy as np
from PIL import Image

from tests.gui.timelapse_helpers import record_seed_run

from convnet_studio.core.timelapse.store import TimelapseStore


def test_open_a_kept_run_folder_replay_it_and_export_gif_and_pngs(qtbot, studio_window, tiny_dataset, tmp_path):
    window = studio_window()
    run_dir = tmp_path / "run"
    truth = record_seed_run(run_dir, tiny_dataset(), frames=7)
    files = window.timelapse_files
    assert "open_timelapse" in window.actions_by_name and "export_timelapse" in window.actions_by_name

    assert files.open_folder(tmp_path / "nothing") == f"{tmp_path / 'nothing'} has no time-lapse."
    assert window.status_label.text() == f"{tmp_path / 'nothing'} has no time-lapse."

    window.select_view("plots")
    assert files.open_folder(run_dir) == ""                  # shown where a replay can be seen
    filters = window.views["filters"]
    assert window.tabs.currentWidget() is filters
    last = TimelapseStore(run_dir).frames[-1].step
    filters.flush()
    assert np.array_equal(filters._filters[0], truth[last].filters[0])
    assert "7 frames" in window.status_label.text()

    with qtbot.waitSignal(files.exportFinished, timeout=20000) as done:
        files.export(str(tmp_path / "replay.gif"))
    assert done.args[0].startswith("Exported 7 time-lapse frames")
    with Image.open(tmp_path / "replay.gif") as gif:
        assert gif.n_frames == 7

    window.select_view("features")
    with qtbot.waitSignal(files.exportFinished, timeout=20000):
        files.export(str(tmp_path / "maps.png"), pngs=True)
    assert len(list((tmp_path / "maps").glob("frame-*.png"))) == 7


def test_the_window_run_records_a_time_lapse_that_the_scrubber_follows(qtbot, studio_window, tmp_path, monkeypatch):
    from tests.gui.test_run_files import train_until
    monkeypatch.setenv("CONVNET_STUDIO_RUNS", str(tmp_path / "ws"))
    window = studio_window()
    window.select_view("filters")
    probe = window.state.probe_image
    train_until(qtbot, window, lambda s: s.last_metrics is not None and s.last_metrics.steps[-1] >= 5)
    player = window.timelapse_files.player
    assert str(player.run_dir) == window.controller.kept_run_dir
    store = TimelapseStore(window.controller.kept_run_dir)
    assert player.count == len(store) >= 6 and store.steps[:6] == [0, 1, 2, 3, 4, 5]
    assert np.array_equal(store.probe_image, probe.image)            # the image the user was looking at
    assert store.probe_label == probe.label is not None
    scrubber = window.views["filters"].timelapse
    assert scrubber.slider.maximum() == player.count and scrubber.text() == f"Live · {player.count} frames"
    scrubber.slider.setValue(2)
    window.views["filters"].flush()
    assert np.array_equal(window.views["filters"]._filters[0], store.load(2).filters[0])
    assert scrubber.text().startswith("step 2 · epoch 1")

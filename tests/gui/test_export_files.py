"""File ▸ Export model… and Run ▸ Write TensorBoard logs, driven through the window."""
from __future__ import annotations

from PySide6.QtCore import Qt


def train_a_little(qtbot, window, epochs_done=1):
    """Train until ``epochs_done`` epochs have ended, then stop and wait until the run can be saved."""
    state = window.state
    qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.last_epoch is not None and state.last_epoch.epoch >= epochs_done, timeout=60000)
    with qtbot.waitSignal(state.runEnded, timeout=10000):
        qtbot.mouseClick(window.run_panel.buttons["stop"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.actions_by_name["export_model"].isEnabled, timeout=5000)


def export(qtbot, window, fmt, path):
    stages = []
    window.controller.exportProgress.connect(stages.append)
    with qtbot.waitSignal(window.controller.exportFinished, timeout=60000) as done:
        window.export_files.start(fmt, str(path))
    return done.args, stages


def test_the_trained_model_exports_as_onnx_from_the_compute_thread(qtbot, studio_window, tmp_path):
    import onnxruntime as ort
    window = studio_window()
    assert not window.actions_by_name["export_model"].isEnabled()          # nothing trained yet
    window.export_files.dialog()
    assert window.status_label.text() == "There is no trained run to export yet; press Train first."
    train_a_little(qtbot, window)
    (path, message, error), stages = export(qtbot, window, "onnx", tmp_path / "seed.onnx")
    assert error == "" and stages == ["Preparing test images", "Writing onnx", "Checking the export"]
    assert message.startswith("Exported ONNX to seed.onnx: its logits differ from the model's by at most ")
    assert message.endswith(" on 100 random inputs.") and window.status_label.text() == message
    session = ort.InferenceSession(str(tmp_path / "seed.onnx"), providers=["CPUExecutionProvider"])
    assert session.get_inputs()[0].shape[1:] == [3, 32, 32]


def test_a_failed_export_is_one_sentence_in_the_status_bar(qtbot, studio_window, tmp_path):
    window = studio_window()
    train_a_little(qtbot, window)
    out = tmp_path / "out"
    out.mkdir()
    (path, message, error), _ = export(qtbot, window, "script", out / "seed.txt")
    assert message == "" and error == f"The script file {out / 'seed.txt'} should end in .py: it is Python code."
    assert window.status_label.text() == f"Could not export the model: {error}"
    assert list(out.iterdir()) == []
    (path, message, error), _ = export(qtbot, window, "script", out / "seed.py")     # still usable after it
    assert error == "" and sorted(p.name for p in out.iterdir()) == ["seed.py", "seed_weights.pt"]


def test_tensorboard_toggle_is_remembered_and_logs_the_next_run(qtbot, studio_window, isolated_settings, tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    window = studio_window()
    toggle = window.actions_by_name["tensorboard"]
    assert toggle.isCheckable() and not toggle.isChecked() and window.controller.tensorboard_root == ""
    window.tensorboard.log_root = str(tmp_path / "tb")
    toggle.trigger()
    assert toggle.isChecked() and isolated_settings.tensorboard_logs()
    assert window.status_label.text() == f"The next runs write TensorBoard logs to {tmp_path / 'tb'}."
    train_a_little(qtbot, window)
    runs = list((tmp_path / "tb").iterdir())
    assert len(runs) == 1 and runs[0].name.endswith(tuple("0123456789abcdef")) and "-seed-" in runs[0].name
    events = EventAccumulator(str(runs[0])).Reload()
    assert events.Scalars("accuracy/val")[0].step > 0

    again = studio_window()
    assert again.actions_by_name["tensorboard"].isChecked() and again.controller.tensorboard_root
    again.actions_by_name["tensorboard"].trigger()
    assert not isolated_settings.tensorboard_logs() and again.controller.tensorboard_root == ""

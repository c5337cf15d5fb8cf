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
    import os
    from pathlib import Path

    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    workspace = os.environ["CONVNET_STUDIO_RUNS"]
    window = studio_window()
    toggle = window.actions_by_name["tensorboard"]
    assert toggle.isCheckable() and not toggle.isChecked() and not window.controller.tensorboard_logs
    toggle.trigger()
    assert toggle.isChecked() and isolated_settings.tensorboard_logs()
    assert window.status_label.text() == ("The next runs write TensorBoard logs into their run folders; see them all "
                                          f"with tensorboard --logdir {workspace}")
    notes = []
    window.state.runNote.connect(lambda e: notes.append(e.message))
    train_a_little(qtbot, window)
    run_dir = Path(window.controller.kept_run_dir)
    assert run_dir.parent == Path(workspace) and "-seed-" in run_dir.name
    assert f"TensorBoard logs: {run_dir / 'tensorboard'}" in notes
    events = EventAccumulator(str(run_dir / "tensorboard")).Reload()
    assert events.Scalars("accuracy/val")[0].step > 0
    assert sorted(p.name for p in Path(workspace).iterdir()) == [run_dir.name]     # no logs beside the runs

    again = studio_window()
    assert again.actions_by_name["tensorboard"].isChecked() and again.controller.tensorboard_logs
    again.actions_by_name["tensorboard"].trigger()
    assert not isolated_settings.tensorboard_logs() and not again.controller.tensorboard_logs

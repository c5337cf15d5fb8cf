"""``train --tensorboard DIR``: TensorBoard event files beside the printed progress."""
import sys

from .helpers import run_cli


def test_train_writes_tensorboard_events_that_tensorboard_reads(capsys, folder, tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    logs = tmp_path / "tb"
    code, out, err = run_cli(capsys, "train", "--dataset", str(folder), "--epochs", "2", "--batch-size", "8",
                             "--device", "cpu", "--tensorboard", str(logs), "--json")
    assert code == 0, err
    events = EventAccumulator(str(logs)).Reload()
    val = events.Scalars("accuracy/val")
    assert len(val) == 2 and val[0].step < val[1].step
    assert "loss/step" in events.Tags()["scalars"]


def test_a_missing_tensorboard_is_one_error_line_before_any_training(capsys, folder, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorboard", None)
    code, out, err = run_cli(capsys, "train", "--dataset", str(folder), "--epochs", "1",
                             "--tensorboard", str(tmp_path / "tb"))
    assert code == 2 and not out
    assert err == "error: TensorBoard logs need the tensorboard extra: pip install convnet-studio[tensorboard]\n"
    assert not (tmp_path / "tb").exists()


def test_a_file_in_the_way_is_one_error_line(capsys, folder, tmp_path):
    (tmp_path / "tb").write_text("x")
    code, out, err = run_cli(capsys, "train", "--dataset", str(folder), "--epochs", "1",
                             "--tensorboard", str(tmp_path / "tb"))
    assert code == 2 and err == f"error: --tensorboard {tmp_path / 'tb'} is a file; give a folder for the logs\n"

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


def test_tensorboard_without_a_folder_writes_into_the_kept_runs_folder(capsys, folder, tmp_path):
    import json

    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    workspace = tmp_path / "ws"
    code, out, err = run_cli(capsys, "train", "--dataset", str(folder), "--epochs", "2", "--batch-size", "8",
                             "--device", "cpu", "--tensorboard", "--runs-dir", str(workspace), "--json")
    assert code == 0, err
    done = json.loads(out.splitlines()[-1])
    run_dir = workspace / done["run"]
    assert done["tensorboard"] == str(run_dir / "tensorboard")
    assert [p.name for p in workspace.iterdir()] == [done["run"]]          # nothing beside the run folders
    events = EventAccumulator(str(run_dir / "tensorboard")).Reload()
    assert [e.step for e in events.Scalars("accuracy/val")] == [3, 6] and "loss/step" in events.Tags()["scalars"]
    assert any(tag.startswith("filters/") for tag in events.Tags()["images"])

    code, out, err = run_cli(capsys, "train", "--resume-run", done["run"], "--epochs", "3", "--device", "cpu",
                             "--tensorboard", "--runs-dir", str(workspace))
    assert code == 0, err
    assert f"TensorBoard logs in {run_dir / 'tensorboard'}" in out.splitlines()
    steps = [e.step for e in EventAccumulator(str(run_dir / "tensorboard")).Reload().Scalars("accuracy/val")]
    assert steps[-1] == 9 and 6 in steps                                    # the run goes on in the same logs


def test_fine_tuning_an_opened_model_logs_too(capsys, folder, tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    from tests.core.model.external.opened_models import write_python_model
    workspace = tmp_path / "ws"
    code, out, err = run_cli(capsys, "train", "--model", write_python_model(tmp_path), "--trust-code",
                             "--dataset", str(folder), "--epochs", "1", "--batch-size", "8", "--device", "cpu",
                             "--tensorboard", "--runs-dir", str(workspace))
    assert code == 0, err
    (run_dir,) = list(workspace.iterdir())
    events = EventAccumulator(str(run_dir / "tensorboard")).Reload()
    assert len(events.Scalars("accuracy/val")) == 1 and "weights/fc.weight" in events.Tags()["histograms"]


def test_tensorboard_in_the_run_folder_needs_a_kept_run(capsys, folder):
    code, out, err = run_cli(capsys, "train", "--dataset", str(folder), "--epochs", "1", "--tensorboard",
                             "--no-keep")
    assert code == 2 and not out
    assert err == ("error: --tensorboard without a folder writes into the run's folder; with --no-keep give it one "
                   "(--tensorboard DIR)\n")

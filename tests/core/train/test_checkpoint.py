"""Run files: round trip, refusing pickled code and broken files, atomic writes."""
import os
import pickle

import pytest
import torch

from convnet_studio.core.train import checkpoint
from convnet_studio.core.train.checkpoint import CheckpointError, RunState, load_run, save_run
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.trainer import Trainer

from tests.core.toy_training import TINY_SPEC, collect, quadrant_dataset


@pytest.fixture(scope="module")
def run_state():
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=1, batch_size=16, device="cpu", optimizer="adam"),
                      quadrant_dataset())
    collect(trainer)
    return trainer.state_for_checkpoint()


def test_round_trip_keeps_everything(tmp_path, run_state):
    path = tmp_path / "run.pt"
    save_run(path, run_state)
    loaded = load_run(path)
    assert isinstance(loaded, RunState)
    assert loaded.spec == run_state.spec and loaded.config == run_state.config
    assert (loaded.epoch, loaded.step, loaded.dataset_name) == (1, 4, "quadrants")
    assert loaded.history == run_state.history
    assert loaded.model_state.keys() == run_state.model_state.keys()
    assert all(torch.equal(loaded.model_state[k], v) for k, v in run_state.model_state.items())
    assert loaded.optimizer_state["param_groups"] == run_state.optimizer_state["param_groups"]
    for p, state in run_state.optimizer_state["state"].items():
        assert all(torch.equal(loaded.optimizer_state["state"][p][k], v) for k, v in state.items())
    assert loaded.rng_state.keys() == run_state.rng_state.keys()
    for key, value in run_state.rng_state.items():
        same = torch.equal if torch.is_tensor(value) else (lambda a, b: a == b)
        assert same(loaded.rng_state[key], value), key
    assert loaded.progress == run_state.progress


def test_saved_tensors_are_on_the_cpu(tmp_path, run_state):
    save_run(tmp_path / "run.pt", run_state)
    raw = torch.load(tmp_path / "run.pt", weights_only=True)
    assert raw["format"] == checkpoint.FORMAT
    assert isinstance(raw["spec"], dict) and isinstance(raw["config"], dict)
    assert all(v.device.type == "cpu" for v in raw["model_state"].values())


class _Payload:
    """Unpickling this would create the marker file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_pickled_object_is_refused_and_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    torch.save({"format": checkpoint.FORMAT, "version": 1, "spec": _Payload(marker)}, path)
    assert not marker.exists()
    with pytest.raises(CheckpointError, match="contains code; refusing to load it"):
        load_run(path)
    assert not marker.exists()


def test_a_plain_pickle_file_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pkl"
    path.write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(CheckpointError, match="refusing"):
        load_run(path)
    assert not marker.exists()


def test_a_truncated_file_is_refused(tmp_path, run_state):
    path = tmp_path / "run.pt"
    save_run(path, run_state)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="refusing"):
        load_run(path)


@pytest.mark.parametrize("content", [b"", b"hello world", os.urandom(256)])
def test_garbage_is_refused(tmp_path, content):
    path = tmp_path / "junk.pt"
    path.write_bytes(content)
    with pytest.raises(CheckpointError, match="not a ConvNet Studio run file"):
        load_run(path)


def test_a_foreign_torch_file_is_refused(tmp_path):
    path = tmp_path / "weights.pt"
    torch.save({"weight": torch.zeros(3)}, path)
    with pytest.raises(CheckpointError, match="not a ConvNet Studio run file"):
        load_run(path)


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(CheckpointError, match="no such file"):
        load_run(tmp_path / "nope.pt")


def test_a_crash_mid_write_leaves_the_previous_file_intact(tmp_path, run_state, monkeypatch):
    path = tmp_path / "run.pt"
    save_run(path, run_state)
    before = path.read_bytes()

    def crash_halfway(fh, payload):
        fh.write(before[: len(before) // 2])
        raise KeyboardInterrupt("killed mid-save")
    monkeypatch.setattr(checkpoint, "_write_payload", crash_halfway)
    changed = RunState(**{**run_state.__dict__, "step": 999})
    with pytest.raises(KeyboardInterrupt):
        save_run(path, changed)
    assert path.read_bytes() == before
    assert load_run(path).step == run_state.step
    assert [p.name for p in tmp_path.iterdir()] == ["run.pt"]


def test_an_unwritable_place_gives_a_checkpoint_error(tmp_path, run_state):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CheckpointError, match="cannot write"):
        save_run(blocker / "run.pt", run_state)

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


# ------------------------------------------------------------ hand-made and damaged files

def _rewrite(path, change):
    """Load the raw payload, let ``change`` edit it, save it back (keeping the old checksum)."""
    raw = torch.load(path, weights_only=True)
    change(raw)
    torch.save(raw, path)


@pytest.mark.parametrize("change, phrase", [
    (lambda raw: raw.update(config="adam"), "the settings (config) is text"),
    (lambda raw: raw["config"].update(lr="fast"), "the setting 'lr' is text"),
    (lambda raw: raw["config"].update(batch_size=True), "the setting 'batch_size' is true/false"),
    (lambda raw: raw.update(progress={"step_in_epoch": "x"}), "the epoch progress 'step_in_epoch' is text"),
    (lambda raw: raw.update(progress={"step_in_epoch": -3}), "the step within the epoch is negative"),
    (lambda raw: raw.update(epoch="1"), "the epoch count is text"),
    (lambda raw: raw.update(history=[1, 2]), "the history is a list"),
    (lambda raw: raw["history"].update(val_acc="high"), "the history of 'val_acc' is text"),
    (lambda raw: raw["model_state"].update({"0.weight": "w"}), "the weights '0.weight' is text"),
    (lambda raw: raw["optimizer_state"].update(param_groups=[{"params": ["a"]}]), "weight index is text"),
    (lambda raw: raw.update(rng_state={"shuffle": torch.zeros(3, dtype=torch.uint8)}),
     "the random-number state 'shuffle' is not one torch can restore"),
    (lambda raw: raw.update(dataset_name=7), "the dataset name is a whole number"),
])
def test_hand_made_payloads_are_named_damaged(tmp_path, run_state, change, phrase):
    path = tmp_path / "run.pt"
    save_run(path, run_state)
    _rewrite(path, change)
    with pytest.raises(CheckpointError) as info:
        load_run(path)
    message = str(info.value)
    assert message.startswith(f"the run file {path} is damaged") and phrase in message, message


def test_non_finite_weights_are_named_damaged(tmp_path, run_state):
    path = tmp_path / "run.pt"
    save_run(path, RunState(**{**run_state.__dict__, "model_state": {
        k: torch.full_like(v, float("nan")) if v.is_floating_point() else v
        for k, v in run_state.model_state.items()}}))
    with pytest.raises(CheckpointError, match="is damaged .*hold NaN or infinite values"):
        load_run(path)


def test_weights_changed_after_saving_fail_the_checksum(tmp_path, run_state):
    path = tmp_path / "run.pt"
    save_run(path, run_state)

    def nudge(raw):
        weight = raw["model_state"]["0.weight"]
        weight[(0,) * weight.dim()] += 0.5
    _rewrite(path, nudge)
    with pytest.raises(CheckpointError, match="do not match the checksum"):
        load_run(path)


def _tensor_data_spans(path):
    """(start, end) byte ranges of the stored tensor data inside a torch.save zip file."""
    import struct
    import zipfile
    spans, raw = [], path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if "/data/" in info.filename and info.file_size:
                name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
                start = info.header_offset + 30 + name_len + extra_len
                spans.append((start, start + info.file_size))
    return spans


@pytest.mark.parametrize("seed", range(5))
def test_bytes_flipped_inside_the_weights_are_noticed(tmp_path, run_state, seed):
    import random
    path = tmp_path / "run.pt"
    save_run(path, run_state)
    spans = _tensor_data_spans(path)
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    for _ in range(20):
        start, end = rng.choice(spans)
        data[rng.randrange(start, end)] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))
    with pytest.raises(CheckpointError, match="is damaged"):
        load_run(path)


@pytest.mark.parametrize("seed", range(5))
def test_bytes_flipped_anywhere_are_refused_or_harmless(tmp_path, run_state, seed):
    import random
    path = tmp_path / "run.pt"
    save_run(path, run_state)
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    for i in rng.sample(range(len(data)), 20):
        data[i] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))
    try:
        loaded = load_run(path)
    except CheckpointError:
        return
    assert all(torch.equal(loaded.model_state[k], v) for k, v in run_state.model_state.items())


def test_a_file_without_a_checksum_still_loads(tmp_path, run_state):
    path = tmp_path / "run.pt"
    save_run(path, run_state)
    _rewrite(path, lambda raw: raw.pop("tensors_sha256"))
    assert load_run(path).step == run_state.step


def test_the_data_shape_round_trips(tmp_path, run_state):
    path = tmp_path / "run.pt"
    save_run(path, RunState(**{**run_state.__dict__, "input_shape": (3, 8, 8), "num_classes": 2}))
    loaded = load_run(path)
    assert (loaded.input_shape, loaded.num_classes) == ((3, 8, 8), 2)


# ------------------------------------------------------------ saving that fails

def _disk_full(fh, payload):
    try:
        raise OSError(28, "No space left on device")
    except OSError:
        raise RuntimeError("[enforce fail at inline_container.cc:672] . unexpected pos 704 vs 598")


def test_a_full_disk_is_named_not_torchs_message(tmp_path, run_state, monkeypatch):
    monkeypatch.setattr(checkpoint, "_write_payload", _disk_full)
    with pytest.raises(CheckpointError, match="cannot write the run file .*: No space left on device$"):
        save_run(tmp_path / "run.pt", run_state)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_keeps_the_run_beside_it_and_the_previous_file(tmp_path, run_state, monkeypatch):
    path = tmp_path / "run.pt"
    save_run(path, run_state)
    before = path.read_bytes()
    real = checkpoint._write_payload
    calls = []

    def full_once(fh, payload):
        calls.append(1)
        if len(calls) == 1:
            _disk_full(fh, payload)
        real(fh, payload)
    monkeypatch.setattr(checkpoint, "_write_payload", full_once)
    where, problem = checkpoint.save_run_or_fallback(path, RunState(**{**run_state.__dict__, "step": 77}))
    assert path.read_bytes() == before
    assert "No space left on device" in problem
    assert where.parent == tmp_path and where.name.startswith("run.unsaved-") and where.suffix == ".pt"
    assert load_run(where).step == 77


def test_an_unwritable_folder_sends_the_run_to_the_temp_folder(tmp_path, run_state, monkeypatch):
    blocked, spare = tmp_path / "blocked", tmp_path / "spare"
    blocked.mkdir()
    spare.mkdir()
    real = checkpoint.atomic_write

    def read_only(path, write):
        if path.parent == blocked:
            raise OSError(30, "Read-only file system")
        real(path, write)
    monkeypatch.setattr(checkpoint, "atomic_write", read_only)
    monkeypatch.setattr(checkpoint.tempfile, "gettempdir", lambda: str(spare))
    where, problem = checkpoint.save_run_or_fallback(blocked / "run.pt", run_state)
    assert problem == f"cannot write the run file {blocked / 'run.pt'}: Read-only file system"
    assert where.parent == spare and load_run(where).step == run_state.step


def test_nowhere_to_save_says_so(tmp_path, run_state, monkeypatch):
    monkeypatch.setattr(checkpoint, "_write_payload", _disk_full)
    monkeypatch.setattr(checkpoint.tempfile, "gettempdir", lambda: str(tmp_path))
    where, problem = checkpoint.save_run_or_fallback(tmp_path / "run.pt", run_state)
    assert where is None and "No space left" in problem


# ------------------------------------------------------------ resuming elsewhere

@pytest.mark.parametrize("optimizer", ["sgd", "rmsprop", "adamw"])
def test_a_run_resumes_with_another_optimizer_from_a_fresh_state(tmp_path, run_state, optimizer):
    from tests.core.toy_training import collect, quadrant_dataset
    from convnet_studio.core import events as ev
    config = run_state.config.replace(optimizer=optimizer, epochs=2)
    resumed = checkpoint.with_fresh_optimizer(run_state, config)
    assert resumed.optimizer_state["state"] == {} and resumed.config.optimizer == optimizer
    assert all(torch.equal(resumed.model_state[k], v) for k, v in run_state.model_state.items())
    events = collect(Trainer(run_state.spec, config, quadrant_dataset(), resume=resumed))
    assert isinstance(events[-1], ev.RunEnded) and events[-1].reason == "completed", events[-1]


def test_resuming_on_other_data_names_what_differs(run_state):
    known = RunState(**{**run_state.__dict__, "input_shape": (3, 8, 8), "num_classes": 2})
    assert checkpoint.resume_mismatch(known, (3, 8, 8), 2) is None
    assert checkpoint.resume_mismatch(known, (1, 28, 28), 10) == (
        "the run was trained on 2 classes of 3×8×8 inputs, and this data has 10 classes of 1×28×28 inputs")
    # a file that does not record its data: the weights tell
    assert checkpoint.resume_mismatch(run_state, (3, 8, 8), 2) is None
    assert checkpoint.resume_mismatch(run_state, (3, 8, 8), 5) == (
        "the run was trained on 2 classes, and this data has 5")
    assert checkpoint.resume_mismatch(run_state, (1, 8, 8), 2) == (
        "the saved weights 0.weight are 4×3×3×3, and this data needs 4×1×3×3")


# ------------------------------------------------------------ the steps of the epochs

def test_each_epoch_keeps_its_step(tmp_path):
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=2, batch_size=16, device="cpu"), quadrant_dataset())
    collect(trainer)
    save_run(tmp_path / "run.pt", trainer.state_for_checkpoint())
    assert load_run(tmp_path / "run.pt").history["step"] == [4, 8]


def test_an_older_file_gets_the_epoch_steps_from_its_steps_per_epoch(tmp_path, run_state):
    path = tmp_path / "old.pt"
    # stopped 3 steps into epoch 3 of 4 steps each: epochs 1 and 2 ended at steps 4 and 8
    history = {k: v * 2 for k, v in run_state.history.items() if k != "step"}
    history["epoch"] = [1, 2]
    save_run(path, RunState(**{**run_state.__dict__, "epoch": 2, "step": 11, "history": history,
                               "progress": {**run_state.progress, "step_in_epoch": 3}}))
    _rewrite(path, lambda raw: (raw.pop("step_log"), raw.pop("tensors_sha256")))
    loaded = load_run(path)
    assert loaded.history["step"] == [4, 8] and loaded.step_log == {}


def test_resuming_applies_the_new_momentum_and_weight_decay(run_state):
    config = run_state.config.replace(epochs=2, momentum=0.5, weight_decay=0.01)
    trainer = Trainer(run_state.spec, config, quadrant_dataset(), resume=run_state)
    trainer._setup()
    group = trainer.optimizer.param_groups[0]
    assert group["betas"][0] == 0.5 and group["weight_decay"] == 0.01
    assert run_state.config.momentum != 0.5

"""RunRecorder: a training run keeps its folder up to date, and resumes from it exactly."""
from __future__ import annotations

import hashlib

import torch

from convnet_studio.core import events as ev
from convnet_studio.core.runs.folder import RunFolder, RunFolderError
from convnet_studio.core.runs.recorder import RunRecorder
from convnet_studio.core.runs.workspace import list_runs
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.hooks import TrainerHooks
from convnet_studio.core.train.trainer import Trainer
from tests.core.toy_training import FAST, TINY_SPEC, collect, of_type, quadrant_dataset, weights


def _config(**changes):
    return TrainConfig(**{**FAST, "epochs": 2, **changes})


def test_a_run_is_written_as_it_trains_and_listed(tmp_path):
    folder = RunFolder.create(tmp_path, "toy")
    events = collect(Trainer(TINY_SPEC, _config(), quadrant_dataset(), hooks=[RunRecorder(folder)]))
    assert of_type(events, ev.RunEnded)[0].reason == ev.EndReason.COMPLETED
    meta = folder.read_meta()
    assert meta["status"] == "finished" and meta["config"]["epochs"] == 2
    assert meta["dataset"]["name"] == "quadrants" and meta["dataset"]["num_classes"] == 2
    assert meta["spec"]["name"] == "tiny" and meta["metrics"]["final"]["epoch"] == 2
    assert meta["metrics"]["best_epoch"] in (1, 2) and 0 <= meta["metrics"]["best_val_acc"] <= 1
    rows = folder.read_metrics()
    assert [r["epoch"] for r in rows] == [1, 2] and rows[1]["step"] == 16
    assert rows[1]["elapsed_s"] >= rows[0]["elapsed_s"] > 0
    assert [r["step"] for r in folder.read_steps()] == list(range(1, 17))
    assert [r["epoch"] for r in folder.read_steps()] == [1] * 8 + [2] * 8
    assert folder.checkpoint_names() == ["latest", "best"]
    assert folder.load_checkpoint("latest").epoch == 2
    [info] = list_runs(tmp_path)
    assert (info.id, info.status, info.name) == (folder.id, "finished", "toy")


def test_epoch_checkpoints_are_kept_when_asked(tmp_path):
    folder = RunFolder.create(tmp_path)
    collect(Trainer(TINY_SPEC, _config(epochs=3), quadrant_dataset(),
                    hooks=[RunRecorder(folder, epoch_checkpoints=2)]))
    assert "epoch-2" in folder.checkpoint_names() and "epoch-1" not in folder.checkpoint_names()
    assert folder.load_checkpoint("epoch-2").epoch == 2


class _StopAt(TrainerHooks):
    """Notes the latest checkpoint's position at each step; the test stops iterating at ``step``."""

    def __init__(self, folder):
        self.folder, self.seen = folder, []

    def on_step_end(self, trainer):
        path = self.folder.checkpoint_path("latest")
        if path.exists():
            state = self.folder.load_checkpoint("latest")
            self.seen.append((trainer.step, state.step, state.progress.get("step_in_epoch", 0)))


def test_a_mid_epoch_checkpoint_resumes_exactly(tmp_path):
    data, config = quadrant_dataset(), _config(epochs=2, augment="flip+crop")
    whole = Trainer(TINY_SPEC, config, data)
    collect(whole)

    folder = RunFolder.create(tmp_path)
    spy = _StopAt(folder)
    trainer = Trainer(TINY_SPEC, config, data, hooks=[RunRecorder(folder, checkpoint_every_s=0), spy])
    for event in trainer.run():          # walks away in step 12 (mid-epoch 2), like a killed process
        if isinstance(event, ev.BatchMetrics) and int(event.steps[-1]) == 12:
            break
    assert (11, 11, 3) in spy.seen       # a checkpoint at step 11, three steps into epoch 2
    state = folder.load_checkpoint("latest")  # written once more as the generator closed
    assert state.step == 12 and state.progress["step_in_epoch"] == 4
    assert folder.read_meta()["status"] == "stopped"

    resumed = Trainer(TINY_SPEC, config, data, resume=state, hooks=[RunRecorder(folder)])
    collect(resumed)
    for key, value in weights(whole).items():
        assert torch.equal(value, weights(resumed)[key]), key
    assert resumed.history["val_acc"] == whole.history["val_acc"]


def test_a_failed_write_is_one_note_and_training_goes_on(tmp_path, monkeypatch):
    folder = RunFolder.create(tmp_path)

    def full(*args, **kwargs):
        raise RunFolderError(f"cannot write {folder.path}/checkpoints/latest.pt: No space left on device")
    monkeypatch.setattr(folder, "save_checkpoint", full)
    recorder = RunRecorder(folder)
    events = collect(Trainer(TINY_SPEC, _config(epochs=3), quadrant_dataset(), hooks=[recorder]))
    notes = of_type(events, ev.RunNote)
    assert len(notes) == 1 and "No space left on device" in notes[0].message
    assert "training goes on" in notes[0].message
    assert of_type(events, ev.RunEnded)[0].reason == ev.EndReason.COMPLETED
    assert len(of_type(events, ev.EpochEnd)) == 3
    assert recorder.failed and "No space left" in recorder.failed


def test_a_run_that_fails_before_it_starts_is_recorded_as_failed(tmp_path):
    folder = RunFolder.create(tmp_path)
    recorder = RunRecorder(folder)
    bad = TINY_SPEC.replace_layer(0, TINY_SPEC.layers[0].__class__(out_channels=4, kernel_size=99))
    events = collect(Trainer(bad, _config(), quadrant_dataset(), hooks=[recorder]))
    assert recorder.finish(of_type(events, ev.RunEnded)[0]) is None
    meta = folder.read_meta()
    assert meta["status"] == "failed" and meta["message"]


class _BatchHashes(TrainerHooks):
    """A hash of every training batch the model sees (after normalising and augmenting)."""

    def __init__(self):
        self.hashes = []

    def on_run_start(self, trainer):
        def spy(module, inputs):
            if module.training:
                self.hashes.append(hashlib.sha256(inputs[0].detach().cpu().numpy().tobytes()).hexdigest())
        trainer.model.register_forward_pre_hook(spy)


def test_same_seed_runs_see_identical_batches_and_augmentation():
    data = quadrant_dataset()
    seen = []
    for changes in ({"lr": 1e-3}, {"lr": 1e-1, "optimizer": "sgd"}, {"lr": 1e-3, "seed": 1}):
        spy = _BatchHashes()
        collect(Trainer(TINY_SPEC, _config(augment="flip+crop", **changes), data, hooks=[spy]))
        seen.append(spy.hashes)
    assert len(seen[0]) == 16 and len(set(seen[0])) == 16
    assert seen[0] == seen[1]            # another lr and optimizer: the same batches, same augmentation
    assert seen[0] != seen[2]            # another seed: other batches

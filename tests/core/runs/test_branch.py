"""Branching a child run from a parent's checkpoint, and resuming a run in its own folder."""
from __future__ import annotations

import pytest
import torch

from convnet_studio.core.runs.branch import branch_source, resume_run, start_branch
from convnet_studio.core.runs.folder import RunFolder, RunFolderError
from convnet_studio.core.runs.recorder import RunRecorder
from convnet_studio.core.runs.workspace import list_runs
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.trainer import Trainer
from tests.core.runs.test_recorder import _BatchHashes
from tests.core.toy_training import FAST, TINY_SPEC, collect, quadrant_dataset


class _StartWeights(_BatchHashes):
    def on_run_start(self, trainer):
        self.start = {k: v.detach().clone() for k, v in trainer.model.state_dict().items()}
        return super().on_run_start(trainer)


@pytest.fixture
def parent(tmp_path):
    folder = RunFolder.create(tmp_path, "parent")
    config = TrainConfig(**FAST, epochs=2, augment="flip")
    collect(Trainer(TINY_SPEC, config, quadrant_dataset(), hooks=[RunRecorder(folder, epoch_checkpoints=1)]))
    return folder


def _branch(tmp_path, ref, name, **changes):
    source = branch_source(tmp_path, ref)
    config = source.state.config.replace(**changes)
    child, state = start_branch(tmp_path, source, config, name)
    spy = _StartWeights()
    collect(Trainer(state.spec, config, quadrant_dataset(), resume=state, hooks=[RunRecorder(child), spy]))
    return child, spy


def test_a_branch_keeps_the_parents_weights_and_history_and_names_it(tmp_path, parent):
    before = (parent.path / "metrics.csv").read_text()
    child, spy = _branch(tmp_path, f"{parent.id}:epoch-1", "faster", lr=1e-2, epochs=3)
    saved = parent.load_checkpoint("epoch-1").model_state
    for key, value in saved.items():
        assert torch.equal(spy.start[key], value), key
    meta = child.read_meta()
    assert meta["parent"] == {"id": parent.id, "checkpoint": "epoch-1", "epoch": 1, "step": 8}
    assert meta["status"] == "finished" and meta["config"]["lr"] == 1e-2 and meta["name"] == "faster"
    rows = child.read_metrics()
    assert [r["epoch"] for r in rows] == [1, 2, 3]
    assert rows[0] == parent.read_metrics()[0]                     # the parent's history, kept
    assert rows[1]["lr"] == pytest.approx(1e-2)
    assert [r["step"] for r in child.read_steps()] == list(range(1, 25))
    assert (parent.path / "metrics.csv").read_text() == before     # the parent is left as it was
    listed = {i.id: i for i in list_runs(tmp_path)}
    assert listed[child.id].parent["id"] == parent.id


def test_two_branches_of_one_checkpoint_see_the_same_batches(tmp_path, parent):
    _, a = _branch(tmp_path, f"{parent.id}:best", "a", lr=1e-2, epochs=3)
    _, b = _branch(tmp_path, f"{parent.id}:best", "b", lr=1e-4, epochs=3, optimizer="sgd")
    assert a.hashes == b.hashes and len(a.hashes) >= 8


def test_a_branch_that_cannot_train_is_refused_before_a_folder_is_made(tmp_path, parent):
    source = branch_source(tmp_path, parent.id)
    with pytest.raises(RunFolderError, match="nothing to train"):
        start_branch(tmp_path, source, source.state.config)
    with pytest.raises(RunFolderError, match="no epoch-7 checkpoint"):
        branch_source(tmp_path, f"{parent.id}:epoch-7")
    assert [i.id for i in list_runs(tmp_path)] == [parent.id]


def test_resume_run_cuts_the_history_back_to_the_checkpoint(tmp_path, parent):
    parent.copy_checkpoint("epoch-1", "latest")        # as if killed after epoch 2's rows, before its checkpoint
    state = resume_run(parent)
    assert state.epoch == 1
    assert [r["epoch"] for r in parent.read_metrics()] == [1]
    assert max(r["step"] for r in parent.read_steps()) == 8
    assert parent.read_meta()["resumed"][0]["step"] == 8


def test_a_run_continued_from_a_file_starts_its_folder_with_the_files_history(tmp_path, parent):
    from convnet_studio.core.runs.branch import write_history
    state = parent.load_checkpoint("latest")           # what a run file holds
    folder = RunFolder.create(tmp_path, "from a file")
    write_history(folder, state)
    assert folder.read_metrics() == parent.read_metrics()
    assert folder.read_steps() == parent.read_steps()

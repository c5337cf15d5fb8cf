"""Fine-tuning an opened model: new head for the dataset, head-only training, saved and reloaded runs."""
from __future__ import annotations

import torch

from convnet_studio.core import events as ev
from convnet_studio.core.model.external import source_for
from convnet_studio.core.train.checkpoint import load_run, save_run
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.finetune import FineTune
from convnet_studio.core.train.trainer import Trainer

from tests.core.model.external.opened_models import write_python_model
from tests.core.toy_training import collect, of_type, quadrant_dataset

CONFIG = TrainConfig(epochs=1, batch_size=16, lr=0.05, optimizer="sgd", device="cpu", metrics_hz=1000)


def _weights(model):
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def test_head_only_changes_only_the_head_weights():
    data = quadrant_dataset(n_train=32, n_val=8, size=32, classes=3)
    factory = FineTune(source_for("resnet18"), head_only=True)
    torch.manual_seed(0)
    trainer = Trainer(None, CONFIG, data, model_factory=factory)
    original = {}
    events = []
    for event in trainer.run():
        if not original and trainer.model is not None:     # the weights right after set-up
            original.update(_weights(trainer.model))
        events.append(event)
    assert of_type(events, ev.RunEnded)[-1].reason == ev.EndReason.COMPLETED
    after = _weights(trainer.model)
    changed = {k for k in after if not torch.equal(after[k], original[k])}
    assert changed == {"fc.weight", "fc.bias"}
    assert trainer.model.fc.out_features == 3


def test_all_layers_train_the_body_too():
    data = quadrant_dataset(n_train=32, n_val=8, size=32, classes=2)
    trainer = Trainer(None, CONFIG, data, model_factory=FineTune(source_for("mobilenet_v3_small")))
    events = collect(trainer)
    assert of_type(events, ev.RunEnded)[-1].reason == ev.EndReason.COMPLETED
    assert trainer.model.classifier[3].out_features == 2
    assert all(p.requires_grad for p in trainer.model.parameters())
    state = trainer.state_for_checkpoint()
    assert state.spec is None and state.model_source["name"] == "mobilenet_v3_small"


def test_a_run_of_an_opened_model_saves_and_reloads_with_its_source(tmp_path):
    data = quadrant_dataset(n_train=16, n_val=8, size=16, classes=2)
    factory = FineTune(source_for(write_python_model(tmp_path), trust_code=True), head_only=True)
    trainer = Trainer(None, CONFIG, data, model_factory=factory)
    collect(trainer)
    path = tmp_path / "run.pt"
    save_run(path, trainer.state_for_checkpoint())
    run = load_run(path)
    assert run.spec is None and FineTune.from_dict(run.model_source) == factory
    model = FineTune.from_dict(run.model_source)(data.input_shape, data.num_classes)
    model.load_state_dict(run.model_state)
    assert torch.equal(model.fc.weight, trainer.model.fc.weight)
    resumed = Trainer(None, CONFIG.replace(epochs=2), data, resume=run, model_factory=factory)
    events = collect(resumed)
    assert of_type(events, ev.EpochEnd)[-1].epoch == 2


def test_a_model_that_cannot_take_the_data_ends_the_run_with_one_sentence():
    data = quadrant_dataset(n_train=16, n_val=8, size=16, classes=2, channels=1)
    events = collect(Trainer(None, CONFIG, data, model_factory=FineTune(source_for("resnet18"))))
    end = of_type(events, ev.RunEnded)[-1]
    assert end.reason == ev.EndReason.ERROR and "channel" in end.message and "\n" not in end.message

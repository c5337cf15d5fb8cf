"""The ``script`` export: readable PyTorch code that holds the studio's network, data and training recipe."""
import json
import subprocess
import sys

import pytest
import torch

from convnet_studio.core.data.shapes import make_shapes
from convnet_studio.core.export import ExportError, ExportTarget, export, target_from_state
from convnet_studio.core.export.script import load_script_module, script_source, weights_path
from convnet_studio.core.model.builder import build
from convnet_studio.core.model.layers import LAYER_KINDS
from convnet_studio.core.model.spec import ModelSpec
from convnet_studio.core.train.checkpoint import RunState
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.trainer import Trainer

from ..toy_training import TINY_SPEC, TINY_SPEC_2CONV, collect

#: Every layer kind once (two Residual blocks: with and without a projection shortcut).
ALL_KINDS = ModelSpec.from_dict({"name": "every kind", "layers": [
    {"type": "conv2d", "out_channels": 8, "kernel_size": 3, "stride": 1, "padding": 1, "bias": False},
    {"type": "batchnorm"}, {"type": "activation", "fn": "leaky_relu"},
    {"type": "residual", "out_channels": 8, "stride": 1}, {"type": "residual", "out_channels": 12, "stride": 2},
    {"type": "groupnorm", "groups": 4}, {"type": "activation", "fn": "gelu"},
    {"type": "pool", "mode": "avg", "kernel_size": 2, "stride": 2},
    {"type": "conv2d", "out_channels": 6, "kernel_size": 3}, {"type": "activation", "fn": "elu"},
    {"type": "pool", "mode": "max", "kernel_size": 2, "stride": 1}, {"type": "dropout", "p": 0.2},
    {"type": "flatten"}, {"type": "linear", "out_features": 16}, {"type": "batchnorm"},
    {"type": "activation", "fn": "tanh"}, {"type": "linear", "out_features": 12},
    {"type": "activation", "fn": "sigmoid"}, {"type": "activation", "fn": "relu"},
    {"type": "linear", "out_features": "classes"}]})


def _perturbed(model):
    """``model`` with every weight and batch-norm statistic moved off its initial value."""
    g = torch.Generator().manual_seed(3)
    with torch.no_grad():
        for key, value in model.state_dict().items():
            if value.is_floating_point():
                value.add_(torch.rand(value.shape, generator=g) * 0.2)
    return model.eval()


def _target(spec, config=TrainConfig(), dataset="shapes", shape=(3, 32, 32), classes=10):
    from convnet_studio.core.data.shapes import CLASS_NAMES
    model = _perturbed(build(spec, shape, classes))
    run = RunState(spec, config, model.state_dict(), {}, 0, 0, {}, {}, dataset)
    return target_from_state(run, dataset, shape, classes, tuple(CLASS_NAMES)[:classes], "run.pt")


def test_every_layer_kind_declares_its_code():
    assert all(kind.code is not None for kind in LAYER_KINDS)
    tested = {layer.kind for spec in (ALL_KINDS, TINY_SPEC) for layer in spec.layers}
    assert tested == {kind.name for kind in LAYER_KINDS}


@pytest.mark.parametrize("spec", [ALL_KINDS, TINY_SPEC], ids=["all-kinds", "global-avg-pool"])
def test_script_net_with_the_exported_weights_gives_the_models_logits(tmp_path, spec):
    target = _target(spec)
    output = tmp_path / "net.py"
    result = export(target, "script", output)
    assert result.files == (output, weights_path(output))
    assert result.max_abs_diff <= 1e-4 and result.checked_on == "100 shapes test images"

    text = output.read_text()
    assert "convnet_studio" not in text and "pickle" not in text
    assert "class Net(nn.Module):" in text
    if spec is ALL_KINDS:
        assert "self.res4 = ResidualBlock(8, 12, stride=2)" in text and "x = F.leaky_relu(x)" in text
        assert "self.fc19 = nn.Linear(12, num_classes)" in text
    else:
        assert "x = x.mean(dim=(2, 3))" in text
    module = load_script_module(output)
    net = module.Net()
    net.load_state_dict(torch.load(weights_path(output), weights_only=True))
    inputs = torch.randn(9, 3, 32, 32, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        assert torch.allclose(net.eval()(inputs), target.model(inputs), atol=1e-4, rtol=0)


def test_the_scripts_seeded_network_starts_from_the_studios_initial_weights(tmp_path):
    output = tmp_path / "net.py"
    text, _ = script_source(_target(ALL_KINDS, TrainConfig(seed=5)), output)
    output.write_text(text)
    module = load_script_module(output)
    torch.manual_seed(5)
    studio = build(ALL_KINDS, (3, 32, 32), 10).state_dict()
    torch.manual_seed(5)
    script = module.Net(10).state_dict()
    assert len(script) == len(studio)
    for (_, mine), (_, theirs) in zip(script.items(), studio.items()):
        assert torch.equal(mine, theirs)


def test_the_scripts_shapes_are_the_studios_images(tmp_path):
    output = tmp_path / "net.py"
    text, _ = script_source(_target(TINY_SPEC_2CONV), output)
    output.write_text(text)
    train_x, train_y, val_x, val_y = load_script_module(output).load_data(None, 40, 20)
    data = make_shapes(40, 20)
    for mine, theirs in ((train_x, data.train_x), (train_y, data.train_y), (val_x, data.val_x), (val_y, data.val_y)):
        assert torch.equal(mine, theirs)


@pytest.mark.parametrize("config", [
    TrainConfig(optimizer="sgd", lr=0.05, nesterov=True, schedule="cosine", warmup_epochs=0.5, augment="flip+crop",
                loss="mse", label_smoothing=0.1),
    TrainConfig(optimizer="rmsprop", schedule="step", step_every=1, step_gamma=0.5, augment="crop"),
    TrainConfig(optimizer="adamw", schedule="onecycle", weight_decay=0.01, augment="flip"),
])
def test_each_recipe_writes_a_script_that_compiles(tmp_path, config):
    output = tmp_path / "net.py"
    text, _ = script_source(_target(TINY_SPEC_2CONV, config), output)
    compile(text, str(output), "exec")
    assert f"'optimizer': {config.optimizer!r}" in text and ("def augment(" in text) == (config.augment != "none")


@pytest.mark.parametrize("config, sizes", [
    (TrainConfig(epochs=2, batch_size=16, lr=3e-3, augment="flip", schedule="cosine", device="cpu"), (400, 300)),
    (TrainConfig(epochs=1, batch_size=16, lr=3e-3, augment="crop", precision="fp16", device="cpu"), (160, 100)),
], ids=["fp32", "fp16-loss-scaling"])
def test_script_trains_to_the_studios_accuracy_in_a_subprocess(tmp_path, config, sizes):
    """The same recipe on the same shapes, in the studio and in the script: it retraces the studio's run.

    Tolerances: 0.05 in validation accuracy (about two standard errors on 300 images) and 0.02
    in each epoch's training loss; on the same device the figures come out (nearly) equal.
    """
    data = make_shapes(*sizes)
    trainer = Trainer(TINY_SPEC_2CONV, config, data)
    collect(trainer)
    studio_acc = trainer.history["val_acc"][-1]
    run = trainer.state_for_checkpoint()
    target = target_from_state(run, "shapes", data.input_shape, data.num_classes, data.class_names, "run.pt")
    output = tmp_path / "tiny.py"
    export(target, "script", output)

    done = subprocess.run([sys.executable, str(output), "--epochs", str(config.epochs), "--train-size", str(sizes[0]),
                           "--val-size", str(sizes[1]), "--device", "cpu", "--json", "--save", str(tmp_path / "w.pt")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr
    epochs = [json.loads(line) for line in done.stdout.splitlines()]
    assert [e["epoch"] for e in epochs] == list(range(1, config.epochs + 1))
    assert abs(epochs[-1]["val_acc"] - studio_acc) <= 0.05, (epochs, trainer.history)
    for mine, theirs in zip([e["train_loss"] for e in epochs], trainer.history["train_loss"]):
        assert abs(mine - theirs) <= 0.02, (epochs, trainer.history)
    if config.epochs > 1:
        assert epochs[-1]["train_loss"] < epochs[0]["train_loss"]        # it trains, not only runs
    assert (tmp_path / "w.pt").is_file()


def test_only_spec_networks_become_scripts(tmp_path):
    target = ExportTarget(torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(12, 2)), (3, 2, 2))
    with pytest.raises(ExportError, match="only a network built in the studio"):
        export(target, "script", tmp_path / "model.py")
    assert list(tmp_path.iterdir()) == []


def test_a_script_must_be_named_py(tmp_path):
    with pytest.raises(ExportError, match="should end in .py"):
        export(_target(TINY_SPEC_2CONV), "script", tmp_path / "model.txt")
    assert list(tmp_path.iterdir()) == []


def test_the_scripts_mnist_comes_from_torchvision_as_the_studio_reads_it(tmp_path):
    from convnet_studio.core.data.sources import load_dataset

    from ..data.test_torchvision_sets import _write_mnist
    _write_mnist(tmp_path / "data", "mnist", n_train=12, n_test=5, gz=False)
    studio = load_dataset("mnist", data_root=tmp_path / "data", download=False)
    spec = ModelSpec.from_dict({"name": "mlp", "layers": [{"type": "flatten"}, {"type": "linear", "out_features": "classes"}]})
    output = tmp_path / "mlp.py"
    text, _ = script_source(_target(spec, dataset="mnist", shape=(1, 28, 28)), output)
    assert "torchvision.datasets.MNIST(data_root, train=True, download=True)" in text
    output.write_text(text)
    train_x, train_y, val_x, val_y = load_script_module(output).load_data(str(tmp_path / "data"))
    for mine, theirs in ((train_x, studio.train_x), (train_y, studio.train_y), (val_x, studio.val_x),
                         (val_y, studio.val_y)):
        assert mine.dtype == theirs.dtype and torch.equal(mine, theirs)

"""Opening torchvision, TorchScript and Python models, and the one-sentence refusals."""
from __future__ import annotations

import pytest
import torch

from convnet_studio.core.model.external import ModelSource, ModelSourceError, open_model, source_for
from convnet_studio.core.model.external import torchvision_models
from convnet_studio.core.model.external.layers import discover_layers

from tests.core.model.external.opened_models import SIZE, opened, write_python_model, write_script_model


def one_sentence(text: str) -> bool:
    return "\n" not in text and "Traceback" not in text and len(text) < 400


def test_torchvision_name_opens_with_imagenet_metadata():
    model = opened("resnet18")
    assert model.source.kind == "torchvision"
    assert model.meta.input_shape == (3, SIZE, SIZE)
    assert model.meta.num_classes == 1000
    assert model.meta.class_names[:2] == ("tench", "goldfish")
    assert model.meta.mean == pytest.approx((0.485, 0.456, 0.406))
    assert not model.module.training


def test_torchvision_default_input_size_comes_from_the_weights_metadata(monkeypatch):
    calls = []
    monkeypatch.setattr(torchvision_models, "probe_output", lambda m, shape, title: calls.append(shape) or 1000)
    open_model(source_for("resnet18"))
    assert calls == [(3, 224, 224)]


def test_weights_file_round_trips_and_another_architecture_is_named(tmp_path):
    model = opened("resnet18").module
    path = tmp_path / "r18.pth"
    torch.save(model.state_dict(), path)
    again = open_model(source_for("resnet18", weights=str(path), input_size=SIZE)).module
    assert torch.equal(again.conv1.weight, model.conv1.weight)
    with pytest.raises(ModelSourceError) as err:
        open_model(source_for("resnet34", weights=str(path), input_size=SIZE))
    text = str(err.value)
    assert one_sentence(text) and "another architecture" in text and "layer1.2" in text and "more" in text


def test_corrupt_weights_file_is_one_sentence(tmp_path):
    path = tmp_path / "bad.pth"
    path.write_bytes(b"not a zip at all" * 10)
    with pytest.raises(ModelSourceError) as err:
        open_model(source_for("resnet18", weights=str(path), input_size=SIZE))
    assert one_sentence(str(err.value)) and "bad.pth" in str(err.value)


def test_pretrained_offline_says_which_file_to_put_where(monkeypatch, tmp_path):
    monkeypatch.setattr(torch.hub, "get_dir", lambda: str(tmp_path))
    with pytest.raises(ModelSourceError) as err:
        open_model(source_for("resnet18", weights="pretrained"))
    text = str(err.value)
    assert one_sentence(text) and "resnet18-f37072fd.pth" in text and str(tmp_path / "checkpoints") in text


def test_an_input_size_the_model_cannot_take_is_one_sentence():
    with pytest.raises(ModelSourceError) as err:
        open_model(source_for("vit_b_16", input_size=SIZE))
    assert one_sentence(str(err.value)) and "cannot take 3×64×64 inputs" in str(err.value)


def test_unknown_name_and_unknown_kind():
    with pytest.raises(ModelSourceError, match="neither a torchvision model"):
        source_for("resnet9000")
    with pytest.raises(ModelSourceError, match="no classification model"):
        open_model(ModelSource(kind="torchvision", name="resnet9000"))


def test_torchscript_file_opens_and_a_corrupt_one_is_refused(tmp_path):
    model = open_model(source_for(write_script_model(tmp_path), input_size=16))
    assert model.source.kind == "torchscript" and model.meta.num_classes == 3
    layers = discover_layers(model.module, model.meta.input_shape)
    assert [(l.path, l.output_shape) for l in layers][:2] == [("0", (4, 16, 16)), ("1", (4, 16, 16))]
    bad = tmp_path / "broken.pt"
    bad.write_bytes(open(model.source.name, "rb").read()[:200])
    with pytest.raises(ModelSourceError) as err:
        open_model(source_for(str(bad)))
    assert one_sentence(str(err.value)) and "not a TorchScript model file" in str(err.value)


def test_python_file_is_refused_without_trust_and_opens_with_it(tmp_path):
    path = write_python_model(tmp_path)
    marker = tmp_path / "ran"
    with open(path, "a") as fh:
        fh.write(f"\nopen({str(marker)!r}, 'w').close()\n")
    with pytest.raises(ModelSourceError) as err:
        open_model(source_for(path, input_size=16))
    assert one_sentence(str(err.value)) and "trust" in str(err.value)
    assert not marker.exists()                      # refused before any of it ran
    model = open_model(source_for(path, trust_code=True, input_size=16))
    assert marker.exists()
    assert model.source.kind == "python" and model.meta.num_classes == 5
    assert model.meta.class_names == tuple(f"class {i}" for i in range(5))


def test_source_record_round_trips_as_plain_data():
    source = source_for("resnet18", weights="w.pth", input_size=96)
    assert ModelSource.from_dict(source.to_dict()) == source
    with pytest.raises(ModelSourceError):
        ModelSource.from_dict({"name": 3})


def test_feature_maps_of_a_script_sequential_and_a_clear_refusal_inside_other_script_modules(tmp_path):
    from convnet_studio.core.inspect.probes import feature_maps
    seq = open_model(source_for(write_script_model(tmp_path), input_size=8)).module
    maps = feature_maps(seq, torch.zeros(3, 8, 8), layers=["0", "2"])
    assert maps["0"].shape == (4, 8, 8) and maps["2"].shape == (4, 1, 1)
    net = open_model(source_for(write_script_model(tmp_path, sequential=False), input_size=8)).module
    with pytest.raises(ValueError, match="only when it is an nn.Sequential"):
        feature_maps(net, torch.zeros(3, 8, 8), layers=["features"])

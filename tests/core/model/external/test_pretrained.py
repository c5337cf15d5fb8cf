"""torchvision's pretrained weights: taken from torch hub's cache without network, downloaded into
it (hash-checked, with progress) when missing, and one sentence naming the file and folder offline."""
from __future__ import annotations

import io

import pytest
import torch
import torchvision

from convnet_studio.core.errors import one_sentence
from convnet_studio.core.model.external import ModelSourceError, open_model, source_for
from convnet_studio.core.model.external.pretrained import fetch_pretrained, pretrained_weights
from tests.core.model.external.pretrained_fakes import hub_checkpoints, offline, serving, weights_named_for


def _state_bytes(state) -> bytes:
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return buffer.getvalue()


def test_the_weights_enum_names_the_file_its_size_and_torch_hubs_folder(monkeypatch, tmp_path):
    checkpoints = hub_checkpoints(monkeypatch, tmp_path)
    weights = pretrained_weights("resnet18")
    assert weights.file == checkpoints / "resnet18-f37072fd.pth" and weights.hash_prefix == "f37072fd"
    assert weights.url.endswith("/resnet18-f37072fd.pth") and 40 < weights.size_mb < 50 and not weights.cached
    assert pretrained_weights("no_such_net") is None


def test_a_file_in_the_hub_cache_opens_without_network_with_the_enums_metadata(monkeypatch, tmp_path):
    checkpoints = hub_checkpoints(monkeypatch, tmp_path)
    tried = offline(monkeypatch)
    torch.manual_seed(3)
    saved = torchvision.models.mobilenet_v3_small().state_dict()
    checkpoints.mkdir(parents=True)
    torch.save(saved, checkpoints / "mobilenet_v3_small-047dcff4.pth")

    assert fetch_pretrained("mobilenet_v3_small") == checkpoints / "mobilenet_v3_small-047dcff4.pth"
    opened = open_model(source_for("mobilenet_v3_small", weights="pretrained"))
    assert not tried
    own = opened.module.state_dict()
    assert own.keys() == saved.keys() and all(torch.equal(own[k], saved[k]) for k in saved)
    meta = opened.meta
    assert meta.input_shape == (3, 224, 224) and meta.class_names[0] == "tench" and meta.num_classes == 1000
    assert meta.mean == pytest.approx((0.485, 0.456, 0.406)) and meta.std == pytest.approx((0.229, 0.224, 0.225))


def test_offline_the_download_is_one_sentence_naming_the_file_and_the_folder(monkeypatch, tmp_path):
    checkpoints = hub_checkpoints(monkeypatch, tmp_path)
    tried = offline(monkeypatch)
    with pytest.raises(ModelSourceError) as err:
        fetch_pretrained("resnet18")
    text = str(err.value)
    assert tried == ["https://download.pytorch.org/models/resnet18-f37072fd.pth"]
    assert one_sentence(text) == text[0].upper() + text[1:] + "." and "\n" not in text
    assert f"named resnet18-f37072fd.pth, into {checkpoints}" in text and "Network is unreachable" in text
    assert not checkpoints.exists() or not any(checkpoints.iterdir())      # no partial file left


def test_a_download_lands_in_the_cache_hash_checked_with_progress(monkeypatch, tmp_path):
    checkpoints = hub_checkpoints(monkeypatch, tmp_path)
    torch.manual_seed(4)
    state = torchvision.models.mobilenet_v3_small().state_dict()
    payload = _state_bytes(state)
    weights = weights_named_for(monkeypatch, payload)
    asked = serving(monkeypatch, payload)
    reports = []
    path = fetch_pretrained("mobilenet_v3_small", progress=lambda done, total, message: reports.append((done, total)))
    assert asked == [weights.url] and path == weights.file and path.parent == checkpoints
    assert path.read_bytes() == payload and [p.name for p in checkpoints.iterdir()] == [path.name]
    assert len(reports) > 3 and reports[-1] == (len(payload), len(payload))
    assert [d for d, _ in reports] == sorted(d for d, _ in reports)

    serving(monkeypatch, b"not these bytes")
    path.unlink()
    with pytest.raises(ModelSourceError, match="arrived damaged"):
        fetch_pretrained("mobilenet_v3_small")
    assert not any(checkpoints.iterdir())


def test_opening_never_downloads(monkeypatch, tmp_path):
    hub_checkpoints(monkeypatch, tmp_path)
    tried = offline(monkeypatch)
    with pytest.raises(ModelSourceError, match="not on this computer"):
        open_model(source_for("resnet18", weights="pretrained"))
    assert not tried

"""A torch hub cache in a temporary folder, and a network that is absent or serves given bytes."""
from __future__ import annotations

import hashlib
import io
import time
import urllib.error
import urllib.request
from pathlib import Path

from convnet_studio.core.util import download as download_module
from convnet_studio.core.model.external import pretrained, torchvision_models


def hub_checkpoints(monkeypatch, tmp_path) -> Path:
    """Point torch hub's cache at ``tmp_path/torch/hub``; returns its (not yet made) checkpoints folder."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    return tmp_path / "torch" / "hub" / "checkpoints"


def offline(monkeypatch) -> list:
    """Every download fails as without a network (URLError); returns the URLs that were tried."""
    tried = []

    def no_network(request, *args, **kwargs):
        tried.append(getattr(request, "full_url", request))
        raise urllib.error.URLError(OSError(101, "Network is unreachable"))

    monkeypatch.setattr(download_module, "_check_host", lambda url, timeout: None)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    return tried


class _Response(io.BytesIO):
    def __init__(self, payload: bytes, delay_s: float):
        super().__init__(payload)
        self.headers = {"Content-Length": str(len(payload))}
        self.delay_s = delay_s

    def read(self, size=-1):
        time.sleep(self.delay_s)
        return super().read(min(size, 1 << 16) if size and size > 0 else size)


def serving(monkeypatch, payload: bytes, delay_s: float = 0.0) -> list:
    """Downloads receive ``payload`` (in 64 KiB pieces, ``delay_s`` apart); returns the URLs asked for."""
    asked = []

    def urlopen(request, *args, **kwargs):
        asked.append(request.full_url)
        return _Response(payload, delay_s)

    monkeypatch.setattr(download_module, "_check_host", lambda url, timeout: None)
    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return asked


def weights_named_for(monkeypatch, payload: bytes, name: str = "mobilenet_v3_small") -> pretrained.PretrainedWeights:
    """Make ``name``'s pretrained weights a file whose name carries ``payload``'s hash (as torch hub's do)."""
    import torch
    real = pretrained.pretrained_weights
    digest = hashlib.sha256(payload).hexdigest()[:8]
    file_name = f"{name}-{digest}.pth"
    fake = pretrained.PretrainedWeights(architecture=name, url=f"https://download.example/models/{file_name}",
                                        file=Path(torch.hub.get_dir()) / "checkpoints" / file_name, size_mb=1.5)
    for module in (pretrained, torchvision_models):
        monkeypatch.setattr(module, "pretrained_weights", lambda n: fake if n == name else real(n))
    return fake

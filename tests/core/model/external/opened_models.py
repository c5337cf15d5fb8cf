"""Small opened models shared by the external-model tests: torchvision nets at 64×64, random init."""
from __future__ import annotations

import functools

import torch
from torch import nn

from convnet_studio.core.model.external import open_model, source_for

SIZE = 64


@functools.lru_cache(maxsize=None)
def opened(name: str):
    """``resnet18`` / ``mobilenet_v3_small`` opened at 64×64 (built once per test session; do not modify)."""
    torch.manual_seed(0)
    return open_model(source_for(name, input_size=SIZE))


class TinyNet(nn.Module):
    """A hand-written net with nested modules and a ``fc`` head (what a user's .py file holds)."""

    def __init__(self, classes: int = 5):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 6, 3, padding=1),
                                      nn.ReLU())
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(6, classes)

    def forward(self, x):
        return self.fc(self.pool(self.features(x)).flatten(1))


TINY_NET_SOURCE = '''
import torch
from torch import nn


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 6, 3, padding=1),
                                      nn.ReLU())
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(6, 5)

    def forward(self, x):
        return self.fc(self.pool(self.features(x)).flatten(1))
'''


def write_python_model(folder) -> str:
    path = folder / "tiny_net.py"
    path.write_text(TINY_NET_SOURCE)
    return str(path)


def write_script_model(folder, sequential: bool = True) -> str:
    """A scripted model file: a Sequential (children can be looked into) or a TinyNet."""
    import warnings
    torch.manual_seed(0)
    model = (nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                           nn.Linear(4, 3)) if sequential else TinyNet())
    path = folder / ("seq.pt" if sequential else "net.pt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        torch.jit.save(torch.jit.script(model), str(path))
    return str(path)

"""Shared test set-up: offscreen Qt before any Qt import, and isolated settings/home for GUI tests."""
from __future__ import annotations

import os

# Must happen before PySide6 is imported anywhere (pytest-qt imports it when its plugin loads
# the qapp fixture, which is after this conftest is collected).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_folder_cache(tmp_path_factory, monkeypatch):
    """Decoded image folders are cached per test session in a temporary folder, never in ~/.cache."""
    monkeypatch.setenv("CONVNET_STUDIO_CACHE", str(tmp_path_factory.getbasetemp() / "folder-cache"))


@pytest.fixture(autouse=True)
def _private_runs_workspace(tmp_path_factory, monkeypatch):
    """Runs are kept in a temporary workspace per test, never in the user's data folder."""
    monkeypatch.setenv("CONVNET_STUDIO_RUNS", str(tmp_path_factory.mktemp("runs-workspace")))


@pytest.fixture
def unkept_runs(tmp_path, monkeypatch):
    """A runs folder that takes nothing: runs are not kept, so a trained run is unsaved until saved."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("CONVNET_STUDIO_RUNS", str(blocker / "runs"))


@pytest.fixture
def isolated_settings(tmp_path, monkeypatch):
    """Point HOME and every QSettings default location at a temporary folder.

    Returns a ``Settings`` backed by an INI file there, so a test never reads or
    writes the user's real settings.
    """
    from PySide6.QtCore import QSettings

    from convnet_studio.gui.settings import Settings

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp_path / "qsettings"))
    return Settings(tmp_path / "settings.ini")


def _tiny_dataset(n_train: int = 96, n_val: int = 32, shape=(3, 32, 32), classes: int = 3,
                  seed: int = 0, name: str = "tiny"):
    """Random uint8 images whose class brightens one horizontal band (learnable, and fast)."""
    import numpy as np
    import torch

    from convnet_studio.core.data.dataset import InMemoryDataset

    rng = np.random.default_rng(seed)
    c, h, w = shape

    def make(n):
        y = rng.integers(0, classes, size=n)
        x = rng.integers(0, 100, size=(n, c, h, w), dtype=np.uint8)
        band = h // classes
        for k in range(classes):
            x[y == k, :, k * band:(k + 1) * band] += 120
        return torch.from_numpy(x), torch.from_numpy(y.astype(np.int64))

    tx, ty = make(n_train)
    vx, vy = make(n_val)
    # mean/std are given, so building it runs no torch op on the test's (GUI) thread
    return InMemoryDataset(name, tuple(f"class{k}" for k in range(classes)), tx, ty, vx, vy,
                           mean=(0.3,) * c, std=(0.25,) * c)


@pytest.fixture
def tiny_dataset():
    """Factory: ``tiny_dataset(n_train=96, n_val=32, shape=(3, 32, 32), classes=3)`` -> InMemoryDataset."""
    return _tiny_dataset


@pytest.fixture
def studio_window(qtbot, isolated_settings):
    """Factory for a non-interactive MainWindow on the seed net with a tiny dataset (no background load).

    ``studio_window(epochs=5000, batch_size=16, dataset=True, spec=None, restore=False)``; the
    window is closed (run stopped, thread joined) when the test ends.
    """
    from convnet_studio.core.train.config import TrainConfig
    from convnet_studio.core.model.presets import get_preset
    from convnet_studio.gui.main_window import MainWindow

    windows = []

    def make(epochs: int = 5000, batch_size: int = 16, dataset=True, spec=None, restore: bool = False,
             settings=None):
        window = MainWindow(settings=settings or isolated_settings, spec=spec or get_preset("seed"),
                            config=TrainConfig(epochs=epochs, batch_size=batch_size, device="cpu"),
                            dataset=None, interactive=False, restore=restore)
        qtbot.addWidget(window)
        if dataset is not None and dataset is not False:
            window.state.set_dataset(_tiny_dataset() if dataset is True else dataset)
        window.show()
        windows.append(window)   # qtbot keeps only a weak reference
        qtbot.waitUntil(lambda: window.startup.done, timeout=30000)   # PyTorch loads after the first paint
        return window

    yield make
    for window in windows:
        window.close()
        assert window.controller.thread.isFinished(), "the compute thread outlived its window"

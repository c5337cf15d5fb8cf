"""File ▸ Open model with torchvision's pretrained weights: the dialog says how much it downloads,
downloads off the GUI thread with a progress bar (Cancel stops it), says in one sentence which file
to put where when offline, and the window then opens the weights from torch hub's cache."""
from __future__ import annotations

import io

import torch
import torchvision
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from convnet_studio.core.model.external import ModelSource
from convnet_studio.gui.open_model_dialog import OpenModelDialog
from tests.core.model.external.pretrained_fakes import hub_checkpoints, offline, serving, weights_named_for

OPEN, CANCEL = QDialogButtonBox.StandardButton.Open, QDialogButtonBox.StandardButton.Cancel


def _dialog(qtbot, name: str, parent=None) -> OpenModelDialog:
    dialog = OpenModelDialog(parent)
    if parent is None:
        qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_combo.setCurrentText(name)
    return dialog


def _click(qtbot, dialog, which) -> None:
    qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)


def _state_bytes(seed: int):
    torch.manual_seed(seed)
    state = torchvision.models.mobilenet_v3_small().state_dict()
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return state, buffer.getvalue()


def test_offline_the_dialog_says_which_file_to_put_in_which_folder(qtbot, monkeypatch, tmp_path):
    checkpoints = hub_checkpoints(monkeypatch, tmp_path)
    tried = offline(monkeypatch)
    dialog = _dialog(qtbot, "resnet18")
    qtbot.waitUntil(lambda: dialog.pretrained.text() == "torchvision's pretrained weights (downloads 45 MB)",
                    timeout=30000)
    dialog.pretrained.setChecked(True)
    _click(qtbot, dialog, OPEN)
    qtbot.waitUntil(lambda: "could not be downloaded" in dialog.error.text(), timeout=30000)
    text = dialog.error.text()
    assert text.startswith("Torchvision's pretrained weights for resnet18 could not be downloaded (")
    assert text.endswith(f"named resnet18-f37072fd.pth, into {checkpoints}.")
    assert tried and dialog.isVisible() and dialog.source() is None and not dialog.downloading
    assert not dialog.progress.isVisible() and dialog.buttons.button(OPEN).isEnabled()


def test_a_download_shows_progress_and_cancel_stops_it_leaving_nothing(qtbot, monkeypatch, tmp_path):
    checkpoints = hub_checkpoints(monkeypatch, tmp_path)
    payload = bytes(4 << 20)
    weights_named_for(monkeypatch, payload)
    serving(monkeypatch, payload, delay_s=0.02)         # 64 pieces of 64 KiB: over a second
    dialog = _dialog(qtbot, "mobilenet_v3_small")
    qtbot.waitUntil(lambda: "downloads 1.5 MB" in dialog.pretrained.text(), timeout=30000)
    dialog.pretrained.setChecked(True)
    _click(qtbot, dialog, OPEN)
    assert dialog.downloading and not dialog.buttons.button(OPEN).isEnabled() and not dialog.name_combo.isEnabled()
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=30000)
    assert dialog.progress.isVisible() and dialog.progress.maximum() == 1000
    assert "Downloading torchvision's pretrained weights for mobilenet_v3_small" in dialog.error.text()
    _click(qtbot, dialog, CANCEL)
    assert dialog.isVisible() and not dialog.downloading and dialog.error.text() == "Download cancelled; nothing was kept."
    assert dialog.name_combo.isEnabled() and dialog.source() is None
    qtbot.waitUntil(lambda: checkpoints.is_dir() and not any(checkpoints.iterdir()), timeout=30000)


def test_downloaded_weights_open_in_the_window_with_the_file_in_the_hub_cache(qtbot, studio_window, monkeypatch,
                                                                             tmp_path):
    checkpoints = hub_checkpoints(monkeypatch, tmp_path)
    state, payload = _state_bytes(seed=6)
    weights = weights_named_for(monkeypatch, payload)
    asked = serving(monkeypatch, payload)
    window = studio_window()
    dialog = _dialog(qtbot, "mobilenet_v3_small", parent=window)
    qtbot.waitUntil(lambda: "downloads" in dialog.pretrained.text(), timeout=30000)
    dialog.pretrained.setChecked(True)
    dialog.size_spin.setValue(64)
    reports = []
    dialog.fetcher.progress.connect(lambda done, total: reports.append((done, total)))
    with qtbot.waitSignal(dialog.accepted, timeout=60000):
        _click(qtbot, dialog, OPEN)
    assert asked == [weights.url] and reports and reports[-1] == (len(payload), len(payload))
    assert [p.name for p in checkpoints.iterdir()] == [weights.file.name]
    source = dialog.source()
    assert source == ModelSource("torchvision", "mobilenet_v3_small", weights="pretrained", input_size=64)

    offline(monkeypatch)                                 # opening reads the cache, never the network
    with qtbot.waitSignal(window.controller.modelOpened, timeout=60000) as opened:
        window.open_model(source)
    info, error = opened.args
    assert error == "" and info.meta.class_names[0] == "tench"
    own = window.controller.worker.opened.current.module.state_dict()
    assert all(torch.equal(own[k], state[k]) for k in state)

    again = _dialog(qtbot, "mobilenet_v3_small", parent=window)
    qtbot.waitUntil(lambda: again.pretrained.text() == "torchvision's pretrained weights (already downloaded)",
                    timeout=30000)
    again.pretrained.setChecked(True)
    with qtbot.waitSignal(again.accepted, timeout=30000):
        _click(qtbot, again, OPEN)
    assert again.source().weights == "pretrained"

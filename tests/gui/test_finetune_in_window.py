"""Train fine-tunes an opened model in the window: a new head for the dataset's classes, the
head only when asked, live plots, and a kept run that records the model's source."""
from __future__ import annotations

import json
import os
from pathlib import Path

import torch
from PySide6.QtCore import Qt

from convnet_studio.core.model.external import ModelSource
from convnet_studio.core.train.finetune import FineTune
from tests.core.model.external.opened_models import write_python_model


def test_train_head_only_changes_only_the_head_and_keeps_the_run(qtbot, studio_window, tmp_path):
    window = studio_window(batch_size=16)
    source = ModelSource("python", write_python_model(tmp_path), trust_code=True, input_size=32)   # 5 classes
    with qtbot.waitSignal(window.controller.modelOpened, timeout=60000):
        window.open_model(source)
    panel = window.hparams_panel
    check = panel.head_only_check
    assert check.isVisibleTo(panel)
    check.setChecked(True)
    assert window.state.head_only

    steps, ended = [], []
    window.state.batchMetrics.connect(lambda e: steps.extend(int(s) for s in e.steps))
    window.state.runEnded.connect(lambda e: ended.append(e.message))
    qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(steps) >= 3 or bool(ended), timeout=60000)
    assert not ended, ended
    with qtbot.waitSignal(window.state.runEnded, timeout=20000):
        window.run_panel.actions["stop"].trigger()

    trained = window.controller.worker._last_trainer.model
    ds = window.state.dataset
    torch.manual_seed(int(window.state.config.seed))
    start = FineTune(source, head_only=True)(ds.input_shape, ds.num_classes)
    before, after = start.state_dict(), trained.state_dict()
    changed = {k for k in before if not torch.equal(before[k].cpu(), after[k].cpu())}
    assert changed == {"fc.weight", "fc.bias"} and after["fc.weight"].shape[0] == ds.num_classes == 3

    runs = [p for p in Path(os.environ["CONVNET_STUDIO_RUNS"]).iterdir() if (p / "run.json").exists()]
    meta = json.loads((runs[-1] / "run.json").read_text())
    assert meta["spec"] is None and meta["model"]["kind"] == "python" and meta["model"]["head_only"] is True
    assert meta["name"] == "tiny_net.py"

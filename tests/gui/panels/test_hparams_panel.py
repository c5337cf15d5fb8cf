"""The hyperparameters panel: synced lr slider/entry, tooltips, devices, locking during a run."""
from __future__ import annotations

import math

import pytest

from convnet_studio.core.train.device import available_devices
from convnet_studio.gui.panels.hparams_panel import LOCK_REASON, HParamsPanel
from convnet_studio.gui.state import StudioState


@pytest.fixture
def panel(qtbot):
    state = StudioState()
    panel = HParamsPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_lr_slider_and_entry_stay_in_sync(panel):
    editor = panel.lr_editor
    editor.slider.setValue(300)                      # 10 ** (-5 + 3) = 1e-2
    assert editor.spin.value() == pytest.approx(1e-2)
    assert panel.state.config.lr == pytest.approx(1e-2)
    editor.spin.setValue(3e-4)
    assert editor.slider.value() == round((math.log10(3e-4) + 5) * 100)
    assert panel.state.config.lr == pytest.approx(3e-4)
    assert editor.spin.text() == "0.0003"
    editor.spin.stepBy(10)                           # ten log steps = one decade
    assert editor.spin.value() == pytest.approx(3e-3)


def test_every_control_explains_itself(panel):
    for name, widget in panel.widgets.items():
        assert len(widget.toolTip()) > 30, name


def test_only_existing_devices_are_offered(panel):
    combo = panel.widgets["device"]
    assert [combo.itemData(i) for i in range(combo.count())] == available_devices()


def test_edits_reach_the_state_config(panel):
    panel.widgets["batch_size"].setValue(64)
    panel.widgets["optimizer"].setCurrentIndex(panel.widgets["optimizer"].findData("sgd"))
    panel.widgets["nesterov"].setChecked(True)
    cfg = panel.state.config
    assert (cfg.batch_size, cfg.optimizer, cfg.nesterov) == (64, "sgd", True)
    panel.widgets["optimizer"].setCurrentIndex(panel.widgets["optimizer"].findData("adam"))
    assert panel.state.config.nesterov is False and not panel.widgets["nesterov"].isEnabled()
    assert not panel.widgets["step_every"].isEnabled()
    panel.widgets["schedule"].setCurrentIndex(panel.widgets["schedule"].findData("step"))
    assert panel.widgets["step_every"].isEnabled() and panel.state.config.schedule == "step"


def test_only_live_hparams_stay_editable_during_a_run(qtbot, panel):
    panel.state.set_run_status("running")
    assert panel.lock_label.isVisible() and panel.lock_label.text() == LOCK_REASON
    for name, widget in panel.widgets.items():
        live = name in ("lr", "momentum", "weight_decay")
        assert widget.isEnabled() == live, name
        if not live:
            assert "Locked while training" in widget.toolTip(), name
    with qtbot.waitSignal(panel.liveHParamsEdited, timeout=2000) as blocker:
        panel.widgets["weight_decay"].setValue(5e-4)
    assert blocker.args[2] == pytest.approx(5e-4)
    panel.state.set_run_status("idle")
    assert not panel.lock_label.isVisible() and panel.widgets["batch_size"].isEnabled()


def test_config_from_state_is_shown(panel):
    panel.state.set_config(panel.state.config.replace(lr=0.05, epochs=3, augment="flip"))
    assert panel.lr_editor.value() == pytest.approx(0.05)
    assert panel.widgets["epochs"].value() == 3
    assert panel.widgets["augment"].currentData() == "flip"


def test_live_edits_in_quick_succession_reach_the_run_once(qtbot, panel):
    panel.state.set_run_status("running")
    sent = []
    panel.liveHParamsEdited.connect(lambda *values: sent.append(values))
    for wd in (1e-4, 2e-4, 3e-4, 4e-4):
        panel.widgets["weight_decay"].setValue(wd)
    qtbot.waitUntil(lambda: sent != [], timeout=2000)
    qtbot.wait(200)
    assert len(sent) == 1 and sent[0][2] == pytest.approx(4e-4)


def _shown_panel(qtbot, monkeypatch, cuda: bool) -> HParamsPanel:
    panel = HParamsPanel(StudioState(), devices=("auto", "cpu", "cuda") if cuda else ("auto", "cpu"))
    qtbot.addWidget(panel)
    panel.show()
    return panel


def _choose(panel, name: str, value) -> None:
    combo = panel.widgets[name]
    combo.setCurrentIndex(combo.findData(value))


def _rows_look_as_they_work(panel) -> None:
    for name, widget in panel.widgets.items():
        label = panel.form.labelForField(widget)
        assert label.isEnabled() == widget.isEnabled(), name


def test_enabled_state_matches_what_can_change(qtbot, monkeypatch):
    panel = _shown_panel(qtbot, monkeypatch, cuda=True)
    nesterov, mixed = panel.widgets["nesterov"], panel.widgets["mixed_precision"]
    assert panel.state.config.optimizer == "adam"
    assert not nesterov.isEnabled() and not nesterov.isChecked()
    assert mixed.isEnabled() and mixed.isChecked()
    _rows_look_as_they_work(panel)

    _choose(panel, "optimizer", "sgd")
    assert nesterov.isEnabled()
    _rows_look_as_they_work(panel)

    _choose(panel, "device", "cpu")                      # mixed precision cannot apply on the CPU
    assert not mixed.isEnabled() and not mixed.isChecked()
    assert panel.state.config.mixed_precision            # the choice is kept for a CUDA device
    _rows_look_as_they_work(panel)
    _choose(panel, "device", "auto")
    assert mixed.isEnabled() and mixed.isChecked()

    panel.state.set_run_status("running")
    assert not nesterov.isEnabled() and not mixed.isEnabled()
    _rows_look_as_they_work(panel)
    assert panel.form.labelForField(panel.widgets["lr"]).isEnabled()
    panel.state.set_run_status("idle")
    assert nesterov.isEnabled() and mixed.isEnabled()


def test_mixed_precision_is_unticked_and_disabled_without_cuda(qtbot, monkeypatch):
    panel = _shown_panel(qtbot, monkeypatch, cuda=False)
    mixed = panel.widgets["mixed_precision"]
    assert panel.state.config.mixed_precision
    assert not mixed.isEnabled() and not mixed.isChecked()
    assert "no CUDA GPU" in mixed.toolTip()
    _rows_look_as_they_work(panel)
    panel.widgets["batch_size"].setValue(64)             # other edits keep the stored choice
    assert panel.state.config.mixed_precision and not mixed.isChecked()

"""The thread count: set in the hyperparameter panel, reported in the run panel while training."""
from __future__ import annotations

from PySide6.QtCore import Qt

from convnet_studio.core import events


def test_a_pinned_thread_count_reaches_the_run_and_the_run_panel_shows_it(qtbot, studio_window):
    window = studio_window()
    spin = window.hparams_panel.widgets["threads"]
    assert spin.value() == 0 and spin.text() == "Auto"
    spin.setValue(1)
    assert window.state.config.threads == 1
    with qtbot.waitSignal(window.state.threadsChanged, timeout=15000) as blocker:
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    event = blocker.args[0]
    assert isinstance(event, events.ThreadsChanged) and event.threads == 1
    label = window.run_panel.compute_label
    qtbot.waitUntil(lambda: "1 CPU thread" in label.text(), timeout=5000)
    assert "fp32" in label.text() and label.toolTip() == "Fixed in the settings"


def test_automatic_threads_say_why_in_the_run_panel(qtbot, studio_window):
    window = studio_window()
    with qtbot.waitSignal(window.state.threadsChanged, timeout=15000) as blocker:
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].threads >= 1
    qtbot.waitUntil(lambda: "CPU thread" in window.run_panel.compute_label.text(), timeout=5000)
    assert window.run_panel.compute_label.toolTip()

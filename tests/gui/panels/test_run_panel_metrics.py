"""The run panel shows live metrics at a bounded rate: the newest at once, then at most every 250 ms."""
from __future__ import annotations

import numpy as np

from convnet_studio.core import events
from convnet_studio.core.events import EndReason
from convnet_studio.gui.panels.run_panel import METRICS_SHOWN_MS


def _metrics(step: int) -> events.BatchMetrics:
    steps = np.array([step], dtype=np.int64)
    return events.BatchMetrics(1, steps, np.array([0.5], np.float32), np.array([0.25], np.float32), 1e-3,
                               1000.0 + step, step, 100, 100)


def test_a_burst_of_metrics_repaints_the_panel_twice_and_ends_on_the_newest(qtbot, studio_window):
    window = studio_window()
    state, panel = window.state, window.run_panel
    state.set_run_status("starting")
    state.dispatch_event(events.RunStarted("cpu", 100, 100, 0, 0, 1234))
    shown = []
    panel.progress.valueChanged.connect(shown.append)
    for step in range(1, 11):                    # ten metrics events in one go (a busy second)
        state.dispatch_event(_metrics(step))
    assert shown == [1]                          # the first at once ...
    qtbot.waitUntil(lambda: shown[-1] == 10, timeout=2 * METRICS_SHOWN_MS + 1000)
    assert shown == [1, 10]                      # ... and the newest after the interval, nothing between
    assert "1,010 img/s" in panel.detail_label.text()


def test_metrics_still_waiting_when_the_run_ends_do_not_cover_its_ending(qtbot, studio_window):
    window = studio_window()
    state, panel = window.state, window.run_panel
    state.set_run_status("starting")
    state.dispatch_event(events.RunStarted("cpu", 100, 100, 0, 0, 1234))
    state.dispatch_event(_metrics(1))
    state.dispatch_event(_metrics(2))            # waits for the interval
    state.dispatch_event(events.RunEnded(EndReason.STOPPED, "stopped by the user at step 2 (epoch 1)", 2, 1, 0.1))
    state.set_run_status("idle")
    ended = panel.detail_label.text()
    qtbot.wait(2 * METRICS_SHOWN_MS)
    assert panel.detail_label.text() == ended and "img/s" not in ended

"""StallProbe: a blocked GUI thread shows up as a late tick, and the first seconds can be left out."""
import time

import numpy as np

from convnet_studio.gui.diagnostics.stall_probe import StallProbe, summarize_stalls


def test_a_blocked_event_loop_is_measured_as_a_stall(qtbot):
    probe = StallProbe(5)
    probe.start()
    qtbot.wait(100)
    time.sleep(0.08)                    # the GUI thread does not return to its event loop
    qtbot.wait(100)
    probe.stop()
    summary = probe.summary()
    assert summary["stall_max_ms"] >= 60
    assert summary["stall_p50_ms"] < summary["stall_max_ms"]
    assert probe.summary(skip_s=10.0) == {"stall_p50_ms": 0.0, "stall_p99_ms": 0.0, "stall_max_ms": 0.0}
    assert len(probe.samples_after(0.15)) < len(probe.samples)


def test_summarize_stalls_of_merged_samples():
    merged = np.concatenate([np.zeros(99), np.array([40.0])])
    assert summarize_stalls(merged) == {"stall_p50_ms": 0.0, "stall_p99_ms": 0.4, "stall_max_ms": 40.0}

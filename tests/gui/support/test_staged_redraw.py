"""StagedRedraw: parts run in order in later event-loop turns; flush runs the rest; start replaces."""
from PySide6.QtCore import QObject

from convnet_studio.gui.support.staged_redraw import StagedRedraw


def test_parts_run_in_order_in_later_turns(qtbot):
    parent = QObject()
    calls = []
    stages = StagedRedraw(parent, 10)
    stages.start([lambda: calls.append("a"), lambda: calls.append("b")])
    assert calls == [] and stages.active                      # nothing runs inside start()
    qtbot.waitUntil(lambda: calls == ["a"], timeout=2000)
    qtbot.waitUntil(lambda: calls == ["a", "b"], timeout=2000)
    assert not stages.active


def test_flush_runs_what_is_left_and_start_replaces_what_waits(qtbot):
    parent = QObject()
    calls = []
    stages = StagedRedraw(parent, 10)
    stages.start([lambda: calls.append("old")])
    stages.start([lambda: calls.append("a"), lambda: calls.append("b")])
    stages.flush()
    assert calls == ["a", "b"] and not stages.active
    stages.start([lambda: calls.append("c")])
    stages.cancel()
    qtbot.wait(50)
    assert calls == ["a", "b"]

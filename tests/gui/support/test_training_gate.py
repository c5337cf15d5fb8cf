"""TrainingGate: asked-for work starts only while no run trains, and is stopped when one starts."""
from convnet_studio.gui.state import StudioState
from convnet_studio.gui.support.training_gate import TrainingGate


def _gate(qtbot):
    state = StudioState()
    log, busy = [], [False]

    def start():
        log.append("start")
        busy[0] = True
        return True

    def stop():
        log.append("stop")
        busy[0] = False
    return state, TrainingGate(state, start, lambda: busy[0], stop), log


def test_work_starts_at_once_when_idle_and_waits_while_training(qtbot):
    state, gate, log = _gate(qtbot)
    assert gate.ask() and log == ["start"] and not gate.waiting()
    log.clear()
    state.set_run_status("starting")                   # training begins: the work in progress stops
    assert log == ["stop"] and gate.waiting()
    state.set_run_status("running")
    assert log == ["stop"]
    state.set_run_status("paused")                     # paused: the CPU is free again
    assert log == ["stop", "start"] and not gate.waiting()
    state.set_run_status("running")
    state.set_run_status("stopping")
    assert log == ["stop", "start", "stop"] and gate.waiting()
    state.set_run_status("idle")
    assert log == ["stop", "start", "stop", "start"] and not gate.wanted


def test_asked_while_training_starts_when_the_run_ends_unless_dropped(qtbot):
    state, gate, log = _gate(qtbot)
    state.set_run_status("running")
    with qtbot.waitSignal(gate.changed):
        assert not gate.ask()
    assert log == [] and gate.waiting()
    state.set_run_status("idle")
    assert log == ["start"]
    log.clear()
    state.set_run_status("running")                    # stopped again; the user then cancels
    gate.drop()
    state.set_run_status("idle")
    assert log == ["stop"] and not gate.wanted

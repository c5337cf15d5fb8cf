"""StudioState: one event-type -> signal table, run statuses as an enum, probe images by their source."""
import dataclasses
import inspect

import numpy as np
import pytest

from convnet_studio.core import events
from convnet_studio.core.inspect.probes import ProbeKind, ProbeSource
from convnet_studio.gui.messages import STATUS_TEXT, probe_caption
from convnet_studio.gui.run_telemetry import EVENT_SIGNALS, RunStatus
from convnet_studio.gui.state import StudioState

EVENT_TYPES = [cls for _, cls in inspect.getmembers(events, inspect.isclass)
               if dataclasses.is_dataclass(cls) and cls.__module__ == events.__name__]


def sample(cls):
    """An instance of event type ``cls`` with dummy field values."""
    values = {f.name: (np.zeros(1) if f.type in ("np.ndarray", "Optional[np.ndarray]") else 0)
              for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING
              and f.default_factory is dataclasses.MISSING}
    if "reason" in values:
        values["reason"] = events.EndReason.COMPLETED
    return cls(**values)


def test_every_core_event_type_has_a_signal():
    assert set(EVENT_SIGNALS) == set(EVENT_TYPES)
    for signal, record in EVENT_SIGNALS.values():
        assert hasattr(StudioState, signal) and (record is None or hasattr(StudioState, record))


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=lambda cls: cls.__name__)
def test_each_event_comes_out_of_its_own_signal_only(qtbot, cls):
    state = StudioState()
    state.set_run_status(RunStatus.STARTING)
    got = {name: [] for name, _ in EVENT_SIGNALS.values()}
    for name in got:
        getattr(state, name).connect(lambda event, name=name: got[name].append(event))
    event = sample(cls)
    state.dispatch_event(event)
    signal = EVENT_SIGNALS[cls][0]
    assert got.pop(signal) == [event] and not any(got.values())


def test_events_update_the_run_status_on_their_way():
    state = StudioState()
    statuses = []
    state.runStatusChanged.connect(statuses.append)
    state.set_run_status("starting")
    for cls in (events.RunStarted, events.Paused, events.Resumed, events.RunEnded):
        state.dispatch_event(sample(cls))
    assert statuses == ["starting", "running", "paused", "running", "idle"]
    assert state.run_status is RunStatus.IDLE and state.last_run_end is not None
    state.set_run_status(RunStatus.STOPPING)
    state.dispatch_event(sample(events.Paused))
    assert state.run_status == "stopping"
    with pytest.raises(ValueError, match="unknown run status"):
        state.set_run_status("sleeping")


def test_statuses_and_end_reasons_are_their_text():
    assert [str(s) for s in RunStatus] == ["idle", "starting", "running", "paused", "stopping"]
    assert f"{events.EndReason.DIVERGED}" == "diverged" and events.EndReason("error") is events.EndReason.ERROR
    assert set(STATUS_TEXT) == set(RunStatus) and STATUS_TEXT["paused"] == STATUS_TEXT[RunStatus.PAUSED]


def test_a_probe_image_is_named_by_its_source_not_by_text():
    state = StudioState()
    with pytest.raises(TypeError, match="ProbeSource"):
        state.set_probe_image("val:3", np.zeros((3, 4, 4), np.uint8))
    state.set_probe_image(ProbeSource.file("/tmp/some dir/cat:1.png"), np.zeros((4, 4), np.uint8))
    probe = state.probe_image
    assert probe.source.kind is ProbeKind.FILE and probe.source.path == "/tmp/some dir/cat:1.png"
    assert probe.key == "file:/tmp/some dir/cat:1.png" and probe.image.shape == (1, 4, 4)
    assert probe_caption(probe.source) == "cat:1.png"
    assert ProbeSource.val(3).key == "val:3" and ProbeSource.val(3) == ProbeSource(ProbeKind.VAL, 3)
    assert probe_caption(ProbeSource.train(7)) == "Training image 7"
    assert probe_caption(ProbeSource.val(0)) == "Validation image 0"

"""Garbage holding Qt objects is collected in the GUI thread, never in another thread."""
import gc
import threading

from PySide6.QtWidgets import QWidget

from convnet_studio.gui.diagnostics import gc_guard


class _Cycle:
    def __init__(self):
        self.me = self


def test_automatic_collection_is_off_and_the_gui_timer_collects(qapp, qtbot):
    gc_guard.install(qapp)
    assert not gc.isenabled()
    destroyed_in = []
    holder = _Cycle()
    holder.widget = QWidget()
    holder.widget.destroyed.connect(lambda *_: destroyed_in.append(threading.current_thread().name))
    del holder                           # now only reachable from its own cycle

    def allocate():                      # enough allocations to trigger collection in this thread
        junk = [_Cycle() for _ in range(20000)]
        del junk

    worker = threading.Thread(target=allocate, name="compute")
    worker.start()
    worker.join()
    assert destroyed_in == []            # nothing was collected in the other thread
    qtbot.waitUntil(lambda: bool(destroyed_in), timeout=5000)
    assert destroyed_in == [threading.main_thread().name]


def test_objects_alive_when_the_event_loop_starts_are_frozen(qapp, qtbot):
    guard = gc_guard.install(qapp)
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=2000)
    assert guard.longest_ms < 1000


class _FakeGc:
    """Stands in for the gc module: settable counts and oldest-generation population, recorded collections."""

    def __init__(self, counts, oldest):
        self.counts, self.oldest, self.collected = counts, oldest, []

    def get_count(self):
        return self.counts

    def get_objects(self, generation=None):
        return [None] * self.oldest

    def collect(self, generation=2):
        self.collected.append(generation)
        self.counts = (0, 0, 0) if generation == 2 else (0, 0, self.counts[2] + 1)
        return 0


def test_a_full_collection_waits_for_the_oldest_generation_to_grow_by_a_quarter(qapp, monkeypatch):
    guard = gc_guard.GuiThreadCollector(interval_ms=60_000)
    try:
        guard._long_lived = 100_000
        fake = _FakeGc(counts=(800, 11, 11), oldest=110_000)      # +10 %: only the middle generation
        monkeypatch.setattr(gc_guard, "gc", fake)
        guard.check()
        assert fake.collected == [1]
        fake.counts, fake.oldest = (800, 11, 12), 126_000         # +26 %: now a full collection
        guard.check()
        assert fake.collected == [1, 2]
        assert guard._long_lived == 126_000                       # the new baseline
        fake.counts = (701, 3, 0)
        guard.check()
        assert fake.collected == [1, 2, 0]
        fake.counts = (10, 3, 0)
        guard.check()
        assert fake.collected == [1, 2, 0]                        # nothing due
    finally:
        monkeypatch.undo()
        guard.deleteLater()


def test_while_a_run_trains_a_full_collection_waits_for_its_end_unless_the_oldest_generation_doubled(
        qapp, monkeypatch):
    guard = gc_guard.GuiThreadCollector(interval_ms=60_000)
    try:
        guard._long_lived = 100_000
        guard.set_training(True)
        fake = _FakeGc(counts=(800, 11, 11), oldest=150_000)      # +50 %: due, but a run trains
        monkeypatch.setattr(gc_guard, "gc", fake)
        guard.check()
        assert fake.collected == [1]
        guard.set_training(False)                                 # the run ended: the owed one runs
        guard.check()
        assert fake.collected == [1, 2]
        guard.set_training(True)
        fake.counts, fake.oldest = (800, 11, 11), 2 * guard._long_lived + 1     # doubled: collected anyway
        guard.check()
        assert fake.collected == [1, 2, 2]
    finally:
        monkeypatch.undo()
        guard.deleteLater()


def test_the_window_tells_the_collector_when_a_run_trains(qapp, qtbot, tmp_path):
    from convnet_studio.gui.main_window import MainWindow
    from convnet_studio.gui.settings import Settings

    guard = gc_guard.install(qapp)
    window = MainWindow(settings=Settings(tmp_path / "s.ini"), interactive=False, restore=False)
    qtbot.addWidget(window)
    window.state.set_run_status("running")
    assert guard.training
    window.state.set_run_status("paused")          # the user pokes at the paused run: collect as usual
    assert not guard.training
    window.state.set_run_status("running")
    window.state.set_run_status("idle")
    assert not guard.training


def test_what_the_start_up_loaded_behind_the_window_is_frozen_once_it_is_warm(qapp, qtbot, tmp_path):
    from convnet_studio.core.model.presets import get_preset
    from convnet_studio.core.train.config import TrainConfig
    from convnet_studio.gui.main_window import MainWindow
    from convnet_studio.gui.settings import Settings

    gc_guard.install(qapp)
    window = MainWindow(settings=Settings(tmp_path / "s.ini"), spec=get_preset("seed"),
                        config=TrainConfig(batch_size=32), dataset="shapes", interactive=False, restore=False)
    qtbot.addWidget(window)
    frozen_before = gc.get_freeze_count()
    young = [list(range(3)) for _ in range(5000)]      # alive, tracked, and not yet collected
    window.show()
    qtbot.waitUntil(lambda: window.controller.is_warm, timeout=60000)
    qtbot.waitUntil(lambda: gc.get_freeze_count() >= frozen_before + len(young), timeout=5000)
    assert len(gc.get_objects(0)) + len(gc.get_objects(1)) < len(young)     # nothing left to walk again
    window.shutdown()

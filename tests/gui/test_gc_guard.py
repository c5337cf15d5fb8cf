"""Garbage holding Qt objects is collected in the GUI thread, never in another thread."""
import gc
import threading

from PySide6.QtWidgets import QWidget

from convnet_studio.gui import gc_guard


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

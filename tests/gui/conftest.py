"""GUI-test set-up shared by every test in tests/gui."""
import pytest

from convnet_studio.gui.diagnostics import gc_guard


@pytest.fixture(autouse=True, scope="session")
def _collect_garbage_in_the_gui_thread(qapp):
    """As in the app: cyclic GC only in the GUI thread, never in the compute thread."""
    gc_guard.install(qapp)

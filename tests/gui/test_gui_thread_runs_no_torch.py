"""The GUI thread runs no torch computation (only views and metadata of tensors): its own OpenMP
pool would slow the training thread (core/util/threads.py).

A TorchDispatchMode is thread-local: entered on the GUI thread it records every aten op that
thread runs, while the training thread's ops stay invisible to it.
"""
from __future__ import annotations

from torch.utils._python_dispatch import TorchDispatchMode

from convnet_studio.core.inspect.probes import ProbeSource

#: Ops that only make views or read metadata: no kernels, no OpenMP thread pool.
VIEW_OPS = {"slice", "select", "detach", "alias", "view", "as_strided", "unsqueeze", "squeeze",
            "expand", "permute", "t", "transpose", "lift_fresh", "_local_scalar_dense", "unbind"}


class RecordOps(TorchDispatchMode):
    def __init__(self):
        super().__init__()
        self.ops: list[str] = []

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.ops.append(func.overloadpacket.__name__)
        return func(*args, **(kwargs or {}))


def test_training_and_looking_inside_run_no_torch_ops_on_the_gui_thread(qtbot, studio_window):
    with RecordOps() as recorder:
        window = studio_window()
        for view in ("features", "filters", "plots"):
            window.select_view(view)
        with qtbot.waitSignal(window.state.snapshotReady, timeout=15000):
            window.state.set_probe_image(ProbeSource.val(2), window.state.dataset.val_x.numpy()[2], 1)
        with qtbot.waitSignal(window.state.batchMetrics, timeout=15000):
            window.run_panel.actions["train"].trigger()
        with qtbot.waitSignal(window.state.snapshotReady, timeout=10000):
            pass
        for view in ("features", "filters", "plots"):
            window.select_view(view)
            qtbot.wait(150)
        window.dataset_panel.strip.imageClicked.emit(0)
        with qtbot.waitSignal(window.state.runEnded, timeout=10000):
            window.run_panel.actions["stop"].trigger()
        qtbot.wait(100)
    compute = sorted(set(recorder.ops) - VIEW_OPS)
    assert not compute, f"torch ops ran on the GUI thread: {compute}"

"""The window is painted before PyTorch is imported, and Train waits until PyTorch and the data have loaded."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from convnet_studio.core.jobs.queue import AnalysisJob
from convnet_studio.core.train.device import available_devices
from convnet_studio.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]

#: Modules the window imports before its first paint that must stay free of torch.
TORCH_FREE = ("convnet_studio.gui.app", "convnet_studio.gui.main_window", "convnet_studio.core.model.shape_inference",
              "convnet_studio.core.inspect.probe_source", "convnet_studio.core.inspect.ascent_settings",
              "convnet_studio.core.jobs.kinds", "convnet_studio.core.data.sources")

WINDOW_SCRIPT = r"""
import importlib, json, os, sys
from PySide6.QtCore import QTimer
for name in sys.argv[2].split(","):
    importlib.import_module(name)
from convnet_studio.gui.app import make_app
from convnet_studio.gui.main_window import MainWindow
from convnet_studio.gui.settings import Settings
seen = {"after_imports": "torch" in sys.modules}
app = make_app()
window = MainWindow(settings=Settings(os.path.join(sys.argv[1], "settings.ini")), dataset="shapes",
                    interactive=False, restore=False)
seen["after_construct"] = "torch" in sys.modules
seen["views"] = sorted(window.views)
seen["train_enabled_before"] = window.run_panel.actions["train"].isEnabled()

def painted():
    seen["at_first_paint"] = "torch" in sys.modules

def finished():
    seen["at_ready"] = "torch" in sys.modules
    seen["train_enabled_after"] = window.run_panel.actions["train"].isEnabled()
    seen["dataset"] = window.state.dataset.name
    window.close()
    app.quit()

window.startup.firstPainted.connect(painted)
window.startup.finished.connect(finished)
QTimer.singleShot(120000, app.quit)
window.show()
app.exec()
print(json.dumps(seen))
"""


def _env(home: Path) -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                PYTHONPATH=str(ROOT))


def test_the_window_is_built_and_painted_without_importing_torch(tmp_path):
    out = subprocess.run([sys.executable, "-c", WINDOW_SCRIPT, str(tmp_path), ",".join(TORCH_FREE)], cwd=ROOT,
                         env=_env(tmp_path), capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["views"] == sorted(["plots", "filters", "features", "evaluation", "attribution", "units", "health",
                                    "runs"])
    assert seen["after_imports"] is False
    assert seen["after_construct"] is False
    assert seen["at_first_paint"] is False
    assert seen["train_enabled_before"] is False
    # and then PyTorch and the dataset do load, in the background
    assert seen["at_ready"] is True and seen["train_enabled_after"] is True and seen["dataset"] == "shapes"


def test_the_app_reports_its_launch_times_and_quits(tmp_path):
    env = dict(_env(tmp_path), CONVNET_STUDIO_LAUNCH_TIMES="1")
    out = subprocess.run([sys.executable, "-m", "convnet_studio"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["torch_at_first_paint"] is False
    assert 0 < report["first_paint_s"] < report["ready_s"]
    assert report["stall_max_ms"] >= 0


def test_train_waits_for_pytorch_and_the_window_says_what_loads(qtbot, isolated_settings, tiny_dataset):
    window = MainWindow(settings=isolated_settings, dataset=None, interactive=False, restore=False)
    qtbot.addWidget(window)
    try:
        assert window.status_label.text() == "Loading PyTorch…"
        window.state.set_dataset(tiny_dataset())
        train = window.run_panel.actions["train"]
        features = window.views["features"]
        devices = window.hparams_panel.widgets["device"]
        assert window.state.torch_loading and not window.startup.started
        assert not train.isEnabled() and train.toolTip() == "Wait until PyTorch has finished loading."
        assert window.controller.start() == "Wait until PyTorch has finished loading."
        features.flush()
        assert features.maps_info.text() == "Loading PyTorch… The network looks at the image once it has loaded."
        assert not features.probs.showing_bars() and features.probs.empty_label.text() == "Loading PyTorch…"
        assert [devices.itemData(i) for i in range(devices.count())] == ["auto", "cpu"]

        with qtbot.waitSignal(window.startup.finished, timeout=30000):
            window.show()                      # the first paint starts the loading
        assert window.startup.started and window.startup.done and not window.state.torch_loading
        assert train.isEnabled() and train.toolTip() != "Wait until PyTorch has finished loading."
        assert "Loading" not in window.status_label.text()
        assert [devices.itemData(i) for i in range(devices.count())] == available_devices()
        features.flush()
        assert "Loading" not in features.maps_info.text()
        assert "Loading" not in features.probs.empty_label.text()
    finally:
        window.close()


def test_the_status_bar_names_what_loads_first_and_next(qtbot, isolated_settings):
    window = MainWindow(settings=isolated_settings, dataset="shapes", interactive=False, restore=False)
    qtbot.addWidget(window)
    try:
        assert window.status_label.text() == "Loading PyTorch…"
        texts = []
        window.state.torchLoadingChanged.connect(lambda _loading: texts.append(window.status_label.text()))
        window.controller.torchLoaded.connect(lambda *_args: texts.append(window.status_label.text()))
        window.state.datasetChanged.connect(lambda _ds: texts.append(window.status_label.text()))
        with qtbot.waitSignal(window.startup.finished, timeout=60000):
            window.show()
        # the dataset is queued behind PyTorch: first both are named, then the dataset alone
        assert texts[:2] == ["Loading PyTorch, then the shapes dataset…", "Loading the shapes dataset…"]
        assert window.status_label.text().startswith("Loaded shapes: ")
        assert window.run_panel.actions["train"].isEnabled()
    finally:
        window.close()


def test_an_analysis_asked_for_while_pytorch_loads_is_answered_so(qtbot, isolated_settings, tiny_dataset):
    window = MainWindow(settings=isolated_settings, dataset=None, interactive=False, restore=False)
    qtbot.addWidget(window)
    try:
        window.state.set_dataset(tiny_dataset())
        with qtbot.waitSignal(window.state.analysisResult, timeout=5000) as answer:
            window.state.request_analysis(AnalysisJob("probe", lambda ctx: 1))
        assert answer.args[0].error == "PyTorch is still loading."
    finally:
        window.close()


def test_an_empty_probability_chart_says_what_it_waits_for_instead_of_a_bare_axis(qtbot):
    from convnet_studio.gui.widgets.probs_chart import ProbsChart

    chart = ProbsChart()
    qtbot.addWidget(chart)
    chart.set_empty_text("Loading PyTorch…")
    chart.set_probs(None, [], None)
    assert not chart.showing_bars() and chart.empty_label.text() == "Loading PyTorch…"
    chart.set_probs(np.array([0.2, 0.8]), ["a", "b"], 1)
    assert chart.showing_bars() and chart.bar_count() == 2
    chart.set_probs(None, ["a", "b"], None)
    assert not chart.showing_bars() and chart.bar_count() == 0


def test_the_device_box_lists_what_pytorch_reports_and_keeps_the_chosen_device(qtbot, isolated_settings):
    window = MainWindow(settings=isolated_settings, dataset=None, interactive=False, restore=False)
    qtbot.addWidget(window)
    try:
        panel = window.hparams_panel
        panel.widgets["device"].setCurrentIndex(panel.widgets["device"].findData("cpu"))
        assert window.state.config.device == "cpu"
        panel.set_devices(("auto", "cpu", "cuda"))
        combo = panel.widgets["device"]
        assert [combo.itemData(i) for i in range(combo.count())] == ["auto", "cpu", "cuda"]
        assert combo.currentData() == "cpu" and window.state.config.device == "cpu"
    finally:
        window.close()

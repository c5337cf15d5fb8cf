"""The ``--screenshot`` self-demo: open the real window, train for a while, save a PNG of it.

Works under ``QT_QPA_PLATFORM=offscreen``. The user's settings are neither read nor
written (a temporary settings file is used). The returned dict is what the CLI
prints as one JSON line.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Optional, Sequence

from PySide6.QtCore import QEventLoop, QTimer

from ...core.runs.paths import ENV_VAR as RUNS_ENV_VAR
from ...core.train.config import TrainConfig
from ...core.model.presets import get_preset
from ..app import make_app
from ..settings import Settings
from ..views.registry import DEFAULT_VIEW
from ..support.timelapse_player import TimelapsePlayer
from .probe_demo import show_probe
from .stall_probe import StallProbe

LOAD_TIMEOUT_S = 300
START_TIMEOUT_S = 30
SETTLE_TIMEOUT_S = 60


class DemoError(RuntimeError):
    """The demo could not run (e.g. the dataset failed to load); the message is one sentence."""


def _wait(app, seconds: float, until=None, signals: Sequence = ()) -> None:
    """Run the event loop for ``seconds``, or until ``until()`` is true after one of ``signals``."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    for sig in signals:
        sig.connect(loop.quit)
    timer.start(int(seconds * 1000))
    try:
        while True:
            if until is not None and until():
                return
            loop.exec()
            if not timer.isActive():
                return
    finally:
        timer.stop()
        for sig in signals:
            sig.disconnect(loop.quit)


def show_replay(window, step: Optional[int], run_dir: Optional[str]) -> dict:
    """Show the time-lapse frame at ``step`` (default: the middle one) of ``run_dir`` or of the window's
    last run; returns ``{"step", "epoch", "frame", "frames"}``; ``DemoError`` when there is none."""
    player = TimelapsePlayer.of(window.state)
    if run_dir is not None:
        problem = player.open(run_dir)
        if problem:
            raise DemoError(problem)
    else:
        player.refresh()
    if not player.count:
        raise DemoError(player.problem or "the run recorded no time-lapse to replay; "
                                          "give --replay-dir with a run folder that has one")
    shown = player.show_step(step) if step is not None else player.show(player.count // 2)
    if not shown:
        raise DemoError(player.problem or "the time-lapse frame could not be read")
    info = player.frame_info(player.index)
    return {"step": info.step, "epoch": info.epoch, "frame": player.index, "frames": player.count}


@contextlib.contextmanager
def _runs_kept_in(folder: Path):
    """The demo's runs go to ``folder``, not into the user's runs workspace."""
    before = os.environ.get(RUNS_ENV_VAR)
    os.environ[RUNS_ENV_VAR] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(RUNS_ENV_VAR, None)
        else:
            os.environ[RUNS_ENV_VAR] = before


def run_screenshot(path, train_seconds: float = 8, preset: str = "seed", dataset: str = "shapes",
                   view: str = DEFAULT_VIEW, size: tuple = (1280, 800), probe_transform=None,
                   draw_demo: bool = False, model=None, replay_step: Optional[int] = None,
                   replay_dir: Optional[str] = None) -> dict:
    """Open the window, train ``train_seconds``, show ``view``, save the window as a PNG at ``path``.

    Training time is counted from the run's start (after the network is built). Returns
    ``{"steps", "plot_points", "img_per_s", "stall_p50_ms", "stall_p99_ms", "stall_max_ms"}``;
    the stall figures come from a 5 ms precise timer in the GUI thread from pressing Train.
    ``view``: a central view or a panel (``MainWindow.view_names()``). Raises ``DemoError``
    when the dataset cannot be loaded, ``view`` is unknown or there is no time-lapse frame to
    show. ``probe_transform`` (a ``ProbeTransform``) and ``draw_demo`` change the
    feature-maps view's input before the picture. With ``replay_step`` or ``replay_dir`` the
    filters and feature maps show a time-lapse frame after the run: the one recorded at (or
    last before) ``replay_step`` (default: the middle frame), of the demo run or of the run
    folder ``replay_dir``; ``"replay"`` in the result says which.

    ``model`` (a ``ModelSource``): open that model instead of training, and show ``view`` of it
    (``{"model", "layers", "stall_..."}`` then); DemoError when it cannot be opened.
    """
    from ..main_window import MainWindow

    app = make_app()
    spec = get_preset(preset)
    with tempfile.TemporaryDirectory(prefix="convnet-studio-demo-") as tmp, _runs_kept_in(Path(tmp) / "runs"):
        window = MainWindow(settings=Settings(Path(tmp) / "settings.ini"), spec=spec,
                            config=TrainConfig(epochs=1000), dataset=dataset, interactive=False, restore=False)
        try:
            window.resize(*size)
            window.show()
            failed: list[str] = []
            window.loader.failed.connect(failed.append)
            _wait(app, LOAD_TIMEOUT_S, until=lambda: window.state.dataset is not None or bool(failed),
                  signals=(window.state.datasetChanged, window.loader.failed))
            if window.state.dataset is None:
                raise DemoError(failed[0] if failed else f"the {dataset} dataset did not load in time")
            if view not in window.view_names():
                raise DemoError(f"unknown view {view!r}; choose from {', '.join(window.view_names())}")
            window.select_view(view)
            # one-time imports of the first run happen in the worker after the load; measure after them
            _wait(app, START_TIMEOUT_S, until=lambda: window.controller.is_warm,
                  signals=(window.controller.warmedUp,))
            _wait(app, 0.3)                           # let the first idle snapshot arrive
            if model is not None:
                return _shoot_opened_model(app, window, model, view, path)
            probe = StallProbe(5)
            probe.start()
            state = window.state
            window.run_panel.actions["train"].trigger()
            _wait(app, START_TIMEOUT_S, until=lambda: state.run_info is not None or not state.is_running,
                  signals=(state.runStarted, state.runEnded))
            _wait(app, train_seconds)
            # a very slow machine may not have reported a step yet: give it a little longer
            _wait(app, START_TIMEOUT_S, until=lambda: state.last_metrics is not None or not state.is_running,
                  signals=(state.batchMetrics, state.runEnded))
            probe.stop()
            metrics = window.state.last_metrics
            steps = int(metrics.steps[-1]) if metrics is not None and len(metrics.steps) else 0
            img_per_s = float(metrics.img_per_s) if metrics is not None else 0.0
            window.controller.stop()
            _wait(app, 5.0, until=lambda: not window.state.is_running, signals=(window.state.runEnded,))
            _wait(app, 0.4)                           # final snapshot and redraws
            if probe_transform is not None or draw_demo:
                show_probe(window, probe_transform, draw_demo, lambda s, **kw: _wait(app, s, **kw))
            shown = window.views.get(view)
            gate = getattr(shown, "gate", None)       # a view that computes only when asked: press Compute
            if gate is not None:
                gate.ask()
            settled = getattr(shown, "is_settled", None)
            if callable(settled):                     # an analysis view: let its last answer arrive
                _wait(app, SETTLE_TIMEOUT_S, until=settled, signals=(window.state.analysisResult,))
                _wait(app, 0.2)
                flush_view = getattr(shown, "flush", None)
                if callable(flush_view):
                    flush_view()
            replay = None
            if replay_step is not None or replay_dir is not None:
                replay = show_replay(window, replay_step, replay_dir)
                _wait(app, 0.2)
                for name in ("filters", "features"):
                    window.views[name].flush()
            flush = getattr(window.plots_view, "flush", None)
            if callable(flush):
                flush()
            app.processEvents()
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(path), "PNG"):
                raise DemoError(f"could not write the screenshot {path}")
            result = {"steps": steps, "plot_points": int(window.plots_view.plot_points()),
                      "img_per_s": round(img_per_s, 1), **probe.summary()}
            if replay is not None:
                result["replay"] = replay
        finally:
            window.shutdown()
            window.close()
            window.deleteLater()
            app.processEvents()
    return result


def _shoot_opened_model(app, window, model, view: str, path) -> dict:
    """Open ``model`` in ``window``, wait for its first snapshot, save the PNG."""
    answers: list = []
    window.controller.modelOpened.connect(lambda info, error: answers.append((info, error)))
    probe = StallProbe(5)
    probe.start()
    window.open_model(model)
    _wait(app, LOAD_TIMEOUT_S, until=lambda: bool(answers), signals=(window.controller.modelOpened,))
    if not answers or answers[0][0] is None:
        raise DemoError(answers[0][1] if answers else f"{model.title} did not open in time")
    _wait(app, START_TIMEOUT_S, until=lambda: window.views["features"].tile_count() > 0,
          signals=(window.state.snapshotReady,))
    probe.stop()
    shown = window.views.get(view)
    if callable(getattr(shown, "flush", None)):
        shown.flush()
    app.processEvents()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path), "PNG"):
        raise DemoError(f"could not write the screenshot {path}")
    return {"model": model.title, "layers": len(answers[0][0].layers), **probe.summary()}

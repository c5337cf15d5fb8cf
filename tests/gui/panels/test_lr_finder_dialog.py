"""The learning-rate finder dialog: runs off the GUI thread, plots, marks and hands over its suggestion."""
from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from convnet_studio.core.train.lr_finder import LRFindSettings


def test_find_learning_rate_plots_marks_and_uses_the_suggestion(qtbot, studio_window):
    window = studio_window()
    progress = []
    window.actions_by_name["lr_find"].trigger()
    dialog = window._lr_finder_dialog
    dialog.requester.progress.connect(lambda e: progress.append(e.done))
    # restart with a short ramp (the first search started when the dialog was shown)
    dialog.settings = LRFindSettings(start_lr=1e-4, end_lr=1.0, steps=40)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None and not dialog.busy, timeout=60000)
    result = dialog.result
    assert 0 < len(result.lrs) <= 40 and progress, "progress is reported while searching"
    x, y = dialog.smooth_curve.getData()
    assert len(x) == len(result.lrs) and np.allclose(y, result.smoothed)
    assert dialog.plot.getPlotItem().ctrl.logXCheck.isChecked()
    assert dialog.marker.isVisible() and dialog.marker.value() == pytest.approx(math.log10(result.suggested_lr))
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.use_button.isEnabled()
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    expected = float(f"{result.suggested_lr:.3g}")
    assert window.state.config.lr == pytest.approx(expected)
    assert window.hparams_panel.lr_editor.value() == pytest.approx(expected, rel=1e-3)
    dialog.close()

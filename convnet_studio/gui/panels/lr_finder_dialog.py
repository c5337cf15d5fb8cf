"""The learning-rate finder dialog: loss against a rising learning rate, and a suggested rate to use.

The search runs as an analysis job on the compute thread (``core.jobs.lr_find_job``), on
a copy of the current weights (the last trained model, or the fresh one Train would start
from); this dialog only draws its answer. "Use this rate" writes the suggestion into the
document's config, so the Hyperparameters panel shows it.
"""
from __future__ import annotations

import math
import re
from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ...core.jobs.kinds import JobKind
from ..i18n import error_text, translate
from ..support.job_requester import JobRequester
from ..support.style import series_colors, style_graphics_view, style_plot_item


class LRFinderDialog(QDialog):
    """Runs the finder when shown (and on "Search again"); "Use this rate" sets ``state.config.lr``."""

    def __init__(self, state, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.state = state
        self.result = None
        #: ``LRFindSettings`` for the next search; None: the finder's defaults.
        self.settings = None
        self.setWindowTitle(self.tr("Find a learning rate"))
        self.resize(620, 460)
        self.requester = JobRequester(state, JobKind.LR_FIND, self._make_job, parent=self)
        self.requester.result.connect(self._on_result)
        self.requester.progress.connect(self._on_progress)
        self.requester.busyChanged.connect(self._on_busy)

        intro = QLabel(self.tr(
            "A short trial run on a copy of the current weights: the learning rate rises step by step "
            "while the loss is recorded. Where the loss falls fastest is a good rate to train with; "
            "where it shoots up, the rate is too high. The network itself is not changed."))
        intro.setWordWrap(True)
        self.plot = pg.PlotWidget()
        item = self.plot.getPlotItem()
        item.setLogMode(x=True, y=False)
        item.setLabel("bottom", self.tr("learning rate"))
        item.setLabel("left", self.tr("loss"))
        item.showGrid(x=True, y=True, alpha=0.2)
        item.addLegend(offset=(-10, 10))
        colors = series_colors(self.palette())
        self.raw_curve = item.plot([], [], pen=pg.mkPen((*colors["train"], 90), width=1), name=self.tr("loss"))
        self.smooth_curve = item.plot([], [], pen=pg.mkPen(colors["train"], width=2), name=self.tr("smoothed"))
        self.marker = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(colors["marker"], width=2))
        self.marker.hide()
        item.addItem(self.marker)
        style_graphics_view(self.plot, self.palette())
        style_plot_item(item, self.palette())

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.search_button = QPushButton(self.tr("Search again"))
        self.search_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel search"))
        self.cancel_button.clicked.connect(self.cancel)
        self.use_button = QPushButton(self.tr("Use this rate"))
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use_rate)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)

        buttons = QHBoxLayout()
        for button in (self.search_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(close)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addWidget(self.plot, 1)
        box.addWidget(self.progress)
        box.addWidget(self.message)
        box.addLayout(buttons)
        state.runStatusChanged.connect(self._on_busy)
        self._on_busy()

    # ------------------------------------------------------------------ the search
    def _make_job(self):
        from ...core.jobs.lr_find_job import lr_find_job
        from ...core.train.config import ConfigError
        if self.state.is_running:
            return None
        try:
            if self.settings is None:
                return lr_find_job(self.state.config)
            return lr_find_job(self.state.config, self.settings)
        except ConfigError as exc:
            self.message.setText(error_text(exc))
            return None

    @Slot()
    def start(self) -> None:
        """Start (or restart) the search with the current network, data and hyperparameters."""
        if self.state.is_running:
            self.message.setText(self.tr("Stop the training first: the finder needs the compute thread."))
            return
        self.use_button.setEnabled(False)
        self.marker.hide()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.message.setText(self.tr("Searching…"))
        self.requester.request(now=True)

    @Slot()
    def cancel(self) -> None:
        """Stop the search; whatever it still sends is ignored."""
        if self.requester.busy:
            self.requester.cancel()
            self.requester.forget()
            self.message.setText(self.tr("Search cancelled."))

    @property
    def busy(self) -> bool:
        """True while a search is running."""
        return self.requester.busy

    @Slot(object)
    def _on_progress(self, event) -> None:
        self.progress.setRange(0, max(int(event.total), 1))
        self.progress.setValue(int(event.done))

    @Slot(object)
    def _on_result(self, event) -> None:
        if event.error or event.payload is None:
            self.message.setText(event.error or self.tr("The search gave no answer."))
            return
        result = self.result = event.payload
        finite = np.isfinite(result.losses) & np.isfinite(result.smoothed)
        self.raw_curve.setData(result.lrs[finite], result.losses[finite])
        self.smooth_curve.setData(result.lrs[finite], result.smoothed[finite])
        self.progress.setValue(self.progress.maximum())
        if result.suggested_lr is None:
            self.message.setText(self.tr("No step gave a finite loss, so there is no suggestion."))
            return
        self.marker.setValue(math.log10(result.suggested_lr))
        self.marker.show()
        self.use_button.setEnabled(not self.state.is_running)
        self.message.setText(self.tr("Suggested learning rate: {0:.3g} — {1}. The search stopped because {2}.")
                             .format(result.suggested_lr, rule_text(result.rule), stop_reason_text(result.stop_reason)))

    @Slot()
    def _on_busy(self, *_args) -> None:
        running, busy = self.state.is_running, self.requester.busy
        self.search_button.setEnabled(not running and not busy)
        self.cancel_button.setEnabled(busy)
        self.use_button.setEnabled(self.result is not None and self.result.suggested_lr is not None
                                   and not running)

    @Slot()
    def use_rate(self) -> None:
        """Make the suggestion the learning rate of the next run."""
        if self.result is None or self.result.suggested_lr is None:
            return
        lr = float(f"{self.result.suggested_lr:.3g}")
        self.state.set_config(self.state.config.replace(lr=lr))
        self.message.setText(self.tr("The learning rate is now {0:g}.").format(lr))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.result is None and not self.requester.busy:
            self.start()

    def closeEvent(self, event) -> None:
        self.cancel()
        super().closeEvent(event)


def rule_text(rule: str) -> str:
    """The finder's suggestion rule (core's English constant) in the window's language."""
    from ...core.train.lr_finder import FALLBACK_RULE, SUGGESTION_RULE     # torch: only once there is a result
    if rule == SUGGESTION_RULE:
        return translate("LRFinderDialog", "steepest descent of the smoothed loss before its minimum")
    if rule == FALLBACK_RULE:
        return translate("LRFinderDialog", "a tenth of the rate at the smoothed loss's minimum")
    return rule


#: core.train.lr_finder's stop reasons (English sentences with numbers) -> their translations.
_STOP_REASONS = (
    (re.compile(r"reached the end of the range \((?P<lr>[^)]*)\)$"),
     lambda: translate("LRFinderDialog", "it reached the end of the range ({lr})")),
    (re.compile(r"the loss became non-finite at lr (?P<lr>\S+)$"),
     lambda: translate("LRFinderDialog", "the loss became non-finite at a learning rate of {lr}")),
    (re.compile(r"the smoothed loss rose above (?P<factor>\S+)× its minimum at lr (?P<lr>\S+)$"),
     lambda: translate("LRFinderDialog", "the smoothed loss rose above {factor}× its minimum at a learning "
                                         "rate of {lr}")),
)


def stop_reason_text(reason: str) -> str:
    """Why the search stopped, in the window's language (unknown reasons stay as they are)."""
    for pattern, template in _STOP_REASONS:
        match = pattern.match(reason)
        if match:
            return template().format(**match.groupdict())
    return reason


def show_lr_finder(window) -> LRFinderDialog:
    """Open (or raise) the window's finder dialog."""
    dialog = getattr(window, "_lr_finder_dialog", None)
    if dialog is None:
        dialog = window._lr_finder_dialog = LRFinderDialog(window.state, window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog

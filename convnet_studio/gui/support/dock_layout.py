"""The main window's docks: one per panel, where they start, how wide they open, and Reset layout.

Data, Model and Hyperparameters are tabs on the left with the Run panel always visible
below them. A saved layout, when there is one, replaces that arrangement; otherwise the
docks are sized for the window when it is first shown. Reset layout goes back to the
arrangement the window started with.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea, QTabWidget, QWidget

from ..i18n import translate
from ..views import registry
from ..widgets.fit_scroll_area import FitScrollArea

FEATURES = (QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable)


def scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless area that scrolls vertically only (it takes the dock's width)."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class DockLayout:
    """The docks of ``window``'s four panels (``docks``: dock name -> ``QDockWidget``), arranged on its left."""

    def __init__(self, window: QMainWindow, dataset: QWidget, model: QWidget, hparams: QWidget, run: QWidget):
        self._window, self._run_panel = window, run
        window.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        window.setDockNestingEnabled(True)
        window.setTabPosition(Qt.DockWidgetArea.LeftDockWidgetArea, QTabWidget.TabPosition.North)
        self.docks: dict[str, QDockWidget] = {}
        for name, widget in (("dataset", scrolled(dataset)), ("model", model), ("hparams", scrolled(hparams)),
                             ("run", FitScrollArea(run))):
            dock = QDockWidget(translate("views", registry.PANEL_TITLES[name]), window)
            dock.setObjectName(f"dock_{name}")
            dock.setWidget(widget)
            dock.setFeatures(FEATURES)
            self.docks[name] = dock
        self._arrange()
        self._default_state = QByteArray()
        self._restored = False      # a saved layout is in place: the first show keeps its sizes
        self._sized = False

    def _arrange(self) -> None:
        left, window, docks = Qt.DockWidgetArea.LeftDockWidgetArea, self._window, self.docks
        window.addDockWidget(left, docks["dataset"])
        window.splitDockWidget(docks["dataset"], docks["run"], Qt.Orientation.Vertical)
        window.tabifyDockWidget(docks["dataset"], docks["model"])
        window.tabifyDockWidget(docks["model"], docks["hparams"])
        for dock in docks.values():
            dock.show()
        docks["model"].raise_()

    def _size(self) -> None:
        width = max(430, min(560, int(self._window.width() * 0.36)))
        self._window.resizeDocks([self.docks["model"]], [width], Qt.Orientation.Horizontal)
        run_height = max(self._run_panel.sizeHint().height(), self._run_panel.heightForWidth(width))
        self._window.resizeDocks([self.docks["run"]], [run_height], Qt.Orientation.Vertical)

    def start(self, geometry: Optional[QByteArray] = None, state: Optional[QByteArray] = None) -> None:
        """Remember the window's arrangement now for ``reset``, then restore a saved window ``geometry``
        and dock ``state`` (None: nothing saved)."""
        self._default_state = self._window.saveState()
        if geometry is not None:
            self._window.restoreGeometry(geometry)
        if state is not None:
            self._restored = self._window.restoreState(state)

    def shown(self) -> None:
        """The window is shown: size the docks for it the first time, unless a saved layout was restored."""
        if not self._sized:
            self._sized = True
            if not self._restored:
                self._size()

    def reset(self) -> None:
        """Put every dock back where it started."""
        self._window.restoreState(self._default_state)
        for dock in self.docks.values():
            dock.show()
        self.docks["model"].raise_()
        self._size()

"""The central tabs of the studio window, as plain data: name, title, widget class, shortcut.

The window builds its tabs from ``VIEWS`` in order, the View menu (and so Help ▸ Keyboard
shortcuts) lists them with their shortcuts, and the CLI's ``--view`` offers their names.
A new view is a new module in this package plus one line in ``VIEWS``.

Nothing here imports Qt: the CLI reads this on every start. Each view's class is named by
a ``"module:Class"`` string and imported only when the window builds the tab.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Optional


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802  (the name lupdate looks for)
    """Marks a title for the translation sources; the window shows it through ``translate("views", title)``."""
    return text


@dataclass(frozen=True)
class ViewEntry:
    """One central tab. ``factory`` is ``"module:attr"`` (a module relative to this package
    when it starts with a dot); the attribute is called with the ``StudioState`` and
    returns the tab's widget. ``shortcut`` is a Qt portable key string such as ``"Ctrl+1"``."""

    name: str
    title: str          #: English; mark it with QT_TRANSLATE_NOOP("views", ...) so it is translated
    factory: str
    shortcut: Optional[str] = None

    def load(self):
        """Import and return the factory (the view's class)."""
        module, sep, attr = self.factory.partition(":")
        if not sep or not module or not attr:
            raise ValueError(f"view {self.name!r}: factory must look like 'module:Class', not {self.factory!r}")
        return getattr(importlib.import_module(module, package=__package__), attr)


#: The central tabs, in tab and menu order.
VIEWS: tuple[ViewEntry, ...] = (
    ViewEntry("plots", QT_TRANSLATE_NOOP("views", "Plots"), ".plots_view:PlotsView", "Ctrl+1"),
    ViewEntry("filters", QT_TRANSLATE_NOOP("views", "Filters"), ".filters_view:FiltersView", "Ctrl+2"),
    ViewEntry("features", QT_TRANSLATE_NOOP("views", "Feature maps"), ".feature_maps_view:FeatureMapsView", "Ctrl+3"),
    ViewEntry("evaluation", QT_TRANSLATE_NOOP("views", "Evaluation"), ".evaluation_view:EvaluationView", "Ctrl+4"),
    ViewEntry("attribution", QT_TRANSLATE_NOOP("views", "Attribution"), ".attribution_view:AttributionView", "Ctrl+5"),
    ViewEntry("units", QT_TRANSLATE_NOOP("views", "Units"), ".units_view:UnitsView", "Ctrl+6"),
    ViewEntry("health", QT_TRANSLATE_NOOP("views", "Health"), ".health_view:HealthView", "Ctrl+7"),
    ViewEntry("runs", QT_TRANSLATE_NOOP("views", "Runs"), ".runs_view:RunsView", "Ctrl+8"),
)

#: The tab shown when the window opens: the network at work before any training.
DEFAULT_VIEW = "features"

#: The dock panels, by name: ``select_view`` and ``--view`` accept these too.
PANEL_TITLES = {"dataset": QT_TRANSLATE_NOOP("views", "Data"), "model": QT_TRANSLATE_NOOP("views", "Model"),
                "hparams": QT_TRANSLATE_NOOP("views", "Hyperparameters"), "run": QT_TRANSLATE_NOOP("views", "Run")}


def check_views(views: tuple[ViewEntry, ...]) -> None:
    """Raise ``ValueError`` when two views (or a view and a panel) share a name, or two a shortcut."""
    seen_names: set[str] = set(PANEL_TITLES)
    seen_keys: set[str] = set()
    for view in views:
        if view.name in seen_names:
            raise ValueError(f"two views or panels are named {view.name!r}")
        seen_names.add(view.name)
        if view.shortcut is not None:
            if view.shortcut in seen_keys:
                raise ValueError(f"two views have the shortcut {view.shortcut}")
            seen_keys.add(view.shortcut)


def get_view(name: str) -> ViewEntry:
    """The entry named ``name``; ``KeyError`` if there is none."""
    for view in VIEWS:
        if view.name == name:
            return view
    raise KeyError(name)


def view_names() -> list[str]:
    """The central views' names, in tab order."""
    return [view.name for view in VIEWS]


def selectable_names() -> list[str]:
    """Everything ``--view`` may name: the central views, then the dock panels."""
    return [*view_names(), *PANEL_TITLES]


check_views(VIEWS)

"""The "look inside" views (evaluation, attribution, units, health), registered as central tabs of the main window.

``MainWindow`` adds ``make_analysis_views(state)`` after its own views; their names are
what ``select_view`` and ``--screenshot --view`` accept.
"""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .views.attribution_view import AttributionView
from .views.evaluation_view import EvaluationView
from .views.health_view import HealthView
from .views.units_view import UnitsView

ANALYSIS_VIEW_TITLES = {"evaluation": "Evaluation", "attribution": "Attribution", "units": "Units",
                        "health": "Health"}
_CLASSES = {"evaluation": EvaluationView, "attribution": AttributionView, "units": UnitsView, "health": HealthView}


def make_analysis_views(state) -> dict[str, QWidget]:
    """One view per name of ``ANALYSIS_VIEW_TITLES``, in that order."""
    return {name: _CLASSES[name](state) for name in ANALYSIS_VIEW_TITLES}

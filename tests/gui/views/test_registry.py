"""The VIEWS registry: Qt-free data that the window, the View menu, the shortcut list and the CLI read."""
from __future__ import annotations

import subprocess
import sys
import types

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from convnet_studio.cli.parser import build_parser
from convnet_studio.gui.dialogs import shortcut_rows
from convnet_studio.gui.views import registry
from convnet_studio.gui.views.registry import ViewEntry


def test_importing_the_registry_loads_no_qt_and_no_torch():
    code = (
        "import sys\n"
        "from convnet_studio.gui.views import registry\n"
        "registry.selectable_names()\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph', 'torch')])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_tab_order_titles_and_shortcuts_are_the_ones_users_know():
    assert [(v.name, v.title, v.shortcut) for v in registry.VIEWS] == [
        ("plots", "Plots", "Ctrl+1"), ("filters", "Filters", "Ctrl+2"), ("features", "Feature maps", "Ctrl+3"),
        ("evaluation", "Evaluation", "Ctrl+4"), ("attribution", "Attribution", "Ctrl+5"),
        ("units", "Units", "Ctrl+6"), ("health", "Health", "Ctrl+7"), ("runs", "Runs", "Ctrl+8")]
    assert registry.DEFAULT_VIEW in registry.view_names()
    assert registry.selectable_names() == [*registry.view_names(), "dataset", "model", "hparams", "run"]


def test_every_factory_is_a_widget_class_and_every_shortcut_one_valid_key():
    for view in registry.VIEWS:
        assert issubclass(view.load(), QWidget), view.name
        if view.shortcut is not None:
            keys = QKeySequence(view.shortcut)
            assert keys.count() == 1 and keys.toString(QKeySequence.SequenceFormat.PortableText) == view.shortcut
    # what a positional scheme would have given a tenth view is not one key
    assert QKeySequence("Ctrl+10").toString(QKeySequence.SequenceFormat.PortableText) != "Ctrl+10"


def test_check_views_refuses_clashing_names_and_shortcuts():
    plots = registry.get_view("plots")
    with pytest.raises(ValueError, match="named 'plots'"):
        registry.check_views((plots, ViewEntry("plots", "Again", ".plots_view:PlotsView")))
    with pytest.raises(ValueError, match="named 'model'"):
        registry.check_views((ViewEntry("model", "Model", ".plots_view:PlotsView"),))
    with pytest.raises(ValueError, match="shortcut Ctrl\\+1"):
        registry.check_views((plots, ViewEntry("other", "Other", ".plots_view:PlotsView", "Ctrl+1")))
    registry.check_views((plots, ViewEntry("other", "Other", ".plots_view:PlotsView")))
    with pytest.raises(KeyError):
        registry.get_view("nope")
    with pytest.raises(ValueError, match="module:Class"):
        ViewEntry("odd", "Odd", "no_colon_here").load()


def test_window_menu_shortcut_list_and_cli_follow_the_registry(qtbot, studio_window):
    window = studio_window()
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [v.title for v in registry.VIEWS]
    assert list(window.views) == registry.view_names()
    assert window.tabs.currentWidget() is window.views[registry.DEFAULT_VIEW]
    rows = {(menu, command): keys for menu, command, keys in shortcut_rows(window.menuBar())}
    for view in registry.VIEWS:
        action = window.actions_by_name[f"view_{view.name}"]
        assert action.shortcut().toString(QKeySequence.SequenceFormat.PortableText) == view.shortcut
        assert ("View", view.title) in rows
        action.trigger()
        assert window.tabs.currentWidget() is window.views[view.name]
    view_option = next(a for a in build_parser()._actions if "--view" in a.option_strings)
    assert list(view_option.choices) == registry.selectable_names()
    assert view_option.default == registry.DEFAULT_VIEW


class _NoteView(QLabel):
    def __init__(self, state, parent=None):
        super().__init__(f"{state.spec.name} has a new tab", parent)


def test_one_registry_line_adds_a_tab_a_menu_entry_a_shortcut_and_a_cli_choice(qtbot, studio_window, monkeypatch):
    module = types.ModuleType("studio_extra_view")
    module.NoteView = _NoteView
    monkeypatch.setitem(sys.modules, module.__name__, module)
    extra = ViewEntry("notes", "Notes", "studio_extra_view:NoteView", "Ctrl+Alt+N")
    monkeypatch.setattr(registry, "VIEWS", (*registry.VIEWS, extra))

    window = studio_window()
    assert window.tabs.tabText(window.tabs.count() - 1) == "Notes"
    assert isinstance(window.views["notes"], _NoteView)
    window.actions_by_name["view_notes"].trigger()
    assert window.tabs.currentWidget() is window.views["notes"]
    portable = QKeySequence.SequenceFormat.PortableText
    rows = [(m, c, QKeySequence(k).toString(portable)) for m, c, k in shortcut_rows(window.menuBar())]
    assert ("View", "Notes", "Ctrl+Alt+N") in rows
    assert build_parser().parse_args(["--view", "notes"]).view == "notes"
    window.select_view("notes")
    assert window.tabs.currentWidget() is window.views["notes"]

"""The model editor offers GroupNorm: added through the Add menu, edited, shapes re-inferred at once."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from convnet_studio.core.model.layers.groupnorm import GroupNorm
from convnet_studio.core.model.presets import get_preset
from convnet_studio.gui.widgets.layer_table import COL_PARAMS, COL_SETTINGS, COL_SHAPE, ERROR_BRUSH


@pytest.fixture
def panel(make_panel):
    return make_panel()[1]


def cell(panel, row, col, role=Qt.ItemDataRole.DisplayRole):
    return panel.model.data(panel.model.index(row, col), role)


def test_add_groupnorm_through_the_editor_and_edit_its_groups(panel):
    state = panel.state
    seed = get_preset("seed")
    params_before, _ = state.totals
    panel.select_row(3)                                              # Conv2d 16 -> 16×10×10
    panel.add_actions["GroupNorm"].trigger()
    assert state.spec.layers[4] == GroupNorm(4) and len(state.spec.layers) == len(seed.layers) + 1
    assert panel.selected_row() == 4 and "GroupNorm settings" in panel.editor_title.text()
    assert (cell(panel, 4, COL_SHAPE), cell(panel, 4, COL_PARAMS), cell(panel, 4, COL_SETTINGS)) == \
        ("16×10×10", "32", "4 groups")
    assert cell(panel, 5, COL_SHAPE) == "16×10×10" and state.spec_error is None
    assert state.totals[0] == params_before + 32

    spin = panel.layer_editor.widgets["groups"]
    assert (spin.minimum(), spin.maximum(), spin.value()) == (1, 16, 4)
    spin.setValue(3)
    assert state.spec.layers[4] == GroupNorm(3)
    assert state.spec_error is not None and state.spec_error.layer_index == 4
    assert "not divisible by 3" in state.spec_error.message
    assert cell(panel, 4, COL_SHAPE) == "error" and cell(panel, 4, COL_SHAPE, Qt.ItemDataRole.BackgroundRole) == ERROR_BRUSH
    assert panel.error_label.isVisible() and "Layer 4" in panel.error_label.text()
    spin.setValue(8)
    assert state.spec_error is None and cell(panel, 4, COL_SETTINGS) == "8 groups"
    assert cell(panel, 4, COL_SHAPE) == "16×10×10" and not panel.error_label.isVisible()


def test_groups_range_follows_the_channels_before_it(panel, qtbot):
    state = panel.state
    panel.select_row(0)                                              # Conv2d 6 -> 6×28×28
    panel.add_actions["GroupNorm"].trigger()
    assert state.spec_error is not None and state.spec_error.layer_index == 1
    assert "6 is not divisible by 4" in state.spec_error.message
    spin = panel.layer_editor.widgets["groups"]
    assert spin.maximum() == 6
    spin.setValue(3)
    assert state.spec_error is None and cell(panel, 1, COL_PARAMS) == "12"
    panel.select_row(0)
    panel.layer_editor.widgets["out_channels"].setValue(12)           # more channels before it
    panel.select_row(1)
    assert panel.layer_editor.widgets["groups"].maximum() == 12 and cell(panel, 1, COL_PARAMS) == "24"

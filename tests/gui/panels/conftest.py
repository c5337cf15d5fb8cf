"""Fixtures for the panel tests."""
from __future__ import annotations

import pytest

from convnet_studio.core.model.presets import get_preset
from convnet_studio.gui.panels.model_editor import ModelEditorPanel
from convnet_studio.gui.state import StudioState


@pytest.fixture
def make_panel(qtbot, tiny_dataset):
    """``make() -> (state, panel)``: a shown model editor on the seed preset and a 3×32×32, 3-class dataset."""
    def make():
        state = StudioState(get_preset("seed"))
        state.set_dataset(tiny_dataset())
        panel = ModelEditorPanel(state)
        qtbot.addWidget(panel)
        panel.resize(700, 500)
        panel.show()
        return state, panel
    return make

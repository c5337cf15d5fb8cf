"""The model editor's "Open spec…" with files made to break a JSON reader: a message, the net unchanged."""
from __future__ import annotations

import pytest

from convnet_studio.core.model.presets import get_preset
from convnet_studio.gui.panels.model_editor import ModelEditorPanel
from convnet_studio.gui.state import StudioState


@pytest.mark.parametrize("content, phrase", [
    ('{"layers": [' + "7" * 5000 + "]}", "thousands of digits"),
    ("[" * 100_000, "nested far too deeply"),
    ("{" + " " * (1 << 20) + "}", "larger than 1024 KB"),
])
def test_hostile_spec_files_leave_the_network_as_it_was(qtbot, tiny_dataset, tmp_path, content, phrase):
    state = StudioState(get_preset("seed"))
    state.set_dataset(tiny_dataset())
    panel = ModelEditorPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    path = tmp_path / "spec.json"
    path.write_text(content)
    message = panel.load_spec_file(str(path))
    assert phrase in message and "\n" not in message
    assert panel.error_label.isVisible() and phrase in panel.error_label.text()
    assert state.spec == get_preset("seed")

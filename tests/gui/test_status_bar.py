"""The status bar's parameter count follows the network as edited, not the last one built."""
from __future__ import annotations

import re


def _count(text: str) -> int:
    plain = re.sub(r"<[^>]+>", "", text)
    return int(re.search(r"([\d,]+) parameters", plain).group(1).replace(",", ""))


def test_parameter_count_follows_the_edited_network(qtbot, studio_window):
    window = studio_window()
    state, panel = window.state, window.model_panel
    with qtbot.waitSignal(state.runStarted, timeout=20000) as started:
        window.run_panel.actions["train"].trigger()
    built = started.args[0].num_params
    with qtbot.waitSignal(state.runEnded, timeout=20000):
        window.run_panel.actions["stop"].trigger()
    assert _count(window.info_label.text()) == built

    panel.select_row(0)
    panel.layer_editor.widgets["out_channels"].setValue(12)       # an edit after the run: not built yet
    edited = state.totals[0]
    assert edited != built
    assert _count(panel.totals_label.text()) == edited
    assert _count(window.info_label.text()) == edited

    panel.layer_editor.widgets["kernel_size"].setValue(40)         # cannot be built
    assert "cannot be built" in window.info_label.text()

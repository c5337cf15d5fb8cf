"""The model editor's layout: the layer buttons stay put whatever layer is selected."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from convnet_studio.gui.widgets.layer_table import COL_SETTINGS


def click_row(qtbot, panel, row: int) -> None:
    rect = panel.table.visualRect(panel.model.index(row, COL_SETTINGS))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.selected_row() == row and f"Layer {row}" in panel.editor_title.text()


def _button_rows(panel) -> list[int]:
    QApplication.processEvents()
    return [b.mapTo(panel, QPoint(0, 0)).y() for b in
            (panel.add_button, panel.remove_button, panel.up_button, panel.down_button)]


def test_layer_buttons_keep_their_place_whatever_is_selected(make_panel, qtbot):
    state, panel = make_panel()
    kinds = {type(layer).__name__: row for row, layer in enumerate(state.spec.layers)}
    assert len(kinds) >= 4                                  # conv, activation, pool, flatten, linear…
    click_row(qtbot, panel, 0)
    where = _button_rows(panel)
    for row in kinds.values():
        click_row(qtbot, panel, row)
        assert _button_rows(panel) == where, type(state.spec.layers[row]).__name__
    click_row(qtbot, panel, 0)
    panel.layer_editor.widgets["kernel_size"].setValue(40)              # the error note appears below
    assert panel.error_label.isVisible()
    assert _button_rows(panel) == where

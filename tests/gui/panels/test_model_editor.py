"""The model editor panel: editing layers through its widgets re-infers shapes at once."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from convnet_studio.core.model import spec as S
from convnet_studio.core.model.layers import LAYER_KINDS, EditorField, LayerKind
from convnet_studio.core.model.presets import PRESETS, get_preset
from convnet_studio.gui.widgets.layer_table import (
    COL_PARAMS, COL_SETTINGS, COL_SHAPE, ERROR_BRUSH, LayerSettingsEditor,
)


def open_editor(qtbot, panel, row: int) -> LayerSettingsEditor:
    """Click a row; its settings editor appears under the table."""
    rect = panel.table.visualRect(panel.model.index(row, COL_SETTINGS))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = panel.layer_editor
    assert isinstance(editor, LayerSettingsEditor) and panel.selected_row() == row
    assert f"Layer {row}" in panel.editor_title.text()
    return editor


def cell(panel, row: int, col: int, role=Qt.ItemDataRole.DisplayRole):
    return panel.model.data(panel.model.index(row, col), role)


def test_editing_conv_channels_updates_shape_and_params_cells(make_panel, qtbot):
    state, panel = make_panel()
    assert cell(panel, 0, COL_SHAPE) == "6×28×28"
    editor = open_editor(qtbot, panel, 0)
    editor.widgets["out_channels"].setValue(32)
    assert state.spec.layers[0].out_channels == 32
    assert cell(panel, 0, COL_SHAPE) == "32×28×28"
    assert cell(panel, 0, COL_PARAMS) == f"{32 * 3 * 25 + 32:,}"
    # the next conv's input channels changed too
    assert cell(panel, 3, COL_PARAMS) == f"{16 * 32 * 25 + 16:,}"
    params, _ = state.totals
    assert str(f"{params:,}") in panel.totals_label.text()


def test_impossible_kernel_highlights_row_and_explains(make_panel, qtbot):
    state, panel = make_panel()
    editor = open_editor(qtbot, panel, 3)
    editor.widgets["kernel_size"].setValue(40)
    assert state.spec_error is not None and state.spec_error.layer_index == 3
    assert cell(panel, 3, COL_SHAPE, Qt.ItemDataRole.BackgroundRole) == ERROR_BRUSH
    assert cell(panel, 3, COL_SHAPE) == "error" and cell(panel, 4, COL_SHAPE) == "—"
    assert cell(panel, 2, COL_SHAPE, Qt.ItemDataRole.BackgroundRole) is None
    assert "larger" in cell(panel, 3, COL_SETTINGS, Qt.ItemDataRole.ToolTipRole)
    assert panel.error_label.isVisible() and "Layer 3" in panel.error_label.text()
    assert "cannot be built" in state.train_blocker()
    editor.widgets["kernel_size"].setValue(3)
    assert state.spec_error is None and not panel.error_label.isVisible()


def test_layers_without_settings_say_so(make_panel, qtbot):
    state, panel = make_panel()
    rect = panel.table.visualRect(panel.model.index(6, COL_SETTINGS))   # Flatten
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.layer_editor is None and "no settings" in panel.editor_title.text()


def test_linear_classes_option_and_dropout_spin(make_panel, qtbot):
    state, panel = make_panel()
    last = len(state.spec.layers) - 1
    editor = open_editor(qtbot, panel, last)
    assert editor.widgets["out_features"].text() == "classes"
    editor.widgets["out_features"].setValue(7)
    assert state.spec.layers[last].out_features == 7
    assert state.spec_error is not None          # 7 outputs but 3 classes
    editor.widgets["out_features"].setValue(0)
    assert state.spec.layers[last].out_features == S.CLASSES and state.spec_error is None
    panel.add_actions["Dropout"].trigger()
    editor = panel.layer_editor
    editor.widgets["p"].setValue(0.4)
    assert state.spec.layers[last + 1] == S.Dropout(0.4)


def test_add_remove_move_duplicate_buttons(make_panel, qtbot):
    state, panel = make_panel()
    n = len(state.spec.layers)
    panel.select_row(1)
    panel.add_actions["Dropout"].trigger()
    assert isinstance(state.spec.layers[2], S.Dropout) and len(state.spec.layers) == n + 1
    assert panel.selected_row() == 2
    qtbot.mouseClick(panel.up_button, Qt.MouseButton.LeftButton)
    assert isinstance(state.spec.layers[1], S.Dropout)
    qtbot.mouseClick(panel.down_button, Qt.MouseButton.LeftButton)
    assert isinstance(state.spec.layers[2], S.Dropout)
    qtbot.mouseClick(panel.duplicate_button, Qt.MouseButton.LeftButton)
    assert isinstance(state.spec.layers[3], S.Dropout) and len(state.spec.layers) == n + 2
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert len(state.spec.layers) == n + 1 and panel.selected_row() == 3
    panel.select_row(2)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert state.spec.layers == get_preset("seed").layers
    assert panel.model.rowCount() == n


def test_drag_drop_moves_a_row(make_panel):
    state, panel = make_panel()
    first = state.spec.layers[0]
    mime = panel.model.mimeData([panel.model.index(0, 0)])
    panel.model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert state.spec.layers[2] == first and state.spec.layers[0] == get_preset("seed").layers[1]


def test_preset_combo_and_spec_files(make_panel, tmp_path):
    state, panel = make_panel()
    index = panel.preset_combo.findData("mlp")
    panel.preset_combo.setCurrentIndex(index)
    panel.preset_combo.activated.emit(index)
    assert state.spec == PRESETS["mlp"]
    path = tmp_path / "net.json"
    assert panel.save_spec_file(str(path)) == ""
    state.set_spec(get_preset("seed"))
    assert panel.load_spec_file(str(path)) == ""
    assert state.spec == PRESETS["mlp"]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert panel.load_spec_file(str(bad))
    assert panel.error_label.isVisible() and "not valid JSON" in panel.error_label.text()
    assert state.spec == PRESETS["mlp"]


def test_editor_locked_while_running(make_panel):
    state, panel = make_panel()
    state.set_run_status("running")
    assert panel.lock_label.isVisible()
    assert not panel.add_button.isEnabled() and not panel.preset_combo.isEnabled()
    assert not panel.editor_frame.isEnabled()
    assert not (panel.model.flags(panel.model.index(0, COL_SETTINGS)) & Qt.ItemFlag.ItemIsDragEnabled)
    state.set_run_status("idle")
    assert panel.editor_frame.isEnabled()
    assert panel.model.flags(panel.model.index(0, COL_SETTINGS)) & Qt.ItemFlag.ItemIsDragEnabled
    QApplication.processEvents()


def test_a_run_going_from_starting_to_running_does_not_make_the_table_reread_every_cell(make_panel):
    state, panel = make_panel()
    changed = []
    panel.model.dataChanged.connect(lambda *args: changed.append(args))
    state.set_run_status("starting")
    state.set_run_status("running")
    state.set_run_status("stopping")
    assert len(changed) == 1                 # only the lock: the cells themselves did not change
    state.set_run_status("idle")
    assert len(changed) == 2


def test_add_menu_offers_every_registered_kind(make_panel):
    state, panel = make_panel()
    actions = panel.add_button.menu().actions()
    assert [a.text() for a in actions] == [kind.label for kind in LAYER_KINDS]
    assert [a.toolTip() for a in actions] == [kind.add_tooltip for kind in LAYER_KINDS]
    for kind in LAYER_KINDS:
        panel.select_row(0)
        panel.add_actions[kind.label].trigger()
        assert state.spec.layers[1] == kind.template and panel.selected_row() == 1
        assert cell(panel, 1, COL_SETTINGS) == kind.describe(kind.template)


def test_settings_editor_knows_the_layer_input_shape(make_panel, qtbot):
    state, panel = make_panel()
    editor = open_editor(qtbot, panel, 3)                       # the conv after the first pool
    assert editor.in_shape() == (6, 14, 14)
    state.set_spec(state.spec.replace_layer(0, S.Conv2d(8, 5)))
    assert panel.layer_editor is editor and editor.in_shape() == (8, 14, 14)
    assert open_editor(qtbot, panel, 0).in_shape() == tuple(state.input_shape)


@dataclass(frozen=True)
class Split:
    """A made-up kind whose field may not exceed the input's channels."""
    kind: ClassVar[str] = "split"
    label: ClassVar[str] = "Split"
    parts: int = 2


SPLIT = LayerKind(spec=Split, rule=None, build=None, template=Split(), add_tooltip="test kind",
                  fields=(EditorField("parts", "Parts", "int", "How many parts.", 1, 64,
                                      input_maximum=lambda shape: shape[0]),))


def test_field_range_follows_the_input_shape_and_never_clips_the_spec(qtbot):
    editor = LayerSettingsEditor(Split(3), (6, 8, 8), kind=SPLIT)
    qtbot.addWidget(editor)
    spin = editor.widgets["parts"]
    assert (spin.minimum(), spin.maximum(), spin.value()) == (1, 6, 3)
    editor.set_layer(Split(3), (4, 8, 8))
    assert spin.maximum() == 4 and editor.layer() == Split(3)
    editor.set_layer(Split(9), (4, 8, 8))                      # an impossible value stays visible
    assert (spin.maximum(), spin.value()) == (9, 9) and editor.layer() == Split(9)
    editor.set_layer(Split(3), None)                           # input unknown: the field's own maximum
    assert spin.maximum() == 64
    with qtbot.waitSignal(editor.changed):
        spin.setValue(5)
    assert editor.layer() == Split(5)


def test_layer_table_shows_receptive_field_and_jump(make_panel, qtbot):
    from convnet_studio.gui.widgets.layer_table import COL_JUMP, COL_RF

    state, panel = make_panel()                      # the seed net
    assert [cell(panel, r, COL_RF) for r in range(7)] == ["5", "5", "6", "14", "14", "16", "all"]
    assert [cell(panel, r, COL_JUMP) for r in range(7)] == ["1", "1", "2", "2", "2", "4", "—"]
    editor = open_editor(qtbot, panel, 0)
    editor.widgets["kernel_size"].setValue(3)       # the field follows an edit at once
    assert [cell(panel, r, COL_RF) for r in range(6)] == ["3", "3", "4", "12", "12", "14"]
    assert panel.model.headerData(COL_RF, Qt.Orientation.Horizontal) == "RF"

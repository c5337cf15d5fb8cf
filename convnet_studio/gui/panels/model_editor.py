"""Model editor panel: preset chooser, editable layer table, totals, inline errors, spec files."""
from __future__ import annotations

import dataclasses
from typing import Optional

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QStackedLayout, QToolButton, QVBoxLayout,
    QWidget,
)

from ...core.model import spec as S
from ...core.model.layers import LAYER_KINDS, kind_named, kind_of
from ...core.model.presets import PRESETS, preset_description
from ..i18n import error_text, message_text, spec_error_text
from ..widgets.flow_layout import FlowLayout
from ..support.style import ERROR_STYLE
from ..state import StudioState
from ..widgets.buttons import shrinkable
from ..widgets.module_tree import ModuleTree
from ..widgets.layer_table import COL_LAYER, LayerSettingsEditor, LayerTableModel, LayerTableView

CUSTOM = "custom"


class ModelEditorPanel(QWidget):
    """Edits ``state.spec``; every edit re-infers shapes through the state."""

    def __init__(self, state: StudioState, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.state = state
        self._locked = False

        self.preset_combo = QComboBox()
        for name, spec in PRESETS.items():
            self.preset_combo.addItem(name, name)
            self.preset_combo.setItemData(self.preset_combo.count() - 1, message_text(preset_description(name)),
                                          Qt.ItemDataRole.ToolTipRole)
        self.preset_combo.addItem(self.tr("custom (edited)"), CUSTOM)
        self.preset_combo.setToolTip(self.tr("Start from a ready-made network; edit it below."))
        self.preset_combo.activated.connect(self._on_preset)
        # as wide as the panel allows, but its longest entry must not set the panel's minimum width
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset_combo.setMinimumContentsLength(12)
        self.load_button = QPushButton(self.tr("Load…"))
        self.load_button.setToolTip(self.tr("Load a network from a JSON spec file."))
        self.load_button.clicked.connect(self.open_spec_dialog)
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.setToolTip(self.tr("Save this network as a JSON spec file."))
        self.save_button.clicked.connect(self.save_spec_dialog)
        top = QHBoxLayout()
        preset_label = QLabel(self.tr("Preset"))
        preset_label.setBuddy(self.preset_combo)
        top.addWidget(preset_label)
        top.addWidget(self.preset_combo, 1)
        top.addWidget(self.load_button)
        top.addWidget(self.save_button)

        self.model = LayerTableModel(self)
        self.table = LayerTableView(self.model)
        self.table.doubleClicked.connect(self._focus_editor)
        self.model.moveRequested.connect(self._on_move_requested)

        self.add_button = QToolButton()
        self.add_button.setText(self.tr("Add"))
        self.add_button.setToolTip(self.tr("Insert a new layer after the selected one."))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(self.add_button)
        self.add_actions: dict[str, QAction] = {}
        for kind in LAYER_KINDS:
            action = menu.addAction(kind.label)
            action.setToolTip(kind.add_tooltip)
            action.setData(kind.name)
            self.add_actions[kind.label] = action
        menu.triggered.connect(self._on_add)
        self.add_button.setMenu(menu)
        self.remove_button = self._button(self.tr("Remove"), self.tr("Delete the selected layer."),
                                          self.remove_selected)
        self.up_button = self._button(self.tr("Up"), self.tr("Move the selected layer up (or drag rows)."),
                                      self.move_up)
        self.down_button = self._button(self.tr("Down"), self.tr("Move the selected layer down (or drag rows)."),
                                        self.move_down)
        self.duplicate_button = self._button(self.tr("Duplicate"),
                                             self.tr("Insert a copy of the selected layer below it."),
                                             self.duplicate_selected)
        buttons = FlowLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button, self.duplicate_button):
            buttons.addWidget(b)
        shrinkable(self.load_button, self.save_button, self.remove_button, self.up_button, self.down_button,
                   self.duplicate_button)

        self.editor_title = QLabel()
        self.editor_title.setObjectName("editorTitle")
        self.editor_title.setWordWrap(True)
        self.editor_frame = QFrame()
        self.editor_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self._editor_box = QVBoxLayout(self.editor_frame)
        self._editor_box.setContentsMargins(8, 6, 8, 6)
        self._editor_box.addWidget(self.editor_title)
        self.layer_editor: Optional[LayerSettingsEditor] = None
        self._editor_row = -1

        self.totals_label = QLabel()
        self.totals_label.setObjectName("totals")
        self.totals_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.lock_label = QLabel(self.tr("Locked while training: the running network cannot change. "
                                 "Stop the run to edit it."))
        self.lock_label.setWordWrap(True)
        self.lock_label.setObjectName("lockNote")
        self.lock_label.hide()

        # The layer buttons sit above everything whose height varies (the lock note, the settings
        # of the selected layer's kind, the error note), so they never move under the pointer.
        self.spec_page = QWidget()
        box = QVBoxLayout(self.spec_page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addLayout(buttons)
        box.addWidget(self.lock_label)
        box.addWidget(self.table, 1)
        box.addWidget(self.editor_frame)
        box.addWidget(self.totals_label)
        box.addWidget(self.error_label)

        self.module_tree = ModuleTree()      # an opened model's layers, read-only
        self.pages = QStackedLayout(self)
        self.pages.addWidget(self.spec_page)
        self.pages.addWidget(self.module_tree)
        if hasattr(state, "openedModelChanged"):
            state.openedModelChanged.connect(self._on_opened_model)

        state.shapesChanged.connect(self._refresh)
        state.runStatusChanged.connect(self._on_run_status)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self._refresh()

    def _on_opened_model(self, info) -> None:
        self.module_tree.set_model(info)
        self.pages.setCurrentWidget(self.spec_page if info is None else self.module_tree)

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.setToolTip(tip)
        b.clicked.connect(slot)
        return b

    # ------------------------------------------------------------------ public actions
    def selected_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, COL_LAYER))

    def add_layer(self, layer) -> None:
        row = self.selected_row()
        at = row + 1 if row >= 0 else len(self.state.spec.layers)
        layers = list(self.state.spec.layers)
        layers.insert(at, layer)
        self._apply(layers, at)

    @Slot()
    def remove_selected(self) -> None:
        row = self.selected_row()
        if row < 0:
            return
        layers = list(self.state.spec.layers)
        del layers[row]
        self._apply(layers, min(row, len(layers) - 1))

    @Slot()
    def move_up(self) -> None:
        row = self.selected_row()
        if row > 0:
            self._move(row, row - 1)

    @Slot()
    def move_down(self) -> None:
        row = self.selected_row()
        if 0 <= row < len(self.state.spec.layers) - 1:
            self._move(row, row + 1)

    @Slot()
    def duplicate_selected(self) -> None:
        row = self.selected_row()
        if row < 0:
            return
        layers = list(self.state.spec.layers)
        layers.insert(row + 1, layers[row])
        self._apply(layers, row + 1)

    def load_spec_file(self, path: str) -> str:
        """Load a spec JSON file into the editor; returns "" or the error sentence (also shown)."""
        try:
            spec = S.ModelSpec.load(path)
        except S.SpecError as exc:
            self._show_message(self.tr("Could not load the spec: {reason}").format(reason=spec_error_text(exc, False)))
            return error_text(exc)
        self.state.set_spec(spec)
        return ""

    def save_spec_file(self, path: str) -> str:
        """Save the current spec as JSON; returns "" or the error sentence (also shown)."""
        try:
            self.state.spec.save(path)
        except OSError as exc:
            message = self.tr("Could not save the spec to {path}: {reason}.").format(path=path,
                                                                                    reason=exc.strerror or exc)
            self._show_message(message)
            return message
        return ""

    @Slot()
    def open_spec_dialog(self) -> None:
        if self._locked:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open network spec"), "",
                                              self.tr("Network spec (*.json);;All files (*)"))
        if path:
            self.load_spec_file(path)

    @Slot()
    def save_spec_dialog(self) -> None:
        name = f"{self.state.spec.name or 'network'}.json"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save network spec"), name,
                                              self.tr("Network spec (*.json)"))
        if path:
            self.save_spec_file(path)

    # ------------------------------------------------------------------ internals
    def _apply(self, layers: list, select: Optional[int] = None) -> None:
        """Put ``layers`` in the spec (an edited preset is "custom" from then on); select row ``select``."""
        name = self.state.spec.name
        self.state.set_spec(dataclasses.replace(self.state.spec, layers=tuple(layers),
                                                name=name if name not in PRESETS else CUSTOM))
        if select is not None:
            self.select_row(select)

    def _move(self, source: int, target: int) -> None:
        layers = list(self.state.spec.layers)
        layer = layers.pop(source)
        layers.insert(target, layer)
        self._apply(layers, target)

    @Slot(int, int)
    def _on_move_requested(self, source: int, target: int) -> None:
        if not self._locked:
            self._move(source, target)

    @Slot()
    def _on_editor_changed(self) -> None:
        row, editor = self._editor_row, self.layer_editor
        if self._locked or editor is None or not (0 <= row < len(self.state.spec.layers)):
            return
        layer = editor.layer()
        if layer == self.state.spec.layers[row]:
            return
        layers = list(self.state.spec.layers)
        layers[row] = layer
        self._apply(layers)

    @Slot(QAction)
    def _on_add(self, action: QAction) -> None:
        kind = kind_named(action.data())
        if kind is not None:
            self.add_layer(kind.template)

    @Slot(int)
    def _on_preset(self, index: int) -> None:
        name = self.preset_combo.itemData(index)
        if name in PRESETS and not self._locked:
            self.state.set_spec(PRESETS[name])

    @Slot()
    def _refresh(self) -> None:
        state = self.state
        self.model.set_content(state.spec.layers, state.partial_infos, state.spec_error)
        params, mult_adds = state.totals
        shape = "×".join(str(s) for s in state.input_shape)
        prefix = "" if state.spec_error is None else self.tr("Up to the error: ")
        self.totals_label.setText(prefix + self.tr("<b>{params:,}</b> parameters · <b>{mult_adds}</b> mult-adds per "
                                                   "image · input {shape}, {classes} classes").format(
            params=params, mult_adds=_mega(mult_adds), shape=shape, classes=state.num_classes))
        error = state.spec_error
        if error is not None:
            self._show_message(self.tr("This network cannot be built. {reason}").format(reason=spec_error_text(error)))
        else:
            self.error_label.hide()
        match = next((n for n, s in PRESETS.items() if s == state.spec), CUSTOM)
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(match))
        if self.selected_row() < 0 and self.model.rowCount():
            self.select_row(0)      # an editor is always on show, so editing is discoverable
        self._show_editor(self.selected_row())
        self._update_buttons()

    def _show_message(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    @Slot(str)
    def _on_run_status(self, status: str) -> None:
        self._locked = status != "idle"
        self.model.set_editable(not self._locked)
        self.lock_label.setVisible(self._locked)
        self.table.setDragEnabled(not self._locked)
        for w in (self.preset_combo, self.load_button, self.editor_frame):
            w.setEnabled(not self._locked)
        self._update_buttons()

    @Slot()
    def _on_current_row(self, *_args) -> None:
        self._show_editor(self.selected_row())
        self._update_buttons()

    def _show_editor(self, row: int) -> None:
        """Show the settings editor of ``row`` (rebuilt only when the row or its kind changes)."""
        layers = self.state.spec.layers
        layer = layers[row] if 0 <= row < len(layers) else None
        in_shape = self._input_shape_of(row)
        editor = self.layer_editor
        if editor is not None and layer is not None and row == self._editor_row and type(editor.layer()) is type(layer):
            if editor.layer() != layer or editor.in_shape() != in_shape:
                editor.set_layer(layer, in_shape)
            return
        if editor is not None:
            self._editor_box.removeWidget(editor)
            editor.deleteLater()
            self.layer_editor = None
        self._editor_row = row
        if layer is None:
            self.editor_title.setText(self.tr("Select a layer to edit its settings."))
            return
        kind = kind_of(layer)
        if kind is None or not kind.fields:
            self.editor_title.setText(self.tr("Layer {row} · {label} has no settings.").format(row=row,
                                                                                               label=layer.label))
            return
        self.editor_title.setText(self.tr("Layer {row} · {label} settings").format(row=row, label=layer.label))
        self.layer_editor = LayerSettingsEditor(layer, in_shape)
        self.layer_editor.changed.connect(self._on_editor_changed)
        self._editor_box.addWidget(self.layer_editor)

    def _input_shape_of(self, row: int) -> Optional[tuple]:
        """The input shape of layer ``row``, or None when an earlier layer cannot be inferred."""
        if row == 0:
            return tuple(self.state.input_shape)
        infos = self.state.partial_infos
        return tuple(infos[row - 1].output_shape) if 0 < row <= len(infos) else None

    @Slot()
    def _focus_editor(self, *_args) -> None:
        if self.layer_editor is not None and self.layer_editor.widgets:
            next(iter(self.layer_editor.widgets.values())).setFocus()

    @Slot()
    def _update_buttons(self, *_args) -> None:
        row = self.selected_row()
        n = len(self.state.spec.layers)
        editable = not self._locked
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and row >= 0)
        self.duplicate_button.setEnabled(editable and row >= 0)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < n - 1)


def _mega(n: int) -> str:
    if n >= 1e9:
        return f"{n / 1e9:.2f} G"
    if n >= 1e6:
        return f"{n / 1e6:.2f} M"
    if n >= 1e3:
        return f"{n / 1e3:.1f} k"
    return str(n)

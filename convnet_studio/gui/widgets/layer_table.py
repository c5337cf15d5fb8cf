"""The model editor's layer table (a Qt model over the spec and its view) and the layer settings editor.

The model never edits the spec itself: drag-moves are reported through
``moveRequested`` and the panel turns them into a new spec for
``StudioState.set_spec``; the model then shows the re-inferred shapes.
``LayerTableView`` shows it one selected row at a time, rows reordered by dragging.
``LayerSettingsEditor`` shows one proper widget per field of the selected layer.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QCheckBox, QComboBox, QDoubleSpinBox, QGridLayout, QHeaderView, QLabel,
    QSpinBox, QStyle, QTableView, QWidget,
)

from ...core.model.layers import EditorField, LayerKind, kind_of, layer_text
from ...core.model.receptive_field import receptive_fields
from ...core.model.spec import ModelSpec
from ..i18n import QT_TRANSLATE_NOOP, message_text, spec_error_text, translate

COL_INDEX, COL_LAYER, COL_SETTINGS, COL_SHAPE, COL_PARAMS, COL_RF, COL_JUMP = range(7)
HEADERS = ("#", QT_TRANSLATE_NOOP("LayerTableModel", "Layer"), QT_TRANSLATE_NOOP("LayerTableModel", "Settings"),
           QT_TRANSLATE_NOOP("LayerTableModel", "Output shape"), QT_TRANSLATE_NOOP("LayerTableModel", "Params"),
           QT_TRANSLATE_NOOP("LayerTableModel", "RF"), QT_TRANSLATE_NOOP("LayerTableModel", "Jump"))
MIME = "application/x-convnet-studio-layer-row"
ERROR_BRUSH = QBrush(QColor(220, 38, 38, 110))


def describe_settings(layer: Any) -> str:
    """A short text of a layer's settings, e.g. ``"16 ch, 5×5, stride 2"`` (defaults left out)."""
    kind = kind_of(layer)
    return message_text(kind.describe(layer)) if kind is not None else "—"


def format_shape(shape: tuple) -> str:
    return "×".join(str(s) for s in shape)


def _fields_of(layers: tuple) -> list:
    """Each layer's receptive field; none for a net whose settings are not numbers yet."""
    try:
        return receptive_fields(ModelSpec(layers=tuple(layers)))
    except (TypeError, ValueError):
        return []


class LayerTableModel(QAbstractTableModel):
    """Rows are the spec's layers; shape and params come from the state's inferred infos."""

    moveRequested = Signal(int, int)    # from row, to row (final position)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._layers: tuple = ()
        self._infos: list = []
        self._fields: list = []
        self._error = None
        self._editable = True

    def set_content(self, layers: tuple, infos: list, error) -> None:
        """Show ``layers`` with their inferred ``infos`` (a valid prefix) and the SpecError, if any."""
        same_rows = len(layers) == len(self._layers) and all(
            type(a) is type(b) for a, b in zip(layers, self._layers))
        self._fields = _fields_of(layers)
        if same_rows:
            self._layers, self._infos, self._error = tuple(layers), list(infos), error
            self._all_cells_changed()
        else:
            self.beginResetModel()
            self._layers, self._infos, self._error = tuple(layers), list(infos), error
            self.endResetModel()

    def set_editable(self, editable: bool) -> None:
        """Let the rows be dragged (editable) or not; the view re-reads every cell only on a change."""
        if editable == self._editable:
            return
        self._editable = editable
        self._all_cells_changed()

    def _all_cells_changed(self) -> None:
        if self._layers:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._layers) - 1, len(HEADERS) - 1))

    def error_row(self) -> Optional[int]:
        """The row the SpecError names (the last row for whole-net problems), or None."""
        if self._error is None or not self._layers:
            return None
        index = self._error.layer_index
        return index if index is not None and 0 <= index < len(self._layers) else len(self._layers) - 1

    # ---------------------------------------------------------------- Qt model API
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._layers)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("LayerTableModel", HEADERS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return (translate("LayerTableModel", "Layer number (errors name it)"),
                    translate("LayerTableModel", "What kind of layer it is"),
                    translate("LayerTableModel", "The layer's settings; click to edit"),
                    translate("LayerTableModel", "Output of one image: channels×height×width, or a flat vector's "
                                                 "length"),
                    translate("LayerTableModel", "Learnable parameters (weights and biases)"),
                    self.tr("Receptive field: the side of the input square one unit of this layer sees "
                            "(\"all\": the whole image)"),
                    self.tr("Jump: input pixels between the fields of two neighbouring units"))[section]
        return None

    def flags(self, index):
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDragEnabled if self._editable else base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        layer = self._layers[row]
        info = self._infos[row] if row < len(self._infos) else None
        is_error = row == self.error_row()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_INDEX:
                return str(row)
            if col == COL_LAYER:
                return layer.label
            if col == COL_SETTINGS:
                return describe_settings(layer)
            if col == COL_SHAPE:
                if info:
                    return format_shape(info.output_shape)
                return translate("LayerTableModel", "error") if is_error else "—"
            if col == COL_PARAMS:
                return f"{info.params:,}" if info else "—"
            if col in (COL_RF, COL_JUMP):
                return self._field_text(row, col) if info else "—"
        if role == Qt.ItemDataRole.UserRole:
            return layer
        if role == Qt.ItemDataRole.DecorationRole and col == COL_LAYER and is_error:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ToolTipRole:
            if is_error:
                return spec_error_text(self._error)
            if col == COL_LAYER:
                kind = kind_of(layer)
                fallback = (type(layer).__doc__ or layer.label).strip()
                return message_text(layer_text(kind.name, "doc", fallback)) if kind else fallback
            if col == COL_SETTINGS and _fields(layer):
                return translate("LayerTableModel", "Select the row to edit these settings below the table.")
            if col == COL_SHAPE and info:
                return info.label
        if role == Qt.ItemDataRole.BackgroundRole and is_error:
            return ERROR_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_INDEX, COL_SHAPE, COL_PARAMS, COL_RF,
                                                                 COL_JUMP):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _field_text(self, row: int, col: int) -> str:
        if row >= len(self._fields):
            return "—"
        field = self._fields[row]
        if field.whole:
            return self.tr("all") if col == COL_RF else "—"
        return str(field.size if col == COL_RF else field.stride)

    # ---------------------------------------------------------------- drag to reorder
    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self):
        return [MIME]

    def mimeData(self, indexes):
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data = QMimeData()
        if rows:
            data.setData(MIME, str(rows[0]).encode())
        return data

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if not self._editable or not data.hasFormat(MIME):
            return False
        source = int(bytes(data.data(MIME)).decode() or -1)
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._layers))
        if target > source:
            target -= 1
        if 0 <= source < len(self._layers) and source != target:
            self.moveRequested.emit(source, max(0, min(target, len(self._layers) - 1)))
        return False  # the spec change resets the model; the view must not remove rows itself


class LayerTableView(QTableView):
    """The layer table: one row selected at a time, rows dragged to reorder (the model reports the
    move), no in-place editing, the settings column stretched and the others sized to their contents."""

    def __init__(self, model: LayerTableModel, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropOverwriteMode(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_SETTINGS, QHeaderView.ResizeMode.Stretch)
        for col in (COL_INDEX, COL_LAYER, COL_SHAPE, COL_PARAMS, COL_RF, COL_JUMP):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.setToolTip("")


def _fields(layer: Any) -> tuple[EditorField, ...]:
    kind = kind_of(layer)
    return kind.fields if kind is not None else ()


class LayerSettingsEditor(QWidget):
    """One labelled widget per editor field of a layer's kind, two per row; ``changed`` on every edit.

    ``in_shape`` is the layer's input shape when known: fields whose range depends on it
    (``EditorField.input_maximum``) follow it. ``kind`` defaults to the layer's registered kind.
    """

    changed = Signal()

    def __init__(self, layer: Any, in_shape: Optional[tuple] = None, parent=None,
                 kind: Optional[LayerKind] = None):
        super().__init__(parent)
        self._layer = layer
        self._in_shape = in_shape
        kind = kind or kind_of(layer)
        self._kind_name = kind.name if kind else ""
        self.fields: dict[str, EditorField] = {f.name: f for f in (kind.fields if kind else ())}
        self.widgets: dict[str, QWidget] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        for i, f in enumerate(self.fields.values()):
            widget = self._make(f)
            label = QLabel("" if f.widget == "check" else self._text(f, "label", f.label))
            label.setToolTip(self._text(f, "tooltip", f.tooltip))
            label.setBuddy(widget)
            row, col = divmod(i, 2)
            grid.addWidget(label, row, 2 * col)
            grid.addWidget(widget, row, 2 * col + 1)
            self.widgets[f.name] = widget
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.set_layer(layer, in_shape)

    def _make(self, f: EditorField) -> QWidget:
        if f.widget == "int":
            w = QSpinBox()
            w.setRange(int(f.minimum), int(f.maximum))
            w.setKeyboardTracking(False)
            if f.special is not None:
                w.setSpecialValueText(self._text(f, "special", f.special[1]))
            w.valueChanged.connect(self._emit_changed)
        elif f.widget == "float":
            w = QDoubleSpinBox()
            w.setRange(f.minimum, f.maximum)
            w.setSingleStep(f.step)
            w.setDecimals(f.decimals)
            w.setKeyboardTracking(False)
            w.valueChanged.connect(self._emit_changed)
        elif f.widget == "choice":
            w = QComboBox()
            for value, text in f.choices:
                w.addItem(self._text(f, f"choice.{value}", text), value)
            w.currentIndexChanged.connect(self._emit_changed)
        elif f.widget == "check":
            w = QCheckBox(self._text(f, "label", f.label))
            w.toggled.connect(self._emit_changed)
        else:
            raise ValueError(f"unknown editor widget {f.widget!r} for field {f.name!r}")
        w.setToolTip(self._text(f, "tooltip", f.tooltip))
        return w

    def _text(self, f: EditorField, part: str, fallback: str) -> str:
        return message_text(layer_text(self._kind_name, f"{f.name}.{part}", fallback))

    def layer(self) -> Any:
        """The layer as the widgets describe it."""
        values = {}
        for name, w in self.widgets.items():
            special = self.fields[name].special
            if isinstance(w, QSpinBox):
                v = w.value()
                values[name] = special[0] if special is not None and v == w.minimum() else v
            elif isinstance(w, QDoubleSpinBox):
                values[name] = round(w.value(), 4)
            elif isinstance(w, QComboBox):
                values[name] = w.currentData()
            elif isinstance(w, QCheckBox):
                values[name] = w.isChecked()
        return dataclasses.replace(self._layer, **values)

    def in_shape(self) -> Optional[tuple]:
        """The input shape the ranges follow (None: unknown)."""
        return self._in_shape

    def set_layer(self, layer: Any, in_shape: Optional[tuple] = None) -> None:
        """Show ``layer``'s values (its input being ``in_shape``, if known) without emitting ``changed``."""
        self._layer, self._in_shape = layer, in_shape
        for name, w in self.widgets.items():
            f = self.fields[name]
            value = getattr(layer, name)
            w.blockSignals(True)
            if isinstance(w, QSpinBox):
                shown = w.minimum() if f.special is not None and value == f.special[0] else int(value)
                if f.input_maximum is not None:
                    most = f.input_maximum(in_shape) if in_shape else int(f.maximum)
                    w.setMaximum(max(int(f.minimum), most, shown))  # never clip what the spec holds
                w.setValue(shown)
            elif isinstance(w, QDoubleSpinBox):
                w.setValue(float(value))
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(value)))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            w.blockSignals(False)

    @Slot()
    def _emit_changed(self, *_):
        self.changed.emit()

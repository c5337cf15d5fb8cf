"""ModuleTree: an opened model's layers, read-only: module path, type, output shape, parameters."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget


def _shape(shape) -> str:
    return "×".join(str(int(v)) for v in shape) or "–"


class ModuleTree(QWidget):
    """Shows an ``OpenedModelInfo`` as a tree of its modules; a search box filters by path or type.

    ``closeRequested`` asks to go back to the spec's network.
    """

    closeRequested = Signal()

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find a layer (path or type, e.g. layer3 or Conv2d)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Layer"), self.tr("Type"), self.tr("Output"), self.tr("Params")])
        self.tree.setUniformRowHeights(True)
        self.tree.setToolTip(self.tr("The opened model's modules (read-only): module path, output shape for "
                                     "one image, parameters (with those of the modules inside)."))
        self.close_button = QPushButton(self.tr("Back to the network editor"))
        self.close_button.setToolTip(self.tr("Stop looking at the opened model and edit your own network again."))
        self.close_button.clicked.connect(self.closeRequested)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bottom)
        self._items: dict[str, QTreeWidgetItem] = {}

    def set_model(self, info) -> None:
        """Show ``info`` (an ``OpenedModelInfo``), or nothing for None."""
        self.tree.clear()
        self._items = {}
        if info is None:
            self.title.setText("")
            return
        c, h, w = info.meta.input_shape
        self.title.setText(self.tr("{0} ({1}): {2} parameters, {3} classes, input {4}×{5}×{6}")
                           .replace("{0}", info.source.title).replace("{1}", info.source.kind)
                           .replace("{2}", f"{info.total_params:,}").replace("{3}", str(info.meta.num_classes))
                           .replace("{4}", str(c)).replace("{5}", str(h)).replace("{6}", str(w)))
        for layer in info.layers:
            parent = self._items.get(layer.path.rpartition(".")[0])
            item = QTreeWidgetItem([layer.path, layer.kind, _shape(layer.output_shape), f"{layer.params:,}"])
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            self._items[layer.path] = item
        for column in range(4):
            self.tree.resizeColumnToContents(column)
        self._filter(self.search.text())

    def paths(self) -> list[str]:
        """The module paths listed, in model order."""
        return list(self._items)

    def row_text(self, path: str) -> list[str]:
        """The four cells of the row of ``path``."""
        item = self._items[path]
        return [item.text(k) for k in range(4)]

    def _filter(self, text: str) -> None:
        """Show the modules whose path or type contains ``text``, with the modules above them."""
        needle = text.strip().lower()
        for path, item in reversed(list(self._items.items())):      # children before their parents
            hit = not needle or needle in path.lower() or needle in item.text(1).lower()
            inside = any(not item.child(k).isHidden() for k in range(item.childCount()))
            item.setHidden(not (hit or inside))
            item.setExpanded(bool(needle) and inside)

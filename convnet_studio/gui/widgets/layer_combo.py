"""LayerCombo: a combo box listing network layers, whose item data is the spec layer index
(or, for an opened model, the module path such as ``layer3.1.conv2``)."""
from __future__ import annotations

from typing import Optional, Union

from PySide6.QtWidgets import QComboBox


class LayerCombo(QComboBox):
    """Items carry a spec layer index as their data; the views pick layers by that index."""

    def current_layer(self) -> Optional[Union[int, str]]:
        """The selected layer's spec index (module path for an opened model), or None when the list is empty."""
        data = self.currentData()
        return None if data is None else data if isinstance(data, str) else int(data)

    def select_layer(self, index: Union[int, str]) -> bool:
        """Select the item of spec layer ``index`` (or module path); False (and no change) if it is not listed."""
        pos = self.findData(index if isinstance(index, str) else int(index))
        if pos >= 0:
            self.setCurrentIndex(pos)
        return pos >= 0

    def set_entries(self, entries: list[tuple]) -> bool:
        """List ``entries`` ((layer, text) pairs), keeping the selected layer if it is still listed (else the
        first), without emitting signals. False, and no change, when the list is already this."""
        have = [(self.itemData(k), self.itemText(k)) for k in range(self.count())]
        if entries == have:
            return False
        keep = self.current_layer()
        blocked = self.blockSignals(True)
        self.clear()
        for data, text in entries:
            self.addItem(text, data)
        pos = self.findData(keep) if keep is not None else -1
        self.setCurrentIndex(max(pos, 0) if entries else -1)
        self.blockSignals(blocked)
        return True

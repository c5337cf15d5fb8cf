"""LayerCombo: a combo box listing network layers, whose item data is the spec layer index."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QComboBox


class LayerCombo(QComboBox):
    """Items carry a spec layer index as their data; the views pick layers by that index."""

    def current_layer(self) -> Optional[int]:
        """The selected layer's spec index, or None when the list is empty."""
        data = self.currentData()
        return None if data is None else int(data)

    def select_layer(self, index: int) -> bool:
        """Select the item of spec layer ``index``; False (and no change) if it is not listed."""
        pos = self.findData(int(index))
        if pos >= 0:
            self.setCurrentIndex(pos)
        return pos >= 0

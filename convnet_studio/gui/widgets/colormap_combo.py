"""ColormapCombo: a choice of colour map for activation tiles, and the chosen map's lookup table."""
from __future__ import annotations

from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QWidget

COLORMAPS = ("Viridis", "Grayscale", "Magma", "Inferno", "Plasma")


class ColormapCombo(QComboBox):
    """The maps of ``COLORMAPS``, each item's data its name; ``lut()`` gives the chosen one's table."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._luts: dict[str, Optional[np.ndarray]] = {}
        for name in COLORMAPS:
            self.addItem(self.tr("Grayscale") if name == "Grayscale" else name, name)

    def lut(self) -> Optional[np.ndarray]:
        """The chosen map as a (256, 3) uint8 table, made once per map; None for grey levels."""
        name = self.currentData() or "Grayscale"
        if name not in self._luts:
            lut = None
            if name != "Grayscale":
                table = pg.colormap.get(name.lower()).getLookupTable(nPts=256, mode="byte")
                lut = np.ascontiguousarray(table[:, :3], dtype=np.uint8)
            self._luts[name] = lut
        return self._luts[name]

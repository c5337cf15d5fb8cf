"""ChannelPager: which page of a wide layer's channels a tile view shows (hidden for narrow layers)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget

#: Channels drawn at once; wider layers (512 channels of resnet18's layer4) are shown a page at a time.
PAGE_CHANNELS = 256


class ChannelPager(QWidget):
    """A "Channels page" spin box; ``changed`` when the user picks another page."""

    changed = Signal()

    def __init__(self, per_page: int = PAGE_CHANNELS, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.per_page = per_page
        self.spin = QSpinBox()
        self.spin.setMinimum(1)
        self.spin.setToolTip(self.tr("Wide layers are shown {0} channels at a time: pick which page.")
                             .replace("{0}", str(per_page)))
        self.spin.valueChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Channels page")))
        layout.addWidget(self.spin)
        self.setVisible(False)

    def first_channel(self, channels: int) -> int:
        """The first channel of the page to show of a ``channels``-wide layer (0 for narrow layers);
        the pager is shown only when there is more than one page."""
        pages = max(1, -(-channels // self.per_page))
        blocked = self.spin.blockSignals(True)
        self.spin.setMaximum(pages)
        self.spin.blockSignals(blocked)
        self.setVisible(pages > 1)
        return (self.spin.value() - 1) * self.per_page if pages > 1 else 0

"""JobControls: Compute, a progress bar and Cancel, for a slow computation the user starts and may stop."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget


class JobControls(QWidget):
    """``compute_button``, ``progress`` (0..100) and ``cancel_button`` (disabled until the owner enables it)
    in a row; the owner connects the buttons and sets the progress."""

    def __init__(self, compute_tip: str = "", parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.compute_button = QPushButton(self.tr("Compute"))
        self.compute_button.setToolTip(compute_tip)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.progress.setMaximumWidth(160)
        self.progress.setMinimumWidth(60)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.compute_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_button)

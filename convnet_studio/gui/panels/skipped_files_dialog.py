"""A small dialog listing the image files a folder load skipped, and why."""
from __future__ import annotations

import os
from typing import Optional

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from ..i18n import translate


def skipped_lines(folder: str, skipped_files, total: int) -> list[str]:
    """``"cat/broken.jpg — the file is empty"`` for each (path, reason), paths relative to ``folder``."""
    lines = []
    for path, reason in skipped_files:
        try:
            shown = os.path.relpath(path, folder)
        except ValueError:                  # another drive (Windows)
            shown = path
        lines.append(f"{shown} — {reason}")
    if total > len(lines):
        lines.append(translate("SkippedFilesDialog", "… and {count:,} more").format(count=total - len(lines)))
    return lines


class SkippedFilesDialog(QDialog):
    """Which files of ``folder`` could not be read, one per line."""

    def __init__(self, folder: str, skipped_files, total: int, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Skipped image files"))
        intro = QLabel(self.tr("{count:,} file(s) in {folder} could not be read as images and were left out:").format(
            count=total, folder=folder))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.addItems(skipped_lines(folder, skipped_files, total))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addWidget(self.list, 1)
        box.addWidget(buttons)
        self.resize(560, 320)

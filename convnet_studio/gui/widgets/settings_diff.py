"""SettingsDiff: the hyperparameters and network of two runs side by side, what differs first and marked."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ..support.run_rows import flat_settings

#: Background of a row whose values differ (translucent, so it reads on light and dark themes).
DIFF_COLOUR = QColor(250, 204, 21, 90)


def _text(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "—" if value is None else str(value)


class SettingsDiff(QTableWidget):
    """``show_runs(name_a, meta_a, name_b, meta_b)``: one row per setting (config, then spec)."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(0, 3, parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        # The two runs' columns share the width, so both stay in view; long values elide
        # (their full text is the tooltip).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.differing: list[str] = []
        self.clear_runs()

    def clear_runs(self) -> None:
        self.setRowCount(0)
        self.differing = []
        self.setHorizontalHeaderLabels([self.tr("Setting"), "", ""])

    def show_runs(self, name_a: str, meta_a: dict, name_b: str, meta_b: dict) -> None:
        """Fill the table; differing settings come first, bold, on a highlighted background."""
        a, b = flat_settings(meta_a), flat_settings(meta_b)
        keys = list(a) + [k for k in b if k not in a]
        self.differing = [k for k in keys if a.get(k) != b.get(k)]
        ordered = self.differing + [k for k in keys if k not in self.differing]
        self.setHorizontalHeaderLabels([self.tr("Setting"), name_a, name_b])
        self.setRowCount(len(ordered))
        bold = QFont(self.font())
        bold.setBold(True)
        for row, key in enumerate(ordered):
            differs = key in self.differing
            for col, text in enumerate((key, _text(a.get(key)), _text(b.get(key)))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if differs:
                    item.setBackground(QBrush(DIFF_COLOUR))
                    item.setFont(bold)
                self.setItem(row, col, item)

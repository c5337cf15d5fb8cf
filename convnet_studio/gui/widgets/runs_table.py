"""RunsTable: kept runs, one row each, sorted by the values behind the cells and selected by run id."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ..i18n import QT_TRANSLATE_NOOP, TranslatedMapping, message_text
from ..support.run_rows import row_cells

#: A run's status (core.runs) and the network names run_rows makes up, as the table shows them.
CELL_TEXT = TranslatedMapping("RunsTable", {
    "running": QT_TRANSLATE_NOOP("RunsTable", "running"),
    "finished": QT_TRANSLATE_NOOP("RunsTable", "finished"),
    "stopped": QT_TRANSLATE_NOOP("RunsTable", "stopped"),
    "diverged": QT_TRANSLATE_NOOP("RunsTable", "diverged"),
    "failed": QT_TRANSLATE_NOOP("RunsTable", "failed"),
    "interrupted": QT_TRANSLATE_NOOP("RunsTable", "interrupted"),
    "unreadable": QT_TRANSLATE_NOOP("RunsTable", "unreadable"),
    "custom": QT_TRANSLATE_NOOP("RunsTable", "custom"),
    "opened model": QT_TRANSLATE_NOOP("RunsTable", "opened model"),
})


class _SortItem(QTableWidgetItem):
    """A cell that sorts by its key (numbers as numbers), not by its text."""

    def __init__(self, text: str, key):
        super().__init__(text)
        self.key = key

    def __lt__(self, other):
        mine, theirs = self.key, getattr(other, "key", other.text())
        try:
            return mine < theirs
        except TypeError:
            return str(mine) < str(theirs)


class RunsTable(QTableWidget):
    """Whole rows are selected, several at once; cells are not edited here. The first cell of a row
    carries its run's id (``Qt.UserRole``) and, as its tooltip, the run's problem or folder."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(0, 0, parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def fill(self, runs: list, hparams: list[str], columns: list[tuple[str, str]]) -> None:
        """One row per ``RunInfo`` of ``runs``; ``columns`` are (``run_rows.row_cells`` key, title) pairs, with
        ``config.<name>`` for each of ``hparams``. The sort order stays; no signals while it fills."""
        self.blockSignals(True)
        sort_column = self.horizontalHeader().sortIndicatorSection()
        sort_order = self.horizontalHeader().sortIndicatorOrder()
        self.setSortingEnabled(False)
        self.clearContents()
        self.setColumnCount(len(columns))
        self.setHorizontalHeaderLabels([title for _key, title in columns])
        self.setRowCount(len(runs))
        for row, info in enumerate(runs):
            cells = row_cells(info, hparams)
            for col, (key, _title) in enumerate(columns):
                cell = cells[key]
                text = CELL_TEXT[cell.text] if key in ("status", "net") and cell.text in CELL_TEXT else cell.text
                item = _SortItem(text, cell.key)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, info.id)
                    item.setToolTip(message_text(info.problem) or str(info.path))
                self.setItem(row, col, item)
        self.setSortingEnabled(True)
        if 0 <= sort_column < len(columns):
            self.sortByColumn(sort_column, sort_order)
        self.blockSignals(False)
        self.resizeColumnsToContents()

    def row_of(self, run_id: str) -> int:
        """The row of run ``run_id``, or -1."""
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == run_id:
                return row
        return -1

    def selected_ids(self) -> list[str]:
        """Ids of the selected runs, in table order."""
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [self.item(row, 0).data(Qt.ItemDataRole.UserRole) for row in rows]

    def select_ids(self, run_ids) -> None:
        """Select exactly these runs (unknown ids are skipped), without a signal."""
        model = self.selectionModel()
        self.blockSignals(True)
        self.clearSelection()
        for run_id in run_ids:
            row = self.row_of(run_id)
            if row >= 0:
                model.select(model.model().index(row, 0), model.SelectionFlag.Select | model.SelectionFlag.Rows)
        self.blockSignals(False)

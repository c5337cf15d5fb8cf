"""EventCounter: counts the Qt events of one type that the objects it watches receive."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject


class EventCounter(QObject):
    """Install with ``watch(obj, ...)``; ``count`` is how many ``event_type`` events arrived."""

    def __init__(self, event_type: QEvent.Type):
        super().__init__()
        self.event_type, self.count = event_type, 0

    def watch(self, *objects: QObject) -> "EventCounter":
        for obj in objects:
            obj.installEventFilter(self)
        return self

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == self.event_type:
            self.count += 1
        return False

"""TorchLoader: gets PyTorch ready in the compute thread, so that the GUI thread never waits for it.

Importing PyTorch takes seconds, and so does the first optimizer a process builds. The loader
pays both in the compute thread (it is a child of the ``TrainingWorker``, so it lives there):
``load`` imports PyTorch and says which devices it can train on, ``warm_up`` pays the first
run's one-time costs while the user looks around. Work queued behind either runs once it is done.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, Signal, Slot

from ...core.errors import one_sentence
from ..i18n import message_text


class TorchLoader(QObject):
    """Imports PyTorch and warms it up in the thread it lives in."""

    loaded = Signal(object, str)    # device names the user may pick (tuple), error sentence ("" if ok)
    warmedUp = Signal()

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)

    @Slot()
    def load(self) -> None:
        """Import PyTorch (seconds) here, not in the GUI thread, and say which devices it can train on."""
        try:
            from ...core.train.device import available_devices
            devices = tuple(available_devices())
        except Exception as exc:  # noqa: BLE001 - a broken install is told in one sentence
            self.loaded.emit((), self.tr("PyTorch could not be loaded: {reason}").format(
                reason=message_text(one_sentence(exc))))
            return
        self.loaded.emit(devices, "")

    @Slot()
    def warm_up(self) -> None:
        """Pay one-time costs of the first run now, off the GUI thread.

        The first optimizer built in a process imports ``torch._dynamo`` lazily (seconds);
        doing it while the user looks around makes the first Train start at once.
        """
        try:
            import torch
            torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
        except Exception:  # noqa: BLE001 - only an optimisation
            pass
        self.warmedUp.emit()

"""Number inputs for hyperparameters: a spin box that shows 3e-4 style values and steps
logarithmically, and a learning-rate editor pairing it with a log-scale slider."""
from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QSlider, QWidget


class SciSpinBox(QDoubleSpinBox):
    """A double spin box that prints ``%g`` (``0.001``, ``3e-05``) and steps by a factor.

    One arrow step multiplies (or divides) the value by ``factor``; from 0 it goes
    to ``floor`` and below ``floor`` back to 0 (when the minimum allows 0).
    """

    def __init__(self, minimum: float, maximum: float, factor: float = 10 ** 0.1,
                 floor: float = 1e-5, parent=None):
        super().__init__(parent)
        self._factor = factor
        self._floor = floor
        self.setDecimals(12)
        self.setRange(minimum, maximum)
        self.setKeyboardTracking(False)
        self.setAccelerated(True)

    def textFromValue(self, value: float) -> str:
        return f"{value:.4g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text.strip())
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        stripped = text.strip()
        if stripped == "":
            return QValidator.State.Intermediate, text, pos
        try:
            value = float(stripped)
        except ValueError:
            if all(c in "0123456789.eE+-" for c in stripped):
                return QValidator.State.Intermediate, text, pos
            return QValidator.State.Invalid, text, pos
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def stepBy(self, steps: int) -> None:
        value = self.value()
        if value <= 0:
            value = self._floor if steps > 0 else 0.0
        else:
            value *= self._factor ** steps
            if value < self._floor * 0.999:
                value = 0.0 if self.minimum() <= 0 else self.minimum()
        value = float(f"{value:.3g}")
        self.setValue(min(self.maximum(), max(self.minimum(), value)))


class LearningRateEditor(QWidget):
    """A log-scale slider (1e-5 .. 1) kept in sync with an exact ``SciSpinBox``."""

    valueChanged = Signal(float)
    TICKS_PER_DECADE = 100
    LOG_MIN, LOG_MAX = -5.0, 0.0

    def __init__(self, parent=None):
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, int((self.LOG_MAX - self.LOG_MIN) * self.TICKS_PER_DECADE))
        self.slider.setPageStep(self.TICKS_PER_DECADE // 2)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(self.TICKS_PER_DECADE)
        self.spin = SciSpinBox(10 ** self.LOG_MIN, 10 ** self.LOG_MAX, factor=10 ** 0.1)
        self.spin.setMinimumWidth(86)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.slider, 1)
        box.addWidget(self.spin)
        self.slider.valueChanged.connect(self._from_slider)
        self.spin.valueChanged.connect(self._from_spin)

    def value(self) -> float:
        return self.spin.value()

    def setValue(self, value: float) -> None:
        """Set without emitting ``valueChanged``."""
        self.spin.blockSignals(True)
        self.spin.setValue(value)
        self.spin.blockSignals(False)
        self._sync_slider(self.spin.value())

    def setToolTip(self, text: str) -> None:
        super().setToolTip(text)
        self.slider.setToolTip(text)
        self.spin.setToolTip(text)

    def _sync_slider(self, value: float) -> None:
        pos = round((math.log10(max(value, 10 ** self.LOG_MIN)) - self.LOG_MIN) * self.TICKS_PER_DECADE)
        self.slider.blockSignals(True)
        self.slider.setValue(pos)
        self.slider.blockSignals(False)

    @Slot(int)
    def _from_slider(self, pos: int) -> None:
        value = float(f"{10 ** (self.LOG_MIN + pos / self.TICKS_PER_DECADE):.2g}")
        self.spin.blockSignals(True)
        self.spin.setValue(value)
        self.spin.blockSignals(False)
        self.valueChanged.emit(self.spin.value())

    @Slot(float)
    def _from_spin(self, value: float) -> None:
        self._sync_slider(value)
        self.valueChanged.emit(value)

"""ProbeControls: sliders that change the probe image live (shift, rotate, scale, flips,
brightness/contrast, noise, an occluding patch), reported as one ``ProbeTransform``."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from ...core.inspect.probe_transform import ProbeTransform
from .buttons import shrinkable

#: slider name -> (minimum, maximum, ProbeTransform field, slider units per field unit)
SLIDERS = {
    "shift_x": (-16, 16, "shift_x", 1),
    "shift_y": (-16, 16, "shift_y", 1),
    "rotate": (-180, 180, "rotate", 1),
    "scale": (25, 300, "scale", 100),
    "brightness": (-100, 100, "brightness", 100),
    "contrast": (0, 300, "contrast", 100),
    "noise": (0, 100, "noise", 100),
    "patch_size": (1, 32, None, 1),
}


class ProbeControls(QWidget):
    """One slider per transform; ``transformChanged`` carries the whole ``ProbeTransform``
    as the user moves any of them. The patch's centre comes from outside (``set_patch_center``:
    the user drags it over the input image)."""

    transformChanged = Signal(object)      # ProbeTransform

    def __init__(self, parent: Optional[QWidget] = None, columns: int = 3):
        super().__init__(parent)
        self._transform = ProbeTransform()
        self._centre = (0, 0)
        self._side = 32
        self.sliders: dict[str, QSlider] = {}
        self._values: dict[str, QLabel] = {}
        texts = {
            "shift_x": (self.tr("Shift x"), self.tr("Move the image right (or left), in pixels; zeros come in.")),
            "shift_y": (self.tr("Shift y"), self.tr("Move the image down (or up), in pixels.")),
            "rotate": (self.tr("Rotate"), self.tr("Turn the image counter-clockwise, in degrees.")),
            "scale": (self.tr("Scale"), self.tr("Zoom in or out about the centre, in percent.")),
            "brightness": (self.tr("Brightness"), self.tr("Add to every pixel (percent of full scale).")),
            "contrast": (self.tr("Contrast"), self.tr("Stretch pixels away from mid-grey, in percent.")),
            "noise": (self.tr("Noise"), self.tr("Gaussian noise: its standard deviation in percent of full scale.")),
            "patch_size": (self.tr("Patch"), self.tr("Side of the grey occluding square; drag it over the input.")),
        }
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        rows = -(-len(SLIDERS) // columns)
        for k, (name, (lo, hi, _field, _units)) in enumerate(SLIDERS.items()):
            row, col = k % rows, 3 * (k // rows)
            label, tip = texts[name]
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(lo, hi)
            slider.setToolTip(tip)
            slider.valueChanged.connect(self._changed)
            value = QLabel()
            value.setMinimumWidth(36)
            self.sliders[name], self._values[name] = slider, value
            name_label = QLabel(label)
            name_label.setToolTip(tip)
            grid.addWidget(name_label, row, col)
            grid.addWidget(slider, row, col + 1)
            grid.addWidget(value, row, col + 2)
            grid.setColumnStretch(col + 1, 1)
        self.patch_check = QCheckBox(self.tr("Occlude"))
        self.patch_check.setToolTip(self.tr("Cover part of the image with a grey square you drag over the input."))
        self.patch_check.toggled.connect(self._changed)
        self.flip_h = QCheckBox(self.tr("Flip ↔"))
        self.flip_h.setToolTip(self.tr("Mirror the image left to right."))
        self.flip_v = QCheckBox(self.tr("Flip ↕"))
        self.flip_v.setToolTip(self.tr("Mirror the image top to bottom."))
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("Show the image as it is."))
        self.reset_button.clicked.connect(self.reset)
        shrinkable(self.reset_button)
        for box in (self.flip_h, self.flip_v):
            box.toggled.connect(self._changed)
        row = QHBoxLayout()
        row.addWidget(self.patch_check)
        row.addWidget(self.flip_h)
        row.addWidget(self.flip_v)
        row.addStretch(1)
        row.addWidget(self.reset_button)
        grid.addLayout(row, rows, 0, 1, 3 * columns)
        self.reset()

    # ------------------------------------------------------------------ public API
    @property
    def transform(self) -> ProbeTransform:
        return self._transform

    def set_image_size(self, height: int, width: int) -> None:
        """Shift and patch ranges follow the input image (a 28×28 digit, a 32×32 photo)."""
        self._side = max(int(height), int(width))
        for name, extent in (("shift_x", width), ("shift_y", height)):
            self.sliders[name].setRange(-int(extent), int(extent))
        self.sliders["patch_size"].setRange(1, self._side)
        self._centre = (int(width) // 2, int(height) // 2)
        self._changed()

    def set_patch_center(self, x: int, y: int) -> None:
        """Centre the occluding patch on input pixel (x, y) (turning it on)."""
        self._centre = (int(x), int(y))
        if not self.patch_check.isChecked():
            self.patch_check.setChecked(True)        # emits through _changed
        else:
            self._changed()

    def patch(self) -> Optional[tuple[int, int, int]]:
        """``(x, y, size)`` of the patch, or None when it is off."""
        return (*self._centre, self.sliders["patch_size"].value()) if self.patch_check.isChecked() else None

    def set_transform(self, transform: ProbeTransform) -> None:
        """Move every control to ``transform`` (one ``transformChanged`` at most)."""
        widgets = [*self.sliders.values(), self.patch_check, self.flip_h, self.flip_v]
        blocked = [w.blockSignals(True) for w in widgets]
        for name, (_lo, _hi, field, units) in SLIDERS.items():
            if field is not None:
                self.sliders[name].setValue(int(round(getattr(transform, field) * units)))
        if transform.patch is not None:
            x, y, size = transform.patch
            self._centre = (int(x), int(y))
            self.sliders["patch_size"].setValue(int(size))
        self.patch_check.setChecked(transform.patch is not None)
        self.flip_h.setChecked(transform.flip_h)
        self.flip_v.setChecked(transform.flip_v)
        for w, b in zip(widgets, blocked):
            w.blockSignals(b)
        self._changed()

    def reset(self) -> None:
        """Every control back to "as it is" (one ``transformChanged`` at most)."""
        widgets = [*self.sliders.values(), self.patch_check, self.flip_h, self.flip_v]
        blocked = [w.blockSignals(True) for w in widgets]
        for name, (lo, hi, field, units) in SLIDERS.items():
            default = getattr(ProbeTransform(), field) if field else max(lo, self._side // 4)
            self.sliders[name].setValue(int(round(default * units)))
        for box in (self.patch_check, self.flip_h, self.flip_v):
            box.setChecked(False)
        for w, b in zip(widgets, blocked):
            w.blockSignals(b)
        self._changed()

    # ------------------------------------------------------------------ internals
    def _read(self) -> ProbeTransform:
        values = {}
        for name, (_lo, _hi, field, units) in SLIDERS.items():
            if field is not None:
                raw = self.sliders[name].value()
                values[field] = raw if units == 1 and field.startswith("shift") else raw / units
        return replace(ProbeTransform(), **values, flip_h=self.flip_h.isChecked(), flip_v=self.flip_v.isChecked(),
                       patch=self.patch(), noise_seed=0)

    def _changed(self, *_args) -> None:
        for name, (_lo, _hi, field, units) in SLIDERS.items():
            value = self.sliders[name].value()
            self._values[name].setText(str(value) if units == 1 else f"{value}%")
        transform = self._read()
        if transform != self._transform:
            self._transform = transform
            self.transformChanged.emit(transform)

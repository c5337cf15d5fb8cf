"""ProbePanel: the feature-maps view's input side — the probe image (or a drawing canvas),
live transform controls and the draw tools. It writes to the state (probe image, probe
transform); what the net makes of it comes back as snapshots to the view."""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QColorDialog, QDoubleSpinBox, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QStackedWidget, QVBoxLayout, QWidget)

from ...core.inspect.probe_source import ProbeSource
from ...core.jobs.kinds import JobKind
from ..support.job_requester import JobRequester
from .buttons import shrinkable
from .draw_canvas import DrawCanvas
from .probe_controls import ProbeControls
from .probe_input import ProbeInput


class ProbePanel(QWidget):
    """Input image or drawing canvas, with the controls that change what the net sees.

    ``controls_box`` is left for the owner to place (a wide spot suits its sliders)."""

    drawModeChanged = Signal(bool)

    def __init__(self, state, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._state = state
        self.input = ProbeInput()
        self.canvas = DrawCanvas()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.input)
        self.stack.addWidget(self.canvas)

        self.draw_button = QPushButton(self.tr("Draw"))
        self.draw_button.setCheckable(True)
        self.draw_button.setToolTip(self.tr("Paint your own input with the mouse; the prediction and every "
                                            "layer's maps follow as you draw."))
        self.draw_button.toggled.connect(self.set_draw_mode)
        self.brush_spin = QDoubleSpinBox()
        self.brush_spin.setRange(0.5, 16.0)
        self.brush_spin.setSingleStep(0.5)
        self.brush_spin.setValue(self.canvas.brush)
        self.brush_spin.setPrefix(self.tr("Brush "))
        self.brush_spin.setSuffix(self.tr(" px"))
        self.brush_spin.setToolTip(self.tr("Brush size, in input pixels."))
        self.brush_spin.valueChanged.connect(self.canvas.set_brush)
        self.color_button = QPushButton(self.tr("Colour…"))
        self.color_button.setToolTip(self.tr("The brush colour (colour datasets)."))
        self.color_button.clicked.connect(self._ask_color)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Start a fresh, black canvas."))
        self.clear_button.clicked.connect(self.canvas.clear)
        shrinkable(self.draw_button, self.color_button, self.clear_button)
        self.draw_tools = QWidget()
        tools = QHBoxLayout(self.draw_tools)
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.brush_spin)
        tools.addWidget(self.color_button)
        tools.addWidget(self.clear_button)
        tools.addStretch(1)
        self.draw_tools.setVisible(False)

        self.controls = ProbeControls()
        self.controls_box = QGroupBox(self.tr("Change the input"))
        self.controls_box.setCheckable(True)
        self.controls_box.setChecked(False)
        self.controls_box.setToolTip(self.tr("Shift, turn, scale, flip, brighten, add noise or cover part of "
                                             "the image, and watch the maps and probabilities follow."))
        box_layout = QVBoxLayout(self.controls_box)
        box_layout.setContentsMargins(4, 4, 4, 4)
        box_layout.addWidget(self.controls)
        self.controls.setVisible(False)
        self.controls_box.toggled.connect(self._on_controls_toggled)

        self.effective_check = QCheckBox(self.tr("Effective field"))
        self.effective_check.setToolTip(self.tr("Also colour the input by how strongly each pixel moves the hovered "
                                                "unit (the size of its input gradient)."))
        self.effective_check.toggled.connect(self._on_effective_toggled)
        self.effective = JobRequester(state, JobKind.EFFECTIVE_FIELD, self._make_effective_job, 0, self)
        self.effective.result.connect(self._on_effective)
        self._unit: Optional[tuple] = None          # (layer, channel, row, col) under the mouse
        self.field_label = QLabel()
        self.field_label.setWordWrap(True)
        self.field_label.setToolTip(self.tr("The receptive field of the unit under the mouse in the feature maps."))

        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("Input")))
        head.addStretch(1)
        head.addWidget(self.draw_button)
        field_row = QHBoxLayout()
        field_row.addWidget(self.effective_check, 0, Qt.AlignmentFlag.AlignTop)
        field_row.addWidget(self.field_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.stack, 1)
        layout.addLayout(field_row)
        layout.addWidget(self.draw_tools)

        self.controls.transformChanged.connect(self._on_transform)
        self.input.patchMoved.connect(self.controls.set_patch_center)
        self.canvas.drawn.connect(self._on_drawn)

    # ------------------------------------------------------------------ public API
    def set_input_shape(self, shape) -> None:
        """The dataset's input ``(C, H, W)``: canvas and slider ranges follow it."""
        c, h, w = (int(v) for v in shape)
        if (c, h, w) != (self.canvas.channels, *self.canvas.input_hw):
            self.canvas.set_input_shape((c, h, w))
        self.controls.set_image_size(h, w)
        self.color_button.setVisible(c == 3)

    def set_draw_mode(self, on: bool) -> None:
        """Show the drawing canvas (and look at the drawing) or the probe image."""
        if self.draw_button.isChecked() != on:
            self.draw_button.setChecked(on)          # comes back here through toggled
            return
        self.stack.setCurrentWidget(self.canvas if on else self.input)
        self.draw_tools.setVisible(on)
        if on:
            self._on_drawn(self.canvas.input_image())
        self.drawModeChanged.emit(on)

    def is_drawing(self) -> bool:
        return self.draw_button.isChecked()

    def show_image(self, image: np.ndarray) -> None:
        self.input.set_image(image)

    def show_field(self, box, text: str = "", unit: Optional[tuple] = None) -> None:
        """Outline input pixels ``(y0, y1, x0, x1)`` (None: none) and say what they are; ``unit``
        ``(layer, channel, row, col)`` is the unit they belong to (for the effective field)."""
        self.input.show_field(box)
        self.field_label.setText(text)
        if unit != self._unit:
            self._unit = unit
            if unit is None:
                self.input.show_heat(None)
            elif self.effective_check.isChecked():
                self.effective.request(now=True)

    # ------------------------------------------------------------------ internals
    def _on_controls_toggled(self, on: bool) -> None:
        self.controls.setVisible(on)
        if not on:
            self.controls.reset()

    def _on_transform(self, transform) -> None:
        self.input.show_patch(transform.patch)
        self._state.set_probe_transform(transform)

    def _on_drawn(self, image: np.ndarray) -> None:
        if self.is_drawing():
            self._state.set_probe_image(ProbeSource.drawn(), image, None)

    def _make_effective_job(self):
        from ...core.jobs.effective_field_job import effective_field_job   # torch: loaded by now
        probe = getattr(self._state, "probe_image", None)
        if self._unit is None or probe is None:
            return None
        return effective_field_job(probe.image, *self._unit, transform=self._state.probe_transform)

    def _on_effective(self, event) -> None:
        show = self.effective_check.isChecked() and self._unit is not None and not event.error
        self.input.show_heat(event.payload if show else None)

    def _on_effective_toggled(self, on: bool) -> None:
        if not on:
            self.input.show_heat(None)
        elif self._unit is not None:
            self.effective.request(now=True)

    def _ask_color(self) -> None:
        color = QColorDialog.getColor(self.canvas.color, self, self.tr("Brush colour"))
        if color.isValid():
            self.canvas.set_color(QColor(color))

"""AttributionView: why the net says a class for the current image — saliency, Grad-CAM, occlusion.

The maps come from ``analysis_jobs.attribution_job`` (computed off the GUI thread) for
the probe image shared with the Feature maps view, a class (the predicted one unless
chosen) and, for Grad-CAM, a layer with feature maps (the last conv by default). Each
is a heat map laid over the image; the slider sets how opaque the heat is. During
training the maps refresh every few seconds while the view is shown.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from ...core.jobs.kinds import ATTRIBUTION
from ..i18n import QT_TRANSLATE_NOOP, message_text
from ..messages import probe_caption
from ..widgets.heatmap import HeatCanvas
from ..widgets.layer_combo import LayerCombo
from ..support.job_requester import JobRequester

LIVE_REFRESH_MS = 3000
AUTO = -1

EXPLAIN = {
    "saliency": QT_TRANSLATE_NOOP("AttributionView", "Gradient saliency: pixels where a small change moves the "
                                                     "class score most."),
    "cam": QT_TRANSLATE_NOOP("AttributionView", "Grad-CAM: where the chosen layer's features that support the class "
                                                "are active."),
    "occlusion": QT_TRANSLATE_NOOP("AttributionView", "Occlusion: how much the class probability drops when a grey "
                                                      "square hides each place (no gradients: a cross-check)."),
}


class AttributionView(QWidget):
    """Three heat-map overlays for the probe image and a chosen class."""

    def __init__(self, state, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._state = state
        self._maps = None                   # analysis_jobs.Attribution shown now
        self._stale = True
        self.requester = JobRequester(state, ATTRIBUTION, self._make_job, 500, self)
        self.requester.result.connect(self._on_result)
        self._live_timer = QTimer(self)
        self._live_timer.setInterval(LIVE_REFRESH_MS)
        self._live_timer.timeout.connect(self._on_live_tick)
        self._build_ui()
        state.probeImageChanged.connect(self._on_inputs_changed)
        state.lesionsChanged.connect(self._on_inputs_changed)
        state.datasetChanged.connect(self._on_dataset)
        state.specChanged.connect(self._on_spec)
        state.shapesChanged.connect(self._sync_layers)
        state.openedModelChanged.connect(self._on_spec)
        state.runStatusChanged.connect(self._on_status)
        state.runEnded.connect(self._on_inputs_changed)
        self._on_dataset(state.dataset)

    def _build_ui(self) -> None:
        self.class_combo = QComboBox()
        self.class_combo.setToolTip(self.tr("The class whose evidence is shown."))
        self.class_combo.setMinimumContentsLength(8)
        self.class_combo.currentIndexChanged.connect(self._on_choice)
        self.layer_combo = LayerCombo()
        self.layer_combo.setToolTip(self.tr("The layer Grad-CAM looks at (any layer with feature maps)."))
        self.layer_combo.setMinimumContentsLength(8)
        self.layer_combo.currentIndexChanged.connect(self._on_choice)
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setValue(60)
        self.opacity_slider.setMinimumWidth(80)
        self.opacity_slider.setToolTip(self.tr("Opacity of the heat maps over the image."))
        self.opacity_slider.valueChanged.connect(self._on_opacity)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Class")))
        controls.addWidget(self.class_combo, 1)
        controls.addWidget(QLabel(self.tr("Grad-CAM on")))
        controls.addWidget(self.layer_combo, 1)
        controls.addWidget(QLabel(self.tr("Opacity")))
        controls.addWidget(self.opacity_slider)

        self.caption = QLabel(self.tr("No image chosen: pick one in Feature maps or Evaluation."))
        self.caption.setWordWrap(True)
        self.canvases = {"saliency": HeatCanvas(self.tr("Saliency"), label=self.tr("relative sensitivity")),
                         "cam": HeatCanvas("Grad-CAM", label=self.tr("relative evidence")),
                         "occlusion": HeatCanvas(self.tr("Occlusion"), colormap="CET-D1",
                                                 label=self.tr("probability drop (% points)"))}
        grid = QGridLayout()
        self.notes = {}
        for col, (name, canvas) in enumerate(self.canvases.items()):
            canvas.setMinimumSize(140, 160)
            canvas.setToolTip(self.tr(EXPLAIN[name]))
            note = QLabel(self.tr(EXPLAIN[name]))
            note.setWordWrap(True)
            note.setAlignment(Qt.AlignmentFlag.AlignTop)
            self.notes[name] = note
            grid.addWidget(canvas, 0, col)
            grid.addWidget(note, 1, col)
            grid.setColumnStretch(col, 1)
        grid.setRowStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.caption)
        layout.addLayout(grid, 1)
        self._on_opacity(self.opacity_slider.value())

    # ------------------------------------------------------------------ public API
    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def refresh(self) -> bool:
        """Compute the maps for the current image, class and layer now."""
        return self.requester.request(now=True)

    def is_settled(self) -> bool:
        return self.requester.settled

    def maps(self):
        """The ``analysis_jobs.Attribution`` shown now, or None."""
        return self._maps

    def set_target_class(self, cls: Optional[int]) -> None:
        """Explain class ``cls`` (None: the predicted class)."""
        self.class_combo.setCurrentIndex(0 if cls is None else int(cls) + 1)

    def set_cam_layer(self, layer: Optional[int]) -> None:
        """Look at ``layer`` (a spec index or module path; None: the last conv layer) if it is listed."""
        self.layer_combo.select_layer(AUTO if layer is None else layer)

    # ------------------------------------------------------------------ inputs
    def _make_job(self):
        probe, ds = self._state.probe_image, self._state.dataset
        if probe is None or ds is None or self._state.spec_error is not None:
            return None
        if tuple(probe.image.shape) != tuple(ds.input_shape):
            return None
        cls = self.class_combo.currentData()
        layer = self.layer_combo.currentData()
        from ...core.jobs.analysis import attribution_job   # imports torch: only once a job is asked for
        return attribution_job(probe.image, probe.key, None if cls is None or cls < 0 else int(cls),
                               None if layer is None or layer == AUTO else layer if isinstance(layer, str)
                               else int(layer), self._state.lesions)

    def _on_inputs_changed(self, *_args) -> None:
        probe = self._state.probe_image
        if probe is not None:
            for canvas in self.canvases.values():
                canvas.set_image(probe.image)
            self._describe()
        if self._maps is not None and (probe is None or self._maps.key != probe.key):
            self._maps = None
            for canvas in self.canvases.values():
                canvas.set_heat(None)
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def _on_choice(self, *_args) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def _on_dataset(self, ds) -> None:
        blocked = self.class_combo.blockSignals(True)
        self.class_combo.clear()
        self.class_combo.addItem(self.tr("Predicted class"), AUTO)
        for i, name in enumerate(getattr(ds, "class_names", ()) or ()):
            self.class_combo.addItem(f"{i}: {name}", i)
        self.class_combo.blockSignals(blocked)
        self._sync_layers()
        self._on_inputs_changed()

    def _on_spec(self, _spec) -> None:
        self._sync_layers()
        self._on_inputs_changed()

    def _sync_layers(self) -> None:
        opened = self._state.opened_model
        if opened is not None:            # module paths of an opened model's modules with feature maps
            wanted = [(AUTO, self.tr("Last conv layer"))] + [(l.path, f"{l.path} ({l.kind})") for l in opened.layers
                                                             if len(l.output_shape) == 3]
        else:
            infos = self._state.layer_infos or []
            wanted = [(AUTO, self.tr("Last conv layer"))] + [(i.index, f"#{i.index} {i.label}") for i in infos
                                                             if len(i.output_shape) == 3]
        self.layer_combo.set_entries(wanted)

    def _on_status(self, status: str) -> None:
        if status in ("running", "paused"):
            self._live_timer.start()
        else:
            self._live_timer.stop()

    def _on_live_tick(self) -> None:
        if self.isVisible():
            self.requester.request()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    # ------------------------------------------------------------------ answers
    def _on_opacity(self, value: int) -> None:
        for canvas in self.canvases.values():
            canvas.set_opacity(value / 100.0)

    def _on_result(self, event) -> None:
        if event.error:
            self.caption.setText(self.tr("Could not explain this image: {reason}").format(
                reason=message_text(event.error)))
            return
        maps = event.payload
        probe = self._state.probe_image
        if probe is None or maps.key != probe.key:
            return
        self._maps = maps
        sal_hi = float(np.percentile(maps.saliency, 99.5)) or float(maps.saliency.max()) or 1.0
        self.canvases["saliency"].set_heat(maps.saliency / sal_hi, 0.0, 1.0)     # relative: 1 = the top 0.5%
        cam = self.canvases["cam"]
        if maps.grad_cam is not None:
            cam.set_heat(maps.grad_cam, 0.0, 1.0)
            self.notes["cam"].setText(self.tr(EXPLAIN["cam"])
                                      + self.tr(" Layer #{index}.").format(index=maps.cam_layer))
        else:
            cam.set_heat(None)
            self.notes["cam"].setText(self.tr("Grad-CAM is not available: {reason}").format(
                reason=message_text(maps.cam_error)))
        drop = maps.occlusion * 100.0
        occ_hi = float(np.abs(drop).max()) or 1.0
        self.canvases["occlusion"].set_heat(drop, -occ_hi, occ_hi, signed=True)
        self.notes["occlusion"].setText(self.tr(EXPLAIN["occlusion"]) + self.tr(
            " Red: hiding lowers it; blue: raises it ({size}×{size} square).").format(size=maps.occlusion_patch))
        self._describe(event.step)

    def _describe(self, step: Optional[int] = None) -> None:
        probe, ds = self._state.probe_image, self._state.dataset
        if probe is None:
            return
        names = list(getattr(ds, "class_names", ()) or ())

        def name(i):
            return names[i] if i is not None and 0 <= i < len(names) else str(i)

        parts = [probe_caption(probe.source)]
        if probe.label is not None:
            parts.append(self.tr("true class: {name}").format(name=name(probe.label)))
        maps = self._maps
        if maps is not None:
            parts.append(self.tr("predicted: {name} ({p:.0%})").format(name=name(maps.predicted),
                                                                       p=maps.probs[maps.predicted]))
            parts.append(self.tr("explaining: {name} ({p:.0%})").format(name=name(maps.target),
                                                                        p=maps.probs[maps.target]))
        if step is not None:
            parts.append(self.tr("step {step}").format(step=step))
        self.caption.setText(" · ".join(parts))

    def stop(self) -> None:
        self._live_timer.stop()

"""UnitsView: what a unit wants — synthesised inputs for every filter of a layer, and its top images.

For the chosen conv layer (or the output layer: one image per class) every unit's
preferred input is synthesised by activation maximisation (``analysis_jobs.units_job``)
off the GUI thread, with a progress bar and Cancel. Click a unit to see the nine
validation images (or the patches its receptive field covers) that excite it most.
Tiny images are enlarged with nearest-neighbour pixels, never smoothed.

Synthesis takes seconds of CPU, so it starts only when the user asks (Compute, or choosing
a layer or objective), never because the view is shown; while a run trains it waits
(``TrainingGate``) and starts once the run is paused or has ended.
"""
from __future__ import annotations

import dataclasses
from typing import Optional

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from ...core.jobs.kinds import UNIT_EXAMPLES, UNITS
from ...core.inspect.probe_source import ProbeSource
from ...core.inspect.ascent_settings import AscentSettings
from ..support.job_requester import JobRequester
from ..support.receptive_hover import centre_unit_box
from ..support.spec_problem import cannot_build_text
from ..support.training_gate import TrainingGate
from ..widgets.layer_combo import LayerCombo
from ..i18n import message_text
from ..widgets.job_controls import JobControls
from ..widgets.top_images import TopImages
from ..widgets.unit_grid import UnitGrid

LIVE_MIN_INTERVAL_MS = 8000
TOP_K = 9


class UnitsView(QWidget):
    """A grid of synthesised images (one per unit) and the selected unit's top validation images."""

    def __init__(self, state, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._state = state
        self.settings = AscentSettings()
        self._units = None            # unit_viz.UnitImages shown now
        self._examples = None         # analysis_jobs.UnitExamples shown now
        self._opened_output = None    # an opened model's output module path
        self._selected = 0
        self._units_step: Optional[int] = None
        self._model_step: Optional[int] = None
        self.requester = JobRequester(state, UNITS, self._make_units_job, LIVE_MIN_INTERVAL_MS, self)
        self.requester.result.connect(self._on_units)
        self.requester.progress.connect(self._on_progress)
        self.requester.busyChanged.connect(self._on_busy)
        self.examples_requester = JobRequester(state, UNIT_EXAMPLES, self._make_examples_job,
                                               LIVE_MIN_INTERVAL_MS, self)
        self.examples_requester.result.connect(self._on_examples)
        self.examples_requester.busyChanged.connect(lambda _busy: self._describe())
        self.gate = TrainingGate(state, self._start_jobs, self._jobs_busy, self._stop_jobs, self)
        self.gate.changed.connect(self._describe)
        self._build_ui()
        state.shapesChanged.connect(self._sync_layers)
        state.specChanged.connect(self._on_model_replaced)
        state.openedModelChanged.connect(self._on_opened_model)
        state.datasetChanged.connect(self._on_model_replaced)
        state.runEnded.connect(self._on_model_moved)
        state.epochEnded.connect(self._on_model_moved)
        self._sync_layers()

    def _build_ui(self) -> None:
        self.layer_combo = LayerCombo()
        self.layer_combo.setMinimumContentsLength(10)
        self.layer_combo.setToolTip(self.tr("A convolution layer (one image per filter) or the output layer "
                                    "(one image per class)."))
        self.layer_combo.currentIndexChanged.connect(self._on_user_choice)
        self.objective_combo = QComboBox()
        self.objective_combo.addItem(self.tr("Centre position"), "center")
        self.objective_combo.addItem(self.tr("Whole feature map"), "mean")
        self.objective_combo.setToolTip(self.tr("Maximise the unit's mean over its whole map (a texture), or only its "
                                        "middle position (a local pattern, like its receptive field)."))
        self.objective_combo.currentIndexChanged.connect(self._on_user_choice)
        job = JobControls(self.tr("Synthesise the images for the current weights (a few seconds of CPU; "
                                  "while a run trains, it waits until the run is paused or ends)."))
        self.compute_button, self.progress, self.cancel_button = job.compute_button, job.progress, job.cancel_button
        self.compute_button.clicked.connect(lambda: self.refresh())
        self.cancel_button.clicked.connect(self.cancel)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Layer")))
        controls.addWidget(self.layer_combo, 1)
        controls.addWidget(self.objective_combo)
        controls.addWidget(job)

        self.canvas = UnitGrid()
        self.canvas.tileHovered.connect(self._on_hover)
        self.canvas.tileClicked.connect(self.select_unit)
        self.field_outline = self.canvas.field_outline      # the hovered unit's receptive field
        self.info = QLabel()
        self.info.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.canvas, 1)
        left_layout.addWidget(self.info)

        self.top_images = TopImages()
        self.top_images.patch_combo.currentIndexChanged.connect(self._draw_examples)
        self.top_images.imageChosen.connect(self._pick_example)
        self.examples, self.examples_title = self.top_images.gallery, self.top_images.title
        self.patch_combo = self.top_images.patch_combo
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.top_images)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([520, 330])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(splitter, 1)
        self._show_empty()

    # ------------------------------------------------------------------ public API
    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def refresh(self) -> bool:
        """Synthesise the chosen layer's images (and find its top images): now, or once the run
        training now is paused or has ended. True when the work was handed to the worker."""
        return self.gate.ask()

    def cancel(self) -> None:
        self.gate.drop()
        self._stop_jobs()
        self._describe()

    def is_waiting(self) -> bool:
        """True while asked-for images wait for the training run to pause or end."""
        return self.gate.waiting()

    def is_settled(self) -> bool:
        return self.requester.settled and self.examples_requester.settled

    def current_layer(self) -> Optional[int]:
        return self.layer_combo.current_layer()

    def set_layer(self, index: int) -> None:
        self.layer_combo.select_layer(index)

    def unit_images(self):
        """The ``unit_viz.UnitImages`` shown now, or None."""
        return self._units

    def tile_count(self) -> int:
        return 0 if self._units is None else len(self._units.channels)

    def select_unit(self, position: int) -> None:
        """Show the top images of tile ``position`` (a unit of the layer)."""
        self._selected = int(position)
        self.canvas.mark(self._selected)
        self._draw_examples()

    def example_indices(self) -> np.ndarray:
        return self.top_images.indices.copy()

    # ------------------------------------------------------------------ requests
    def _make_units_job(self):
        layer = self.current_layer()
        if layer is None or self._state.dataset is None or self._state.spec_error is not None:
            return None
        settings = dataclasses.replace(self.settings, objective=self.objective_combo.currentData())
        from ...core.jobs.analysis import units_job   # imports torch: only once a job is asked for
        return units_job(layer, settings)

    def _make_examples_job(self):
        layer = self.current_layer()
        if layer is None or self._state.dataset is None or self._state.spec_error is not None:
            return None
        from ...core.jobs.analysis import unit_examples_job   # imports torch: only once a job is asked for
        return unit_examples_job(layer, TOP_K)

    def _sync_layers(self) -> None:
        opened = self._state.opened_model
        if opened is not None:            # an opened model: its convolutions and its output, by module path
            wanted = [(l.path, self.tr("{0} — {1} filters").format(l.path, l.output_shape[0]))
                      for l in opened.layers if l.is_conv and len(l.output_shape) == 3]
            last = next((l for l in reversed(opened.layers) if l.leaf and len(l.output_shape) == 1), None)
            self._opened_output = None if last is None else last.path
            if last is not None:
                wanted.append((last.path, self.tr("{0} output — {1} classes").format(last.path,
                                                                                     last.output_shape[0])))
        else:
            infos = self._state.layer_infos or []
            conv_text = self.tr("#{index} {label} — {count} filters")
            output_text = self.tr("#{index} output — {count} classes")
            wanted = [(i.index, conv_text.format(index=i.index, label=i.label, count=i.output_shape[0]))
                      for i in infos if i.kind in ("conv2d", "residual")]
            if infos:
                last = infos[-1]
                wanted.append((last.index, output_text.format(index=last.index, count=last.output_shape[0])))
        keep = self.current_layer()
        if self.layer_combo.set_entries(wanted) and self.current_layer() != keep:
            self._on_choice()

    def _on_choice(self, *_args) -> None:
        self._units, self._examples, self._selected, self._units_step = None, None, 0, None
        self._show_empty()

    def _on_user_choice(self, *_args) -> None:
        """Another layer or objective was chosen: its images are asked for."""
        self._on_choice()
        self.refresh()

    def _on_opened_model(self, _info=None) -> None:
        """Another model to look at: the images shown are of the old one."""
        self._units = self._examples = None
        self._on_model_replaced()

    def _on_model_replaced(self, _value=None) -> None:
        self.requester.forget()
        self.examples_requester.forget()
        self.gate.drop()
        self._model_step = None
        self._sync_layers()
        self._on_choice()

    def _on_model_moved(self, event=None) -> None:
        """An epoch or the run ended: the images shown are of older weights (say so; Compute updates)."""
        step = getattr(event, "step", None)
        if step is not None and int(step) > (self._model_step or 0):
            self._model_step = int(step)
        self._describe()

    def _start_jobs(self) -> bool:
        self.examples_requester.request(now=True)
        return self.requester.request(now=True)

    def _jobs_busy(self) -> bool:
        return self.requester.busy or self.examples_requester.busy

    def _stop_jobs(self) -> None:
        self.requester.cancel()
        self.examples_requester.cancel()

    # ------------------------------------------------------------------ answers
    def _on_busy(self, busy: bool) -> None:
        if busy:
            self.progress.setValue(0)
        self._describe()

    def _on_progress(self, event) -> None:
        if event.total:
            self.progress.setValue(int(100 * event.done / event.total))

    def _on_units(self, event) -> None:
        if event.error:
            self.progress.setValue(0)
            if event.error == "Cancelled." and self.gate.wanted:
                self._describe()              # stopped for training: it starts again later
            else:
                self.info.setText(self.tr("Cancelled: press Compute to start again.") if event.error == "Cancelled."
                                  else self.tr("Could not synthesise the images: {reason}").format(
                                      reason=message_text(event.error)))
            return
        units = event.payload
        if units.layer_index != self.current_layer():
            return
        self.progress.setValue(100)
        self._units = units
        self._units_step = int(event.step)
        self._model_step = max(self._model_step or 0, self._units_step)
        self.canvas.show_units(units.images)
        self._describe()
        self.canvas.mark(self._selected)

    def _on_examples(self, event) -> None:
        if event.error or event.payload.layer_index != self.current_layer():
            return
        self._examples = event.payload
        self._draw_examples()

    # ------------------------------------------------------------------ drawing
    def _show_empty(self) -> None:
        self.canvas.clear_mosaic()
        self.top_images.reset()
        self.progress.setValue(0)
        self._describe()

    def _describe(self) -> None:
        """The line under the images: what is shown, being computed, waited for, or how to start."""
        self.cancel_button.setEnabled(self._jobs_busy() or self.gate.waiting())
        self.info.setText(self._units_text() if self._units is not None else self._empty_text())

    def _empty_text(self) -> str:
        if self._state.dataset is None:
            return self.tr("Load a dataset to see what the units want.")
        problem = cannot_build_text(self._state, self.tr("show what its units want"))
        if problem:
            return problem
        if self.current_layer() is None:
            return self.tr("This network has no layer whose units can be shown.")
        if self.gate.training():
            if self.gate.wanted:
                return self.tr("Waiting for the run: the images are synthesised when it is paused or has ended "
                               "(computing them now would take CPU from training).")
            return self.tr("A run is training: press Compute and the images are synthesised when it is paused "
                           "or has ended, so training keeps the CPU.")
        if self.requester.busy:
            return self.tr("Computing what each unit wants…")
        return self.tr("Press Compute to synthesise, for each unit of this layer, the input that drives it hardest "
                       "(a few seconds of CPU).")

    def _units_text(self) -> str:
        n = len(self._units.channels)
        gain = np.median(self._units.end - self._units.start)
        if self._is_output():
            template = (self.tr("{count} class: each image is the input that drives its class hardest") if n == 1
                        else self.tr("{count} classes: each image is the input that drives its class hardest"))
        else:
            template = (self.tr("{count} filter: each image is the input that drives its filter hardest") if n == 1
                        else self.tr("{count} filters: each image is the input that drives its filter hardest"))
        text = template.format(count=n) + self.tr(" ({steps} ascent steps from noise, median gain {gain:.3g}) · model "
                                                  "at step {step} · click one for its top images").format(
            steps=self._units.steps, gain=gain, step=self._units_step)
        if self.gate.waiting():
            return text + self.tr(". Waiting for the run to pause or end to compute them again.")
        if self.requester.busy:
            return text + self.tr(". Computing them again…")
        if self._model_step is not None and self._units_step is not None and self._model_step > self._units_step:
            return text + self.tr(". The model has trained since (step {step}): press Compute to update.").format(
                step=self._model_step)
        return text

    def _is_output(self) -> bool:
        opened = self._state.opened_model
        if opened is not None:
            return self.current_layer() == self._opened_output
        infos = self._state.layer_infos or []
        return bool(infos) and self.current_layer() == infos[-1].index

    def _unit_name(self, unit: int) -> str:
        if self._is_output():
            names = list(getattr(self._state.dataset, "class_names", ()) or ())
            return self.tr("class {name}").format(name=names[unit] if unit < len(names) else unit)
        return self.tr("filter {index}").format(index=unit)

    def _draw_examples(self, *_args) -> None:
        ex, ds = self._examples, self._state.dataset
        unit = self._units.channels[self._selected] if self._units is not None and \
            self._selected < len(self._units.channels) else self._selected
        if ex is None or ds is None or not 0 <= unit < ex.indices.shape[0]:
            self.top_images.clear()
            return
        self.top_images.show_unit(ex, unit, ds, self._state.spec, self._unit_name(unit))

    # ------------------------------------------------------------------ events
    def _on_hover(self, index: int) -> None:
        if self._units is None or not 0 <= index < len(self._units.channels):
            self.canvas.setToolTip("")
            self.field_outline.hide()
            return
        layer, images = self._units.layer_index, self._units.images
        if isinstance(layer, str):        # an opened model: no receptive fields from a spec
            self.field_outline.hide()
        else:
            infos = {info.index: info for info in (self._state.layer_infos or [])}
            shape = infos[layer].output_shape if layer in infos else ()
            self.field_outline.show(index, centre_unit_box(self._state.spec, images.shape[1:], layer, shape),
                                    images.shape[2:])
        unit = self._units.channels[index]
        self.canvas.setToolTip(self.tr("{unit}: activation {start:.3g} on noise, {end:.3g} on this image").format(
            unit=self._unit_name(unit), start=self._units.start[index], end=self._units.end[index]))

    def _pick_example(self, i: int) -> None:
        """Look at validation image ``i`` (a top image the user clicked) in the other views."""
        ds = self._state.dataset
        if ds is None:
            return
        self._state.set_probe_image(ProbeSource.val(i), ds.val_x.numpy()[i], int(ds.val_y.numpy()[i]))

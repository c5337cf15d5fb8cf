"""FeatureMapsView: what every layer makes of one image, and what the net predicts for it.

Pick the probe image from a strip of validation images, open a file, drop one on the
view, or draw one; change it live (``ProbePanel``); the state asks the worker for a
Snapshot of it. The chosen layer's output is one tile per channel (each stretched to
full contrast), 1-D outputs one cell per feature; class probabilities are horizontal
bars, the true class marked. Hovering a unit outlines the input pixels it sees.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from ..messages import probe_caption
from ..startup import loading_text
from ..support.deferred_redraw import DeferredRedraw
from ..support.redraw_budget import training_budget
from ..support.image_drop import ImageFileDrop
from ..support.receptive_hover import hovered_unit, unit_field
from ..support.spec_problem import cannot_build_text
from ..support.timelapse_player import SnapshotRouter, TimelapsePlayer
from ..widgets.channel_pager import ChannelPager
from ..widgets.colormap_combo import ColormapCombo
from ..widgets.layer_combo import LayerCombo
from ..widgets.probe_panel import ProbePanel
from ..widgets.probe_picker import ProbePicker
from ..widgets.probs_chart import ProbsChart
from ..widgets.tile_canvas import TileCanvas, separator_value
from ..widgets.tile_grid import activation_mosaic
from ..widgets.timelapse_scrubber import TimelapseScrubber

REDRAW_MS = 33


def shape_text(shape) -> str:
    """(6, 28, 28) -> '6×28×28'."""
    return "×".join(str(int(v)) for v in shape)


class FeatureMapsView(ImageFileDrop, QWidget):
    """Probe-image picker, the chosen layer's feature maps, and the class probabilities."""

    def __init__(self, state, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._state = state
        self._maps: dict[int, np.ndarray] = {}
        self._maps_key: Optional[str] = None     # the probe image the maps belong to
        self._probs: Optional[np.ndarray] = None
        self._step: Optional[int] = None
        self._tiles: list[tuple] = []          # per tile: (channel, min, max)
        self._probe_moved = False      # a probe control moved: draw its answer at once, not on the throttle
        self.setAcceptDrops(True)

        self._redraws = DeferredRedraw(self, self._redraw, REDRAW_MS, budget=training_budget(state))
        self._build_ui()
        # the time-lapse: live snapshots go through the router, which holds them back while replaying
        self._replay_frame = None
        self.timelapse = TimelapseScrubber(TimelapsePlayer.of(state))
        self.layout().addWidget(self.timelapse)
        self.replay = SnapshotRouter(self.timelapse.player, self._on_snapshot, on_frame=self._show_recorded_input,
                                     on_live=self._show_live_input, parent=self)

        state.datasetChanged.connect(self._on_dataset)
        state.specChanged.connect(self._on_spec)
        if hasattr(state, "openedModelChanged"):
            state.openedModelChanged.connect(self._on_spec)
        state.probeImageChanged.connect(self._on_probe)
        state.probeTransformChanged.connect(self._on_probe_moved)
        self.probe_panel.canvas.drawn.connect(self._on_probe_moved)
        state.snapshotReady.connect(self.replay.live)
        state.torchLoadingChanged.connect(self._redraws.mark)
        state.loadingChanged.connect(self._redraws.mark)
        if getattr(state, "dataset", None) is not None:
            self._on_dataset(state.dataset)
        elif getattr(state, "probe_image", None) is not None:
            self._on_probe(state.probe_image)
        self._sync_layers()

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.picker = ProbePicker(self._state)
        self.strip, self.error_label = self.picker.strip, self.picker.error_label
        self.strip.imageClicked.connect(self._on_strip_clicked)
        self.picker.open_button.clicked.connect(self._ask_open)

        self.probe_panel = ProbePanel(self._state)
        self.input_canvas = self.probe_panel.input
        self.input_item = self.input_canvas.image_item
        self.input_caption = QLabel(self.tr("No image chosen."))
        self.input_caption.setWordWrap(True)
        self.probs = ProbsChart()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.probe_panel, 2)
        left_layout.addWidget(self.input_caption)
        left_layout.addWidget(self.probs, 3)

        self.layer_combo = LayerCombo()
        self.layer_combo.setToolTip(self.tr("The layer whose output is shown, with its shape "
                                    "(channels × height × width, or features)."))
        self.layer_combo.setMinimumContentsLength(16)
        self.layer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.layer_combo.currentIndexChanged.connect(self._on_layer_chosen)
        self.cmap_combo = ColormapCombo()
        self.cmap_combo.setToolTip(self.tr("Colours for activation strength (dark = low, bright = high "
                                   "within each tile)."))
        self.cmap_combo.currentIndexChanged.connect(self._redraws.mark)
        self.pager = ChannelPager()
        self.pager.changed.connect(self._redraws.mark)
        self.canvas = TileCanvas()
        self.canvas.paint_meter = self._redraws.paint_meter
        self.canvas.tileHovered.connect(self._on_tile_hovered)
        self.canvas.pointHovered.connect(self._on_point_hovered)
        self.maps_info = QLabel()
        self.maps_info.setWordWrap(True)
        self.hover = QLabel()

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Layer")))
        controls.addWidget(self.layer_combo, 1)
        controls.addWidget(self.pager)
        controls.addWidget(QLabel(self.tr("Colours")))
        controls.addWidget(self.cmap_combo)
        right_layout.addLayout(controls)
        right_layout.addWidget(self.canvas, 1)
        info_row = QHBoxLayout()
        info_row.addWidget(self.maps_info, 1)
        info_row.addWidget(self.hover)
        right_layout.addLayout(info_row)
        right_layout.addWidget(self.probe_panel.controls_box)     # wide enough for the sliders side by side

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([280, 800])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.picker)
        layout.addWidget(splitter, 1)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._redraws.mark()
        super().changeEvent(event)

    # ------------------------------------------------------------------ public API
    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def tile_count(self) -> int:
        """Number of tiles of the chosen layer (pending data is drawn first)."""
        self.flush()
        return len(self._tiles)

    def flush(self) -> None:
        """Redraw now if anything changed (even while hidden)."""
        self._redraws.flush()

    def current_layer(self) -> Optional[int]:
        return self.layer_combo.current_layer()

    def set_layer(self, index: int) -> None:
        """Show layer ``index`` if it is listed."""
        self.layer_combo.select_layer(index)

    def open_image_file(self, path) -> bool:
        """Use an image file as the probe; on failure show why in the error label and return False."""
        return self.picker.open_image_file(path)

    # ------------------------------------------------------------------ state slots
    def _on_dataset(self, dataset) -> None:
        self._maps, self._probs = {}, None
        self.probe_panel.set_draw_mode(False)
        if dataset is not None:
            self.probe_panel.set_input_shape(dataset.input_shape)
        self.picker.set_dataset(dataset)
        self._sync_layers()
        self._redraws.mark()

    def _on_spec(self, _spec) -> None:
        self._maps, self._probs = {}, None
        self._sync_layers()
        self._redraws.mark()

    def _on_strip_clicked(self, index: int) -> None:
        self.picker.show_error("")
        self.probe_panel.set_draw_mode(False)
        self.picker.pick_val(index)

    def _on_probe(self, probe) -> None:
        if getattr(self._state, "probe_transform", None) is None or self._state.probe_transform.is_identity:
            self.probe_panel.show_image(probe.image)      # else the transformed pixels come with the snapshot
        key, source = probe.key, probe.source
        self.picker.show_source(source)
        truth = ("" if probe.label is None
                 else self.tr(" · true class: {name}").format(name=self._class_name(probe.label)))
        self.input_caption.setText(probe_caption(source) + truth)
        if self._maps_key != key:           # what is shown belongs to another image
            self._maps, self._probs = {}, None
            self._redraws.mark()

    def _on_snapshot(self, snapshot) -> None:
        maps = getattr(snapshot, "feature_maps", None)
        if not maps:
            return
        probe = getattr(self._state, "probe_image", None)
        if probe is not None and snapshot.image_key is not None and snapshot.image_key != probe.key:
            return                           # an answer for an image no longer shown
        self._maps = {(k if isinstance(k, str) else int(k)): np.asarray(v) for k, v in maps.items()}
        self._maps_key = snapshot.image_key if snapshot.image_key is not None else (
            None if probe is None else probe.key)
        self._probs = None if snapshot.probs is None else np.asarray(snapshot.probs, dtype=np.float64)
        shown = snapshot.input_image if snapshot.input_image is not None else getattr(probe, "image", None)
        if shown is not None:
            self.probe_panel.show_image(shown)
        self._step = snapshot.step
        self._sync_layers()
        if self.replay.player.replaying:
            self._redraws.mark()             # a frame the user scrubbed to
        else:
            self._redraws.mark_live()
        if self._probe_moved and self.isVisible():
            self._probe_moved = False
            self._redraws.flush()

    def _on_probe_moved(self, *_args) -> None:
        self._probe_moved = True

    def _opened(self):
        return getattr(self._state, "opened_model", None)

    def _class_names(self) -> list:
        """The opened model's classes (e.g. ImageNet's), else the dataset's."""
        if self._opened() is not None:
            return list(self._opened().meta.class_names)
        return list(getattr(getattr(self._state, "dataset", None), "class_names", ()) or ())

    # ------------------------------------------------------------------ time-lapse replay
    def _show_recorded_input(self, frame) -> None:
        """A replayed frame (``ReplayFrame``) is about to be shown (its snapshot carries the recorded image)."""
        self._replay_frame = frame
        self.input_caption.setText(self.tr("The image recorded with the time-lapse, at step {0}.").format(frame.step))

    def _show_live_input(self) -> None:
        """Back from a replay: the chosen probe image, and its newest live snapshot once it is there."""
        self._replay_frame = None
        self._maps, self._probs, self._maps_key = {}, None, None
        if getattr(self._state, "probe_image", None) is not None:
            self._on_probe(self._state.probe_image)
        self._redraws.mark()

    def _class_name(self, label) -> str:
        dataset = getattr(self._state, "dataset", None)
        names = list(getattr(dataset, "class_names", ()) or ())
        return names[label] if 0 <= label < len(names) else str(label)

    # ------------------------------------------------------------------ layers
    def _layer_entries(self) -> list[tuple]:
        opened = self._opened()
        if opened is not None:
            return [(l.path, f"{l.path} {l.kind} — {shape_text(l.output_shape)}")
                    for l in opened.layers if l.output_shape]
        infos = {info.index: info for info in (getattr(self._state, "layer_infos", None) or [])}
        layers = getattr(getattr(self._state, "spec", None), "layers", ())
        entries = []
        for index in sorted(set(infos) | set(self._maps)):
            info = infos.get(index)
            shape = self._maps[index].shape if index in self._maps else info.output_shape
            if info is not None:
                name = info.label
            else:
                name = getattr(layers[index], "label", "layer") if index < len(layers) else "layer"
            entries.append((index, f"#{index} {name} — {shape_text(shape)}"))
        return entries

    def _on_layer_chosen(self, _pos: int) -> None:
        """An opened model's layer whose maps the snapshot lacks: ask for them (every module can be looked at)."""
        layer = self.current_layer()
        if isinstance(layer, str) and layer not in self._maps and hasattr(self._state, "set_map_layer"):
            self._state.set_map_layer(layer)
        self._redraws.mark()

    def _sync_layers(self) -> None:
        if self.layer_combo.set_entries(self._layer_entries()):
            self._redraws.mark()

    # ------------------------------------------------------------------ drawing
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._redraws.shown()

    def _redraw(self) -> None:
        self._draw_maps()
        self._draw_probs()

    def _draw_maps(self) -> None:
        layer = self.current_layer()
        act = self._maps.get(layer) if layer is not None else None
        if act is None or act.size == 0:
            self._tiles = []
            self.canvas.clear_mosaic()
            self.maps_info.setText(self._empty_text())
            return
        lut = self.cmap_combo.lut()
        sep = separator_value(self.palette(), rgb=lut is not None)
        first = self.pager.first_channel(act.shape[0] if act.ndim == 3 else 1)
        shown = act[first:first + self.pager.per_page] if act.ndim == 3 else act
        mosaic, layout, lo, hi = activation_mosaic(shown, lut, sep)
        kind = "channel" if act.ndim == 3 else "feature"
        self._tiles = [(kind, first + i, float(lo[i]), float(hi[i])) for i in range(layout.count)]
        self.canvas.set_mosaic(mosaic, layout)
        when = "" if self._step is None else self.tr(" · step {step}").format(step=self._step)
        what = (self.tr("each channel scaled to its own min–max") if act.ndim == 3
                else self.tr("one cell per feature, scaled over the layer"))
        page = (self.tr(" · channels {first}–{last} of {count}").format(
                    first=first, last=first + len(shown) - 1, count=act.shape[0])
                if act.ndim == 3 and act.shape[0] > self.pager.per_page else "")
        self.maps_info.setText(f"{self.layer_combo.currentText()} · {what}{page}{when}")

    def _empty_text(self) -> str:
        """Why no feature maps are shown."""
        waiting = getattr(self._state, "probe_image", None) is not None
        loading = loading_text(self._state)
        problem = "" if self._opened() is not None else cannot_build_text(self._state, self.tr("look at an image"))
        return problem or (
            self.tr("{loading} The network looks at the image once it has loaded.").format(loading=loading) if loading
            else self.tr("Waiting for the network to look at this image…") if waiting
            else self.tr("No feature maps yet: pick an image above, open one, or drop one here."))

    def _draw_probs(self) -> None:
        probe = getattr(self._state, "probe_image", None)
        names = self._class_names()
        opened = self._opened() is not None
        # an opened model's classes are not the dataset's, unless it was fine-tuned on this dataset
        knows_labels = not opened or self._opened().trained_on == getattr(getattr(self._state, "dataset", None),
                                                                          "name", None)
        label = probe.label if probe is not None and knows_labels else None
        frame = self._replay_frame          # a replayed frame names its own classes and true class
        if frame is not None:
            label, names = frame.label, list(frame.class_names) or names
        self.probs.set_empty_text(
            self.tr("No prediction until the network is fixed.")
            if not opened and getattr(self._state, "spec_error", None) is not None
            else loading_text(self._state) or (self.tr("Waiting for the network's prediction…") if probe is not None
                                               else self.tr("Pick an image to see what the network predicts.")))
        self.probs.set_probs(self._probs, names, label)

    def _on_tile_hovered(self, index: int) -> None:
        if not 0 <= index < len(self._tiles):
            self.hover.setText("")
            self.canvas.setToolTip("")
            return
        kind, i, lo, hi = self._tiles[index]
        text = (self.tr("channel {index}: min {lo:.3g}, max {hi:.3g}").format(index=i, lo=lo, hi=hi)
                if kind == "channel" else self.tr("feature {index}: {value:.3g}").format(index=i, value=lo))
        self.hover.setText(text)
        self.canvas.setToolTip(text)

    def _on_point_hovered(self, index: int, fx: float, fy: float) -> None:
        """Outline on the input what the hovered unit sees."""
        layer, spec = self.current_layer(), getattr(self._state, "spec", None)
        act = self._maps.get(layer) if layer is not None else None
        answer, unit = None, None
        if index >= 0 and act is not None and spec is not None:
            answer = unit_field(spec, self._state.input_shape, layer, act.shape, fx, fy)
            rc = hovered_unit(act.shape, fx, fy)
            unit = (layer, index) + (rc if rc is not None else (None, None))
        self.probe_panel.show_field(*(answer or (None, "")), unit=unit if answer else None)

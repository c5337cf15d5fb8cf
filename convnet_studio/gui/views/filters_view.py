"""FiltersView: the weights of one conv layer as a grid of small images.

The first conv layer of an RGB net shows each filter as one colour tile; deeper
layers show one greyscale tile per (filter, input channel) — rows are filters,
columns input channels — or one tile per filter averaged over its inputs.
Weights come from Snapshot.filters (numpy, computed on the training thread).

Clicking a filter switches it off (a lesion: its weights and bias count as zero in the
snapshots and analyses, never in training) or back on; switched-off filters are drawn
dimmed with a red cross. The Evaluation view re-evaluates at once, and the accuracy
it finds is repeated here (``AccuracyTracker``: always the shown model's, or its step named).
"""
from __future__ import annotations

from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.model.spec import Conv2d
from ..support.accuracy_tracker import AccuracyTracker
from ..support.deferred_redraw import DeferredRedraw
from ..support.redraw_budget import training_budget
from ..support.spec_problem import cannot_build_text
from ..support.timelapse_player import SnapshotRouter, TimelapsePlayer
from ..widgets.layer_combo import LayerCombo
from ..widgets.tile_canvas import TileCanvas, separator_value
from ..widgets.tile_grid import grid_dims, normalize_stack, pack_tiles, upscale_factor
from ..widgets.timelapse_scrubber import TimelapseScrubber

REDRAW_MS = 100
SEPARATE, COMBINED = "separate", "combined"
LESION_RGB = (230, 40, 40)
DIM = 0.3              # a switched-off tile keeps this much of its contrast


class FiltersView(QWidget):
    """Pick a conv layer and see its filters; hover a tile for its index and value range."""

    def __init__(self, state, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._state = state
        self._filters: dict[int, np.ndarray] = {}
        self._step: Optional[int] = None
        self._tiles: list[tuple] = []       # per tile: (filter, input channel or None, min, max)
        self._lesioned_tiles: list[int] = []
        self.accuracy = AccuracyTracker(state, self)
        self.accuracy.changed.connect(lambda _text: self._describe_lesions())

        self._redraws = DeferredRedraw(self, self._redraw, REDRAW_MS, budget=training_budget(state))

        self.layer_combo = LayerCombo()
        self.layer_combo.setToolTip(self.tr("The convolution layer whose filters (weights) are shown."))
        self.layer_combo.setMinimumContentsLength(14)
        self.layer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mode_combo = QComboBox()
        self.mode_combo.addItem(self.tr("Tile per filter"), COMBINED)
        self.mode_combo.addItem(self.tr("Tile per input channel"), SEPARATE)
        self.mode_combo.setToolTip(
            self.tr("A filter of a deeper layer has one small kernel per input channel. Show them "
            "separately (rows = filters, columns = input channels) or averaged into one tile. "
            "The first layer of a colour network is always shown in colour in the one-tile mode."))
        self.norm_combo = QComboBox()
        self.norm_combo.addItem(self.tr("Scale per filter"), True)
        self.norm_combo.addItem(self.tr("Scale per layer"), False)
        self.norm_combo.setToolTip(
            self.tr("Each filter stretched to full contrast shows its pattern best; one scale for the "
            "whole layer shows which filters have large weights."))
        for combo in (self.layer_combo, self.mode_combo, self.norm_combo):
            combo.currentIndexChanged.connect(self._redraws.mark)

        self.canvas = TileCanvas()
        self.canvas.paint_meter = self._redraws.paint_meter
        self.canvas.tileHovered.connect(self._on_tile_hovered)
        self.canvas.tileClicked.connect(self._on_tile_clicked)
        self.canvas.setToolTip(self.tr("Click a filter to switch it off; click again to switch it back on."))
        self.lesion_marks = pg.PlotDataItem(pen=pg.mkPen(LESION_RGB, width=2), connect="pairs")
        self.canvas.view_box.addItem(self.lesion_marks)
        self.restore_button = QPushButton(self.tr("Switch all on"))
        self.restore_button.setToolTip(self.tr("Switch every filter of every layer back on."))
        self.restore_button.clicked.connect(lambda: self._state.set_lesions({}))
        self.restore_button.setEnabled(False)
        self.lesion_info = QLabel()
        self.lesion_info.setWordWrap(True)
        # Two lines kept free: the accuracy sentence wraps when it names a step and not when it
        # does not, and a label changing height every epoch would resize (and repaint) the canvas.
        self.lesion_info.setMinimumHeight(2 * self.lesion_info.fontMetrics().lineSpacing())
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.hover = QLabel()
        self.hover.setMinimumWidth(160)
        # the time-lapse: live snapshots go through the router, which holds them back while replaying
        self.timelapse = TimelapseScrubber(TimelapsePlayer.of(state))
        self.replay = SnapshotRouter(self.timelapse.player, self._on_snapshot,
                                     on_live=lambda: self._on_model_changed(None), parent=self)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Layer")))
        top.addWidget(self.layer_combo, 1)
        top.addWidget(self.mode_combo)
        top.addWidget(self.norm_combo)
        lesions = QHBoxLayout()
        lesions.addWidget(self.lesion_info, 1)
        lesions.addWidget(self.restore_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.info, 1)
        bottom.addWidget(self.hover)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(lesions)
        layout.addLayout(bottom)
        layout.addWidget(self.timelapse)

        state.snapshotReady.connect(self.replay.live)
        state.specChanged.connect(self._on_model_changed)
        if hasattr(state, "openedModelChanged"):
            state.openedModelChanged.connect(self._on_model_changed)
        state.datasetChanged.connect(self._on_model_changed)
        state.lesionsChanged.connect(self._on_lesions)
        self._show_empty()
        self._describe_lesions()

    # ------------------------------------------------------------------ public API
    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def tile_count(self) -> int:
        """Number of tiles in the grid (pending data is drawn first)."""
        self.flush()
        return len(self._tiles)

    def flush(self) -> None:
        """Redraw now if anything changed (even while hidden)."""
        self._redraws.flush()

    def current_layer(self) -> Optional[int]:
        return self.layer_combo.current_layer()

    def set_layer(self, index: int) -> None:
        """Select conv layer ``index`` (a spec layer index) if it is listed."""
        self.layer_combo.select_layer(index)

    def set_mode(self, mode: str) -> None:
        """``"combined"`` (one tile per filter) or ``"separate"`` (one per input channel)."""
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(mode))

    def set_per_filter_normalisation(self, per_filter: bool) -> None:
        self.norm_combo.setCurrentIndex(self.norm_combo.findData(bool(per_filter)))

    def lesioned_tiles(self) -> list[int]:
        """Indices of the tiles drawn as switched off (pending data is drawn first)."""
        self.flush()
        return list(self._lesioned_tiles)

    def toggle_filter(self, filter_index: int) -> None:
        """Switch filter ``filter_index`` of the shown layer off, or back on."""
        layer = self.current_layer()
        if layer is not None:             # a spec index, or an opened model's module path
            self._state.set_lesioned(layer, filter_index, not self._state.is_lesioned(layer, filter_index))

    def image(self) -> Optional[np.ndarray]:
        """The mosaic shown now (uint8), or None."""
        return self.canvas.image_item.image

    # ------------------------------------------------------------------ slots
    def _on_snapshot(self, snapshot) -> None:
        filters = getattr(snapshot, "filters", None)
        if not filters:
            return
        self._filters = {(k if isinstance(k, str) else int(k)): np.asarray(v) for k, v in filters.items()}
        self._step = snapshot.step
        self._sync_layers()
        self._redraws.mark_live()

    def _on_model_changed(self, _value) -> None:
        self._filters = {}
        self._step = None
        self._sync_layers()
        self._describe_lesions()
        self._redraws.mark()

    def _sync_layers(self) -> None:
        """Rebuild the layer list when the set of conv layers changed, keeping the selection."""
        items = self._filters.items()       # module paths (an opened model) stay in model order
        self.layer_combo.set_entries([(i, self._layer_label(i, w))
                                      for i, w in (items if self._opened() else sorted(items))])

    def _layer_label(self, index: int, weights: np.ndarray) -> str:
        out_c, in_c, kh, kw = weights.shape
        kernel = f"k{kh}" if kh == kw else f"k{kh}×{kw}"
        if isinstance(index, str):
            return f"{index} {in_c}→{out_c} {kernel}"
        layers = getattr(getattr(self._state, "spec", None), "layers", ())
        kind = getattr(layers[index], "label", "Conv2d") if index < len(layers) else "Conv2d"
        return f"#{index} {kind} {in_c}→{out_c} {kernel}"

    def _on_tile_clicked(self, index: int) -> None:
        if index < len(self._tiles):
            self.toggle_filter(self._tiles[index][0])

    def _on_lesions(self, _lesions) -> None:
        self._describe_lesions()
        self._redraws.mark()

    def _describe_lesions(self) -> None:
        lesions = getattr(self._state, "lesions", {}) or {}
        count = sum(len(v) for v in lesions.values())
        self.restore_button.setEnabled(count > 0)
        accuracy = self.accuracy.text
        if not count:
            can_click = self._has_convs() and (self._opened() is not None
                                               or getattr(self._state, "spec_error", None) is None)
            hint = self.tr("Click a filter to switch it off and see what it was for. ") if can_click else ""
            text = hint + accuracy
        else:
            layer_text = self.tr("layer {index}: {filters}")
            where = ", ".join(f"{k}: {', '.join(map(str, sorted(v)))}" if isinstance(k, str)
                              else layer_text.format(index=k, filters=", ".join(map(str, sorted(v))))
                              for k, v in sorted(lesions.items(), key=lambda kv: (isinstance(kv[0], str), kv[0])))
            text = self.tr("Switched off: {where}. {accuracy}").format(where=where,
                                                                      accuracy=accuracy or self.tr("Evaluating…"))
        self.lesion_info.setText(text.strip())

    def _opened(self):
        return getattr(self._state, "opened_model", None)

    def _has_convs(self) -> bool:
        if self._opened() is not None:
            return any(layer.is_conv for layer in self._opened().layers)
        layers = getattr(getattr(self._state, "spec", None), "layers", ())
        return any(isinstance(layer, Conv2d) for layer in layers)

    def _on_tile_hovered(self, index: int) -> None:
        if not 0 <= index < len(self._tiles):
            self.hover.setText("")
            self.canvas.setToolTip("")
            return
        f, c, lo, hi = self._tiles[index]
        where = (self.tr("filter {index}").format(index=f) if c is None
                 else self.tr("filter {index}, input channel {channel}").format(index=f, channel=c))
        off = self.tr(" (switched off)") if self._state.is_lesioned(self.current_layer(), f) else ""
        text = self.tr("{where}{off}: min {lo:.3g}, max {hi:.3g}").format(where=where, off=off, lo=lo, hi=hi)
        self.hover.setText(text)
        self.canvas.setToolTip(text)

    # ------------------------------------------------------------------ drawing
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._redraws.shown()

    def _show_empty(self) -> None:
        self._tiles = []
        self._lesioned_tiles = []
        self.lesion_marks.setData([], [])
        self.canvas.clear_mosaic()
        self.info.setText(self._empty_text())

    def _empty_text(self) -> str:
        """Why no filters are shown."""
        layers = getattr(getattr(self._state, "spec", None), "layers", ())
        if not self._has_convs():
            inside = any(getattr(layer, "kind", "") == "residual" for layer in layers)
            return (self.tr("This network has no convolution layers of its own (its convolutions are inside "
                            "residual blocks, whose filters are not shown here), so there are no filters to show.")
                    if inside else
                    self.tr("This network has no convolution layers, so it has no filters to show. Add a Conv2d "
                            "layer in the Model panel, or pick a preset with convolutions, to see some."))
        problem = cannot_build_text(self._state, self.tr("show its filters"))
        if problem:
            return problem
        return self.tr("No filters yet: they appear once the network has been built "
                       "(press Train or pick an image in Feature maps).")

    def _redraw(self) -> None:
        layer = self.current_layer()
        weights = self._filters.get(layer) if layer is not None else None
        if weights is None or weights.ndim != 4 or weights.size == 0:
            self._show_empty()
            return
        weights = weights.astype(np.float32, copy=False)
        out_c, in_c, kh, kw = weights.shape
        per_filter = bool(self.norm_combo.currentData())
        mode = self.mode_combo.currentData()
        first = next(iter(self._filters)) if self._opened() is not None else min(self._filters)
        rgb = mode == COMBINED and in_c == 3 and layer == first
        if rgb:
            scaled = normalize_stack(weights, per_filter, tile_ndim=3)        # (out, 3, kh, kw)
            tiles = np.ascontiguousarray(scaled.transpose(0, 2, 3, 1))       # (out, kh, kw, 3)
            stats = [(f, None, float(weights[f].min()), float(weights[f].max())) for f in range(out_c)]
            cols = None
        elif mode == COMBINED:
            mean = weights.mean(axis=1)                                      # (out, kh, kw)
            tiles = normalize_stack(mean, per_filter, tile_ndim=2)
            stats = [(f, None, float(mean[f].min()), float(mean[f].max())) for f in range(out_c)]
            cols = None
        else:
            scaled = normalize_stack(weights, per_filter, tile_ndim=3)       # filter-wide scale
            tiles = scaled.reshape(out_c * in_c, kh, kw)
            lo, hi = weights.min(axis=(2, 3)), weights.max(axis=(2, 3))
            stats = [(f, c, float(lo[f, c]), float(hi[f, c])) for f in range(out_c) for c in range(in_c)]
            cols = in_c
        rows, ncols = grid_dims(len(tiles), cols)
        scale = upscale_factor(kh, kw, rows, ncols)
        sep = separator_value(self.palette(), rgb=tiles.ndim == 4)
        mosaic, layout = pack_tiles(tiles, cols=ncols, scale=scale, sep=1, sep_value=sep)
        self._tiles = stats
        self._draw_lesions(mosaic, layout, layer, sep)
        self.canvas.set_mosaic(mosaic, layout)
        shape = self.tr("{filters} filters × {channels} input channels, {kh}×{kw}").format(
            filters=out_c, channels=in_c, kh=kh, kw=kw)
        how = self.tr("colour (RGB)") if rgb else (self.tr("averaged over inputs") if mode == COMBINED
                                                   else self.tr("rows = filters, columns = input channels"))
        when = "" if self._step is None else self.tr(" · step {step}").format(step=self._step)
        self.info.setText(f"{shape} · {how}{when}")

    def _draw_lesions(self, mosaic: np.ndarray, layout, layer: int, sep) -> None:
        """Dim the tiles of switched-off filters in ``mosaic`` (in place) and cross them out in red."""
        off = self._state.lesions.get(layer, frozenset()) if hasattr(self._state, "lesions") else frozenset()
        self._lesioned_tiles = [i for i, tile in enumerate(self._tiles) if tile[0] in off]
        xs, ys = [], []
        background = np.asarray(sep, dtype=np.float32)
        for i in self._lesioned_tiles:
            r, c = divmod(i, layout.cols)
            y0, x0 = r * (layout.tile_h + layout.sep), c * (layout.tile_w + layout.sep)
            y1, x1 = y0 + layout.tile_h, x0 + layout.tile_w
            region = mosaic[y0:y1, x0:x1].astype(np.float32)
            mosaic[y0:y1, x0:x1] = (region * DIM + background * (1 - DIM)).astype(mosaic.dtype)
            for (ax, ay), (bx, by) in (((x0, y0), (x1, y1)), ((x1, y0), (x0, y1)), ((x0, y0), (x1, y0)),
                                       ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
                xs += [ax, bx]
                ys += [ay, by]
        self.lesion_marks.setData(xs, ys)

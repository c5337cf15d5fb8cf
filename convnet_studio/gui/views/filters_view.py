"""FiltersView: the weights of one conv layer as a grid of small images.

The first conv layer of an RGB net shows each filter as one colour tile; deeper
layers show one greyscale tile per (filter, input channel) — rows are filters,
columns input channels — or one tile per filter averaged over its inputs.
Weights come from Snapshot.filters (numpy, computed on the training thread).
"""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .tile_canvas import TileCanvas, separator_value
from .tile_grid import grid_dims, normalize_stack, pack_tiles, upscale_factor

REDRAW_MS = 100
SEPARATE, COMBINED = "separate", "combined"


class FiltersView(QWidget):
    """Pick a conv layer and see its filters; hover a tile for its index and value range."""

    def __init__(self, state, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._state = state
        self._filters: dict[int, np.ndarray] = {}
        self._step: Optional[int] = None
        self._tiles: list[tuple] = []       # per tile: (filter, input channel or None, min, max)
        self._dirty = False

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._redraw_if_visible)

        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip("The convolution layer whose filters (weights) are shown.")
        self.layer_combo.setMinimumContentsLength(14)
        self.layer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mode_combo = QComboBox()
        self.mode_combo.addItem("Tile per filter", COMBINED)
        self.mode_combo.addItem("Tile per input channel", SEPARATE)
        self.mode_combo.setToolTip(
            "A filter of a deeper layer has one small kernel per input channel. Show them "
            "separately (rows = filters, columns = input channels) or averaged into one tile. "
            "The first layer of a colour network is always shown in colour in the one-tile mode.")
        self.norm_combo = QComboBox()
        self.norm_combo.addItem("Scale per filter", True)
        self.norm_combo.addItem("Scale per layer", False)
        self.norm_combo.setToolTip(
            "Each filter stretched to full contrast shows its pattern best; one scale for the "
            "whole layer shows which filters have large weights.")
        for combo in (self.layer_combo, self.mode_combo, self.norm_combo):
            combo.currentIndexChanged.connect(self._mark_dirty)

        self.canvas = TileCanvas()
        self.canvas.tileHovered.connect(self._on_tile_hovered)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.hover = QLabel()
        self.hover.setMinimumWidth(160)

        top = QHBoxLayout()
        top.addWidget(QLabel("Layer"))
        top.addWidget(self.layer_combo, 1)
        top.addWidget(self.mode_combo)
        top.addWidget(self.norm_combo)
        bottom = QHBoxLayout()
        bottom.addWidget(self.info, 1)
        bottom.addWidget(self.hover)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(bottom)

        state.snapshotReady.connect(self._on_snapshot)
        state.specChanged.connect(self._on_model_changed)
        state.datasetChanged.connect(self._on_model_changed)
        self._show_empty()

    # ------------------------------------------------------------------ public API
    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def tile_count(self) -> int:
        """Number of tiles in the grid (pending data is drawn first)."""
        self.flush()
        return len(self._tiles)

    def flush(self) -> None:
        """Redraw now if anything changed (even while hidden)."""
        self._timer.stop()
        if self._dirty:
            self._redraw()

    def current_layer(self) -> Optional[int]:
        data = self.layer_combo.currentData()
        return None if data is None else int(data)

    def set_layer(self, index: int) -> None:
        """Select conv layer ``index`` (a spec layer index) if it is listed."""
        pos = self.layer_combo.findData(int(index))
        if pos >= 0:
            self.layer_combo.setCurrentIndex(pos)

    def set_mode(self, mode: str) -> None:
        """``"combined"`` (one tile per filter) or ``"separate"`` (one per input channel)."""
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(mode))

    def set_per_filter_normalisation(self, per_filter: bool) -> None:
        self.norm_combo.setCurrentIndex(self.norm_combo.findData(bool(per_filter)))

    def image(self) -> Optional[np.ndarray]:
        """The mosaic shown now (uint8), or None."""
        return self.canvas.image_item.image

    # ------------------------------------------------------------------ slots
    def _on_snapshot(self, snapshot) -> None:
        filters = getattr(snapshot, "filters", None)
        if not filters:
            return
        self._filters = {int(k): np.asarray(v) for k, v in filters.items()}
        self._step = snapshot.step
        self._sync_layers()
        self._mark_dirty()

    def _on_model_changed(self, _value) -> None:
        self._filters = {}
        self._step = None
        self._sync_layers()
        self._mark_dirty()

    def _sync_layers(self) -> None:
        """Rebuild the layer list when the set of conv layers changed, keeping the selection."""
        wanted = [(i, self._layer_label(i, w)) for i, w in sorted(self._filters.items())]
        have = [(self.layer_combo.itemData(k), self.layer_combo.itemText(k))
                for k in range(self.layer_combo.count())]
        if wanted == have:
            return
        keep = self.current_layer()
        blocked = self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        for index, label in wanted:
            self.layer_combo.addItem(label, index)
        pos = self.layer_combo.findData(keep) if keep is not None else -1
        self.layer_combo.setCurrentIndex(max(pos, 0) if wanted else -1)
        self.layer_combo.blockSignals(blocked)

    def _layer_label(self, index: int, weights: np.ndarray) -> str:
        out_c, in_c, kh, kw = weights.shape
        layers = getattr(getattr(self._state, "spec", None), "layers", ())
        kind = getattr(layers[index], "label", "Conv2d") if index < len(layers) else "Conv2d"
        kernel = f"k{kh}" if kh == kw else f"k{kh}×{kw}"
        return f"#{index} {kind} {in_c}→{out_c} {kernel}"

    def _on_tile_hovered(self, index: int) -> None:
        if not 0 <= index < len(self._tiles):
            self.hover.setText("")
            self.canvas.setToolTip("")
            return
        f, c, lo, hi = self._tiles[index]
        where = f"filter {f}" + ("" if c is None else f", input channel {c}")
        text = f"{where}: min {lo:.3g}, max {hi:.3g}"
        self.hover.setText(text)
        self.canvas.setToolTip(text)

    # ------------------------------------------------------------------ drawing
    def _mark_dirty(self, *_args) -> None:
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def _redraw_if_visible(self) -> None:
        if self.isVisible():
            self._redraw()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self._timer.start()

    def _show_empty(self) -> None:
        self._tiles = []
        self.canvas.clear_mosaic()
        self.info.setText("No filters yet: they appear once the network has been built "
                          "(press Train or pick an image in Feature maps).")

    def _redraw(self) -> None:
        self._dirty = False
        layer = self.current_layer()
        weights = self._filters.get(layer) if layer is not None else None
        if weights is None or weights.ndim != 4 or weights.size == 0:
            self._show_empty()
            return
        weights = weights.astype(np.float32, copy=False)
        out_c, in_c, kh, kw = weights.shape
        per_filter = bool(self.norm_combo.currentData())
        mode = self.mode_combo.currentData()
        rgb = mode == COMBINED and in_c == 3 and layer == min(self._filters)
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
        self.canvas.set_mosaic(mosaic, layout)
        shape = f"{out_c} filters × {in_c} input channels, {kh}×{kw}"
        how = "colour (RGB)" if rgb else ("averaged over inputs" if mode == COMBINED
                                          else "rows = filters, columns = input channels")
        when = "" if self._step is None else f" · step {self._step}"
        self.info.setText(f"{shape} · {how}{when}")

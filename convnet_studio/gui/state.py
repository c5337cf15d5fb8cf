"""StudioState: the one place the panels edit and the views read, living in the GUI thread.

Panels call ``set_spec`` / ``set_config`` / ``set_dataset`` / ``set_probe_image``;
views subscribe to the typed signals. The run's status and the training worker's events
come from the base class, ``RunTelemetry`` (``run_telemetry.py``). Nothing here runs
torch computations: shape inference is arithmetic (``core.model.shape_inference``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..core.inspect.probe_source import ProbeSource
from ..core.inspect.probe_transform import ProbeTransform
from ..core.model.shape_inference import LayerInfo, infer_partial, summarize
from ..core.model.spec import ModelSpec, SpecError
from ..core.train.config import TrainConfig
from .i18n import spec_error_text
from .run_telemetry import RunTelemetry

#: Input shape and class count used for shape inference before any dataset is loaded.
DEFAULT_INPUT_SHAPE = (3, 32, 32)
DEFAULT_NUM_CLASSES = 10


@dataclass(frozen=True)
class ProbeImage:
    """The image the feature-map view looks at: ``image`` is uint8 (C, H, W)."""
    source: ProbeSource
    image: np.ndarray
    label: Optional[int] = None

    @property
    def key(self) -> str:
        """The source's text id, which snapshots and attributions of this image carry back."""
        return self.source.key


class StudioState(RunTelemetry):
    """The document (spec, config, dataset, probe image, lesions, opened model) as Qt signals;
    the run's status and events come from ``RunTelemetry``."""

    specChanged = Signal(object)        # ModelSpec
    configChanged = Signal(object)      # TrainConfig
    datasetChanged = Signal(object)     # InMemoryDataset
    probeImageChanged = Signal(object)  # ProbeImage
    probeTransformChanged = Signal(object)  # ProbeTransform applied to the probe image before the net sees it
    shapesChanged = Signal()            # shapes were re-inferred; read layer_infos / spec_error
    loadingChanged = Signal(str)        # a dataset load started ("name") or ended (""); Train waits for it
    torchLoadingChanged = Signal(bool)  # PyTorch started (True) or finished (False) loading; Train waits for it
    lesionsChanged = Signal(object)     # dict: layer index -> frozenset of channels switched off
    analysisRequested = Signal(object)  # core.jobs.AnalysisJob; the RunController hands it to the worker
    analysisCancelled = Signal(str)     # the kind of job to stop
    openedModelChanged = Signal(object) # OpenedModelInfo, or None: back to the spec's network
    headOnlyChanged = Signal(bool)      # fine-tuning an opened model trains its head only (or all layers)
    mapLayerChanged = Signal(str)       # an opened model's module path whose feature maps are wanted too

    def __init__(self, spec: Optional[ModelSpec] = None, config: Optional[TrainConfig] = None,
                 parent: Optional[QObject] = None):
        super().__init__(parent)
        self._spec = spec if spec is not None else ModelSpec()
        self._config = config if config is not None else TrainConfig()
        self._dataset = None
        self._probe_image: Optional[ProbeImage] = None
        self._probe_transform = ProbeTransform()
        self._layer_infos: Optional[list[LayerInfo]] = None
        self._partial_infos: list[LayerInfo] = []
        self._spec_error: Optional[SpecError] = None
        self._loading = ""
        self._torch_loading = False
        self._lesions: dict[int, frozenset] = {}
        self._spec_guard = None
        self._opened_model = None
        self._map_layer = ""
        self._head_only = False
        self._infer()

    # ------------------------------------------------------------------ properties
    @property
    def spec(self) -> ModelSpec:
        return self._spec

    @property
    def config(self) -> TrainConfig:
        return self._config

    @property
    def dataset(self):
        """The loaded ``InMemoryDataset`` or None."""
        return self._dataset

    @property
    def probe_image(self) -> Optional[ProbeImage]:
        return self._probe_image

    @property
    def layer_infos(self) -> Optional[list[LayerInfo]]:
        """The last ``infer_shapes`` result, or None when the spec is impossible."""
        return self._layer_infos

    @property
    def partial_infos(self) -> list[LayerInfo]:
        """Infos of the layers before the first problem (all layers when the spec is valid)."""
        return self._partial_infos

    @property
    def spec_error(self) -> Optional[SpecError]:
        return self._spec_error

    @property
    def input_shape(self) -> tuple:
        return tuple(self._dataset.input_shape) if self._dataset is not None else DEFAULT_INPUT_SHAPE

    @property
    def num_classes(self) -> int:
        return int(self._dataset.num_classes) if self._dataset is not None else DEFAULT_NUM_CLASSES

    @property
    def totals(self) -> tuple[int, int]:
        """(total params, total mult-adds) of the valid prefix."""
        return summarize(self._partial_infos)

    @property
    def loading(self) -> str:
        """The name of the dataset being loaded, or ""."""
        return self._loading

    @property
    def torch_loading(self) -> bool:
        """True while the compute thread is still importing PyTorch (the window is shown before it)."""
        return self._torch_loading

    def set_torch_loading(self, loading: bool) -> None:
        if bool(loading) != self._torch_loading:
            self._torch_loading = bool(loading)
            self.torchLoadingChanged.emit(self._torch_loading)

    @property
    def lesions(self) -> dict[int, frozenset]:
        """Filters switched off: ``{layer index: frozenset(channels)}`` (a copy)."""
        return dict(self._lesions)

    def set_lesions(self, lesions) -> None:
        """Switch exactly ``{layer: channels}`` off (snapshots and analysis use them, training never)."""
        clean = {_layer_key(k): frozenset(int(c) for c in v) for k, v in dict(lesions).items()}
        clean = {k: v for k, v in clean.items() if v}
        if clean != self._lesions:
            self._lesions = clean
            self.lesionsChanged.emit(dict(clean))

    def set_lesioned(self, layer, channel: int, off: bool) -> None:
        """Switch filter ``channel`` of layer ``layer`` (a spec index, or an opened model's module path)
        off (``off=True``) or back on."""
        layer = _layer_key(layer)
        current = set(self._lesions.get(layer, ()))
        current = current | {int(channel)} if off else current - {int(channel)}
        self.set_lesions({**self._lesions, layer: current})

    def is_lesioned(self, layer, channel: int) -> bool:
        """Whether filter ``channel`` of ``layer`` (a spec index, or an opened model's module path) is off."""
        return layer is not None and int(channel) in self._lesions.get(_layer_key(layer), ())

    def request_analysis(self, job) -> None:
        """Ask for an analysis job (``core.jobs.AnalysisJob``); its answer comes as ``analysisResult``."""
        self.analysisRequested.emit(job)

    def cancel_analysis(self, kind: str) -> None:
        self.analysisCancelled.emit(str(kind))

    def set_loading(self, name: str) -> None:
        if name != self._loading:
            self._loading = name
            self.loadingChanged.emit(name)

    def train_blocker(self) -> str:
        """Why Train cannot start now, as one sentence, or "" when it can."""
        if self._torch_loading:
            return self.tr("Wait until PyTorch has finished loading.")
        if self._loading:
            return self.tr("Wait until the dataset has finished loading.")
        if self._dataset is None:
            return self.tr("Load a dataset first.")
        if self._spec_error is not None and self._opened_model is None:
            return self.tr("The network cannot be built: {reason}.").format(
                reason=spec_error_text(self._spec_error, False))
        if self.is_running:
            return self.tr("A run is already in progress.")
        return ""

    @property
    def head_only(self) -> bool:
        """Fine-tuning an opened model trains only its new classifier head (the rest frozen)."""
        return self._head_only

    def set_head_only(self, head_only: bool) -> None:
        if bool(head_only) != self._head_only:
            self._head_only = bool(head_only)
            self.headOnlyChanged.emit(self._head_only)

    @property
    def opened_model(self):
        """The ``OpenedModelInfo`` of a model opened with File ▸ Open model, or None (the spec's network)."""
        return self._opened_model

    def set_opened_model(self, info) -> None:
        """Look at an opened model (``OpenedModelInfo``) instead of the spec's network, or back (None)."""
        if info is self._opened_model:
            return
        self._opened_model = info
        self._map_layer = ""
        self.set_lesions({})
        self.openedModelChanged.emit(info)
        self.shapesChanged.emit()           # the Train button re-reads train_blocker

    @property
    def map_layer(self) -> str:
        """A module path of the opened model whose feature maps snapshots carry besides its blocks'."""
        return self._map_layer

    def set_map_layer(self, path: str) -> None:
        if path != self._map_layer:
            self._map_layer = path
            self.mapLayerChanged.emit(path)

    # ------------------------------------------------------------------ setters
    def set_spec_guard(self, guard) -> None:
        """``guard(new_spec) -> bool`` is asked before a different spec replaces the current one;
        False keeps the current spec (and re-emits shapesChanged so editors show it again)."""
        self._spec_guard = guard

    def set_spec(self, spec: ModelSpec) -> None:
        """Replace the spec, re-infer shapes, then emit specChanged and shapesChanged."""
        if spec != self._spec and self._spec_guard is not None and not self._spec_guard(spec):
            self.shapesChanged.emit()
            return
        self._spec = spec
        self.health_history.clear()
        self._infer()
        self.set_lesions({})
        self.specChanged.emit(spec)
        self.shapesChanged.emit()

    def set_config(self, config: TrainConfig) -> None:
        if config == self._config:
            return
        self._config = config
        self.configChanged.emit(config)

    def set_dataset(self, dataset) -> None:
        """Use a loaded dataset; shapes are re-inferred for its input shape and classes."""
        self._dataset = dataset
        self.health_history.clear()
        self._infer()
        self.set_lesions({})
        self.datasetChanged.emit(dataset)
        self.shapesChanged.emit()

    def set_probe_image(self, source: ProbeSource, image: np.ndarray, label: Optional[int] = None) -> None:
        """Look at ``image`` (uint8 (C,H,W)) from ``source``; whoever owns the worker asks it for a Snapshot."""
        if not isinstance(source, ProbeSource):
            raise TypeError(f"a probe image's source is a ProbeSource, not {source!r}")
        image = np.ascontiguousarray(image, dtype=np.uint8)
        if image.ndim == 2:
            image = image[None]
        self._probe_image = ProbeImage(source, image, None if label is None else int(label))
        self.probeImageChanged.emit(self._probe_image)

    @property
    def probe_transform(self) -> ProbeTransform:
        """How the probe image is changed before the net looks at it (shift, rotate, patch, ...)."""
        return self._probe_transform

    def set_probe_transform(self, transform: ProbeTransform) -> None:
        """Change the probe image live; ``ValueError`` for settings no image can take."""
        transform = transform.check()
        if transform != self._probe_transform:
            self._probe_transform = transform
            self.probeTransformChanged.emit(transform)

    # ------------------------------------------------------------------ internals
    def _infer(self) -> None:
        try:
            infos, error = infer_partial(self._spec, self.input_shape, self.num_classes)
        except SpecError as exc:
            infos, error = [], exc
        self._partial_infos = infos
        self._spec_error = error
        self._layer_infos = list(infos) if error is None else None


def _layer_key(layer):
    """A lesion's layer: an opened model's module path as it is, a spec layer index as an int."""
    return layer if isinstance(layer, str) else int(layer)

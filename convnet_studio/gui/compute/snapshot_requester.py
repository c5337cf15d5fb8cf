"""SnapshotRequester: asks the compute thread for a new look inside the model whenever what the views show changes.

The probe image or its transform, the spec, the dataset, the lesions, the feature-map layer and
the end of a run each call for a new snapshot. While a run is live, the run takes the probe image
between its steps (the newest request wins). Otherwise the requester posts one idle
``SnapshotRequest`` per burst of changes, of the spec's network or of the opened model; a drawing
(redrawn with every stroke) and a moved probe control are asked for at once. It lives in the GUI
thread, owned by the ``RunController``.
"""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from superqt.utils import qdebounced

from ...core.inspect.probe_source import ProbeKind
from ..state import StudioState
from .requests import SnapshotRequest
from .worker import TrainingWorker


class SnapshotRequester(QObject):
    """Turns ``StudioState`` changes into snapshot requests to the ``TrainingWorker``."""

    _snapshotRequested = Signal()       # -> worker.compute_snapshot (queued)

    def __init__(self, state: StudioState, worker: TrainingWorker,
                 refused: Callable[[str, BaseException], None], parent: Optional[QObject] = None):
        """``refused(command, exc)`` tells the user that the worker refused a command (a bad value)."""
        super().__init__(parent)
        self.state = state
        self.worker = worker
        self._refused = refused
        self._shut = False
        self._snapshotRequested.connect(worker.compute_snapshot)
        # Changes come in bursts (a new dataset also replaces the probe image): one idle snapshot per burst.
        self._post_idle_snapshot_soon = qdebounced(self._post_idle_snapshot, 120)
        state.probeImageChanged.connect(self._on_probe_image)
        state.probeTransformChanged.connect(self._on_probe_transform)
        state.specChanged.connect(self.schedule)
        state.datasetChanged.connect(self.schedule)
        state.runEnded.connect(self.schedule)
        state.lesionsChanged.connect(self._on_lesions)
        state.mapLayerChanged.connect(self.schedule)

    @Slot(object)
    def schedule(self, _changed=None) -> None:
        """Ask for an idle snapshot once the current burst of changes is over."""
        if not self._shut:
            self._post_idle_snapshot_soon()

    def close(self) -> None:
        """Ask for nothing more: the compute thread is being joined."""
        self._shut = True
        self._post_idle_snapshot_soon.cancel()

    @Slot(object)
    def _on_probe_image(self, probe, at_once: bool = False) -> None:
        """Look at the probe image; a drawing (redrawn with every stroke) is looked at at once."""
        if self.state.is_running:
            try:
                self.worker.request_snapshot(probe.image, probe.key, self.state.probe_transform)
            except ValueError as exc:
                self._refused("snapshot", exc)
        elif at_once or probe.source.kind is ProbeKind.DRAWN:
            self._post_idle_snapshot()
        else:
            self.schedule()

    @Slot(object)
    def _on_probe_transform(self, _transform) -> None:
        """A probe control moved: ask at once; the worker serves only the newest request."""
        probe = self.state.probe_image
        if probe is not None and not self._shut:
            self._on_probe_image(probe, at_once=True)

    @Slot(object)
    def _on_lesions(self, lesions) -> None:
        """New lesions: snapshots use them from now on; look at the probe image again."""
        if self.state.opened_model is not None:      # they travel with each look at the opened model
            self.schedule()
            return
        try:
            self.worker.set_lesions(lesions)
        except ValueError as exc:
            self._refused("lesions", exc)
            return
        probe = self.state.probe_image
        if probe is not None:
            self._on_probe_image(probe)
        else:
            self.schedule()

    @Slot()
    def _post_idle_snapshot(self) -> None:
        state = self.state
        if state.opened_model is not None:
            self._post_opened_snapshot()
            return
        if state.is_running or state.dataset is None or state.spec_error is not None or self._shut:
            return
        probe = state.probe_image
        ds = state.dataset
        image = probe.image if probe is not None and tuple(probe.image.shape) == tuple(state.input_shape) else None
        self.worker.post_snapshot_request(SnapshotRequest(
            state.spec, tuple(state.input_shape), state.num_classes, tuple(ds.mean), tuple(ds.std),
            int(state.config.seed), image, probe.key if image is not None else None, state.probe_transform))
        self._snapshotRequested.emit()

    def _post_opened_snapshot(self) -> None:
        """An idle snapshot of the opened model: the probe image (fitted to its input in the worker),
        or a mid-grey image when there is none."""
        info, probe = self.state.opened_model, self.state.probe_image
        if self.state.is_running or self._shut:
            return
        image = probe.image if probe is not None else np.full(info.meta.input_shape, 128, dtype=np.uint8)
        key = probe.key if probe is not None else None
        self.worker.post_snapshot_request(SnapshotRequest(
            None, tuple(info.meta.input_shape), int(info.meta.num_classes), tuple(info.meta.mean),
            tuple(info.meta.std), 0, image, key, model=info.source,
            layers=info.map_layers() + ((self.state.map_layer,) if self.state.map_layer else ()),
            lesions=self.state.lesions or None))
        self._snapshotRequested.emit()

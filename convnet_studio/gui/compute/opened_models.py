"""The worker's opened model (File ▸ Open model) and, once fine-tuned, the model it became.

``OpenedModels`` lives in the compute thread with the worker: it opens a ``ModelSource``,
answers idle looks (snapshots, analysis jobs) with the model, and after a fine-tune run
adopts the trained model, so the views show the new head and the dataset's classes.
``FineTuneAnnouncer`` is the trainer hook that describes the model a fine-tune run trains
as the run starts (module tree at the dataset's input, the dataset's classes), so the views
follow the live run as they do a spec network's.
"""
from __future__ import annotations

import dataclasses
from typing import Callable, Optional

from ...core.train.hooks import TrainerHooks
from .requests import OpenedModelInfo, SnapshotRequest


def fine_tuned_info(trainer) -> OpenedModelInfo:
    """What the views need of the model ``trainer`` fine-tunes: its source (the model it started
    from), the dataset's input, normalisation and classes, and its module tree at that input."""
    from ...core.model.external import ModelMeta
    from ...core.model.external.base import class_names_or_default
    from ...core.model.external.layers import discover_layers
    ds, model = trainer.dataset, trainer.model
    classes = int(ds.num_classes)
    meta = ModelMeta(input_shape=tuple(int(v) for v in ds.input_shape), mean=tuple(ds.mean), std=tuple(ds.std),
                     class_names=class_names_or_default(getattr(ds, "class_names", ()) or (), classes),
                     num_classes=classes)
    layers = tuple(discover_layers(model, meta.input_shape))
    return OpenedModelInfo(trainer.model_factory.source, meta, layers, int(sum(p.numel() for p in model.parameters())),
                           trained_on=str(getattr(ds, "name", "") or ""))


class FineTuneAnnouncer(TrainerHooks):
    """Calls ``announce(OpenedModelInfo)`` with the fine-tuned model's description when the run starts."""

    def __init__(self, announce: Callable[[OpenedModelInfo], None]):
        self._announce = announce
        self.info: Optional[OpenedModelInfo] = None

    def on_run_start(self, trainer):
        try:
            self.info = fine_tuned_info(trainer)
        except Exception:  # noqa: BLE001 - a model that cannot be described still trains; the views keep the old one
            return None
        self._announce(self.info)
        return None


class OpenedModels:
    """The opened model of the worker (compute thread only)."""

    def __init__(self):
        self.current = None             # a core.model.external.OpenedModel, or None
        self._at = (0, 0)               # (step, epoch) its weights were trained to (0, 0: as opened)

    def open(self, source) -> OpenedModelInfo:
        """Open ``source`` and make it the current model; raises (one sentence) when it cannot be."""
        from ...core.model.external import open_model
        from ...core.model.external.layers import discover_layers
        opened = open_model(source)
        layers = tuple(discover_layers(opened.module, opened.meta.input_shape))
        self.current, self._at = opened, (0, 0)
        total = sum(p.numel() for p in opened.module.parameters())
        return OpenedModelInfo(source, opened.meta, layers, int(total))

    def close(self) -> None:
        self.current, self._at = None, (0, 0)

    def adopt(self, trainer, info: Optional[OpenedModelInfo]) -> bool:
        """After a fine-tune run: its trained model (described by ``info``) becomes the current one.
        False (nothing changes) when the run built no model."""
        from ...core.model.external import OpenedModel
        if info is None or getattr(trainer, "model", None) is None:
            return False
        self.current = OpenedModel(source=info.source, module=trainer.model, meta=info.meta)
        self._at = (int(trainer.step), int(trainer.epoch))
        return True

    def model_for(self, request: SnapshotRequest) -> tuple:
        """(model, step, epoch) for a look at ``request.model``; ValueError when that is not the current one."""
        if self.current is None or self.current.source != request.model:
            raise ValueError("the model asked for is not the opened one")
        return (self.current.module,) + self._at

    @staticmethod
    def snapshot(model, request: SnapshotRequest, step: int = 0, epoch: int = 0):
        """Filters by module path, the feature maps of ``request.layers`` and the probabilities of the
        probe image, resized (and given three channels) to the model's input."""
        from ...core.inspect.fit_input import fit_image
        from ...core.inspect.lesion import lesioned
        from ...core.inspect.probes import conv_filters, make_snapshot
        from ...core.jobs.analysis import usable_lesions
        image = request.image
        if image is not None:
            image = fit_image(image, request.input_shape)
        usable = usable_lesions(model, request.lesions) if image is not None else {}
        if not usable:
            return make_snapshot(model, None, image, request.mean, request.std, step, epoch, request.key,
                                 layers=request.layers)
        filters = conv_filters(model, None)            # the real weights; the maps see the lesions
        with lesioned(model, usable):
            snap = make_snapshot(model, None, image, request.mean, request.std, step, epoch, request.key,
                                 layers=request.layers)
        return dataclasses.replace(snap, filters=filters)

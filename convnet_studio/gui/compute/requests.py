"""The plain, frozen requests and answers that the GUI thread and the compute thread exchange."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from ...core import events


@dataclass(frozen=True)
class RunRequest:
    """What the GUI hands over when Train is pressed (frozen copies)."""
    token: int
    spec: Any                   # ModelSpec
    config: Any                 # TrainConfig
    dataset: Any                # InMemoryDataset (immutable once loaded)
    continue_run: bool = False  # go on from the last run's weights, optimizer and step
    tensorboard: bool = False   # write TensorBoard logs into the run's folder (<run>/tensorboard/)
    keep: bool = True           # keep the run in the runs workspace (core.runs)
    runs_dir: Optional[str] = None   # that workspace; None: $CONVNET_STUDIO_RUNS or the user data folder
    model_factory: Any = None   # core.train.finetune.FineTune: fine-tune an opened model instead of ``spec``


@dataclass(frozen=True)
class SnapshotRequest:
    """An idle-time look inside the model: which net, which data statistics, which image."""
    spec: Any
    input_shape: tuple
    num_classes: int
    mean: tuple
    std: tuple
    seed: int
    image: Optional[np.ndarray]
    key: Optional[str]
    transform: Any = None       # a ProbeTransform applied to the image first (None: as it is)
    model: Any = None           # a ModelSource: look at the opened model instead of ``spec``
    layers: Optional[tuple] = None    # module paths whose feature maps to keep (opened models)
    lesions: Any = None         # an opened model's ``{module path: channels}`` switched off in the look


@dataclass(frozen=True)
class OpenedModelInfo:
    """Plain facts about a model the worker opened, or fine-tuned from one (the module itself stays in
    the worker): after fine-tuning, ``meta`` holds the dataset's input and classes."""
    source: Any                 # core.model.external.ModelSource
    meta: Any                   # core.model.external.ModelMeta
    layers: tuple               # core.model.external.layers.ModuleLayer, in definition order
    total_params: int
    trained_on: str = ""        # the dataset a fine-tune run trained it on ("": as opened)

    def map_layers(self, max_depth: int = 2) -> tuple:
        """Module paths whose feature maps snapshots carry: modules with (C, H, W) outputs down to
        ``max_depth`` (``layer3``, ``layer3.1``; for a script ``Sequential``: its children)."""
        return tuple(l.path for l in self.layers if len(l.output_shape) == 3 and l.depth <= max_depth)


@dataclass(frozen=True)
class JobTarget:
    """The model an analysis job looks at when no run is live (as for an idle snapshot)."""
    spec: Any
    dataset: Any                # InMemoryDataset
    seed: int
    model: Any = None           # a ModelSource: the opened model instead of ``spec``'s network
    meta: Any = None            # its ModelMeta (input shape, normalisation), with ``model``

    def snapshot_request(self) -> SnapshotRequest:
        """The idle snapshot request that names the same model (no image)."""
        ds = self.dataset
        if self.model is not None:
            return SnapshotRequest(None, tuple(self.meta.input_shape), int(self.meta.num_classes),
                                   tuple(self.meta.mean), tuple(self.meta.std), 0, None, None, model=self.model)
        return SnapshotRequest(self.spec, tuple(ds.input_shape), int(ds.num_classes), tuple(ds.mean),
                               tuple(ds.std), int(self.seed), None, None)


@dataclass(frozen=True)
class OpenedRun:
    """Plain facts about a run file the worker loaded (its tensors stay in the worker)."""
    path: str
    spec: Any
    config: Any
    dataset_name: str
    epoch: int
    step: int
    history: dict
    step_log: dict = field(default_factory=dict)    # numpy columns "step", "loss", "acc", "lr"

    @classmethod
    def of(cls, path: str, run) -> OpenedRun:
        """The plain facts of ``run`` (a ``RunState``) loaded from ``path``: its history as lists,
        its step log as numpy copies."""
        history = {k: list(v) for k, v in dict(run.history).items()}
        step_log = {k: v.numpy().copy() for k, v in dict(run.step_log).items() if hasattr(v, "numpy")}
        return cls(path, run.spec, run.config, run.dataset_name, run.epoch, run.step, history, step_log)

    def epoch_events(self) -> list:
        """The run's per-epoch history as ``EpochEnd`` events, for the plots."""
        hist, out = self.history, []
        for i in range(len(hist.get("epoch", []))):
            out.append(events.EpochEnd(
                epoch=int(hist["epoch"][i]), step=int(hist["step"][i]),
                train_loss=float(hist["train_loss"][i]), train_acc=float(hist["train_acc"][i]),
                val_loss=float(hist["val_loss"][i]), val_acc=float(hist["val_acc"][i]),
                img_per_s=float(hist["img_per_s"][i]), seconds=float(hist["seconds"][i]),
                lr=float(hist["lr"][i])))
        return out

"""What gets exported: a model in eval mode on the CPU plus what is known about it, and test inputs.

A run file gives a spec-built model with its training recipe (``target_from_run``); any
other ``nn.Module`` can be exported as ONNX, TorchScript or a state_dict (``ExportTarget``
with ``spec=None``). Verification inputs are real validation images of the model's
dataset where they can be had without a download, else seeded random inputs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import torch

from .errors import ExportError
from ..messages import Message, reason_of

#: How many inputs every export is checked on.
CHECK_IMAGES = 100


@dataclass
class ExportTarget:
    """A model to export. ``spec``/``config`` are None for models not built from a spec."""
    model: torch.nn.Module
    input_shape: tuple
    name: str = "model"
    spec: Any = None
    config: Any = None
    dataset_name: Optional[str] = None
    class_names: tuple = ()
    source: str = ""                      # where it came from, for the script's docstring
    history: dict = field(default_factory=dict)


def _dims(shape) -> str:
    return "×".join(map(str, shape)) or "a scalar"


def weights_mismatch(expected: dict, saved: dict) -> str:
    """The first difference between a network's state keys/shapes and the saved ones, or ''."""
    for key, value in expected.items():
        if key not in saved:
            return f"{key} is missing"
        have, want = tuple(getattr(saved[key], "shape", ())), tuple(value.shape)
        if have != want:
            return f"{key} is {_dims(have)}, the network needs {_dims(want)}"
    extra = next((key for key in saved if key not in expected), None)
    return f"{extra} is not part of the network" if extra is not None else ""


def target_from_state(run, dataset: str, input_shape, num_classes: int, class_names: tuple = (),
                      source: str = "") -> ExportTarget:
    """The model of a ``RunState`` with its weights, for data of ``input_shape`` and ``num_classes``: built
    from its spec, or, for a fine-tuned opened model, rebuilt from its model source record."""
    from ..model.builder import build
    from ..model.spec import SpecError
    if run.spec is None:
        model, name = _opened_model_of(run, input_shape, num_classes, dataset), _source_title(run)
    else:
        try:
            model, name = build(run.spec, tuple(input_shape), int(num_classes)), run.spec.name
        except SpecError as exc:
            raise ExportError(Message("export.unfit_network", dataset=dataset, reason=reason_of(exc))) from None
    mismatch = weights_mismatch(model.state_dict(), run.model_state)
    if mismatch:
        raise ExportError(Message("export.weights_do_not_fit", source=source or Message("export.the_run"), dataset=dataset,
                                  reason=mismatch))
    model.load_state_dict(run.model_state)
    return ExportTarget(model.eval(), tuple(input_shape), name, run.spec, run.config if run.spec is not None
                        else None, dataset, tuple(class_names), source, dict(run.history))


def _opened_model_of(run, input_shape, num_classes: int, dataset: str) -> torch.nn.Module:
    """The fine-tuned opened model of ``run`` (its source opened again, with the head for ``num_classes``)."""
    from ..model.external import ModelSourceError
    from ..train.config import ConfigError
    from ..train.finetune import FineTune
    if not run.model_source:
        raise ExportError(Message("export.no_model"))
    try:
        factory = FineTune.from_dict(dict(run.model_source))
        return factory(tuple(input_shape), int(num_classes))
    except (ConfigError, ModelSourceError) as exc:
        raise ExportError(Message("export.cannot_rebuild", dataset=dataset, reason=reason_of(exc))) from None


def _source_title(run) -> str:
    from ..model.external import ModelSource, ModelSourceError
    try:
        return ModelSource.from_dict(dict(run.model_source)).title
    except ModelSourceError:
        return "model"


def target_from_run(path, dataset: Optional[str] = None) -> ExportTarget:
    """Read a run file and rebuild its model; ``dataset`` overrides the run's own (its shape and classes)."""
    from ..data.catalog import source_named
    from ..data.dataset import DatasetError
    from ..data.sources import dataset_shape
    from ..train.checkpoint import CheckpointError, load_run
    try:
        run = load_run(path)
    except CheckpointError as exc:
        raise ExportError(reason_of(exc)) from None
    dataset = dataset or run.dataset_name
    if run.input_shape and run.num_classes and dataset == run.dataset_name:
        input_shape, num_classes = tuple(run.input_shape), run.num_classes
    else:
        try:
            input_shape, num_classes = dataset_shape(dataset)
        except DatasetError as exc:
            raise ExportError(Message("export.unknown_input_shape", dataset=dataset, reason=reason_of(exc))) from None
    source = source_named(dataset)
    class_names = _registered_class_names(source.name) if source is not None else ()
    if len(class_names) != num_classes:
        class_names = tuple(f"class {k}" for k in range(num_classes))
    return target_from_state(run, dataset, input_shape, num_classes, class_names, str(path))


def _registered_class_names(name: str) -> tuple:
    """Class names a registered set is known to have without reading its files (else ())."""
    if name == "shapes":
        from ..data.shapes import CLASS_NAMES
        return tuple(CLASS_NAMES)
    if name in ("mnist", "kmnist"):
        return tuple(str(d) for d in range(10))
    return ()


def check_inputs(target: ExportTarget, n: int = CHECK_IMAGES) -> tuple[torch.Tensor, str]:
    """(``n`` normalised inputs the export is checked on, what they are, as a phrase).

    The validation images of a registered dataset whose files are here (the built-in
    shapes are generated); otherwise seeded random inputs of the model's input shape.
    """
    images = _dataset_images(target.dataset_name, target.input_shape, n)
    if images is not None:
        from ..data.dataset import channel_stats
        mean, std = channel_stats(images)
        mean = torch.tensor(mean).view(1, -1, 1, 1)
        std = torch.tensor(std).view(1, -1, 1, 1)
        return (images.float() / 255.0 - mean) / std, f"{images.shape[0]} {target.dataset_name} test images"
    inputs = torch.randn(n, *target.input_shape, generator=torch.Generator().manual_seed(0))
    return inputs, f"{n} random inputs"


def _dataset_images(name: Optional[str], input_shape: tuple, n: int) -> Optional[torch.Tensor]:
    from ..data.catalog import source_named
    from ..data.dataset import DatasetError
    source = source_named(name) if name else None
    if source is None or tuple(source.input_shape) != tuple(input_shape):
        return None
    if source.name == "shapes":
        from ..data.shapes import make_shapes
        return make_shapes(1, n).val_x
    from ..data.catalog import LoadOptions
    from ..data.data_root import default_data_root
    try:
        data = source.load(LoadOptions(Path(default_data_root()), download=False, n_val=n))
    except (DatasetError, OSError):
        return None
    return data.val_x[:n] if data.val_x.shape[0] else None

"""The looks inside a model that the studio's views ask for, as ``core.jobs.AnalysisJob`` s.

Each factory captures plain arguments (numpy images, lesions, layer indices) and returns
a job whose function runs on the model's thread and returns a frozen, numpy-only
payload. Long jobs (evaluation of the validation set, activation maximisation, the
top-activating images) are generators over small pieces of work, computed on a private
copy of the model so training between slices cannot mix two models into one answer.
Lesions (``{layer: channels}``, see ``core.lesion``) are applied to that copy, or around
one uninterrupted call on the shared model, and never survive the job.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..inspect.attribution import default_cam_layer, default_patch, grad_cam, occlusion, occlusion_to_pixels, saliency
from ..inspect.evaluation import EvalResult, evaluate_tensors
from ..inspect.fit_input import fit_image
from ..inspect.health import LayerHealth, diagnose, health_layers, layer_health, snapshot_parameters
from ..inspect.lesion import apply_lesions, lesioned
from ..inspect.model_utils import eval_mode, layer_module, model_device, normaliser
from ..inspect.probes import class_probs, conv_filters, make_snapshot, normalise_image
from ..inspect.unit_examples import channel_maxima
from ..inspect.unit_viz import AscentSettings, UnitImages, iter_visualise_layer
# the kinds live in a torch-free module, so that views can name them before PyTorch is loaded
from .kinds import ATTRIBUTION, EVALUATION, HEALTH, UNIT_EXAMPLES, UNITS, JobKind  # noqa: F401
from .queue import NEXT_STEP, AnalysisJob, JobContext

CHUNK = 256
HEALTH_PROBE_IMAGES = 64


def usable_lesions(model: nn.Module, lesions: Optional[Mapping]) -> dict:
    """The part of ``lesions`` that fits ``model``: Conv2d/Linear layers (spec indices, or module paths
    of an opened model), existing channels only."""
    out = {}
    for layer, channels in (lesions or {}).items():
        if isinstance(layer, str):          # a module path of an opened model
            try:
                module = layer_module(model, layer)
            except ValueError:
                continue
        elif not isinstance(model, nn.Sequential) or not 0 <= int(layer) < len(model):
            continue
        else:
            layer, module = int(layer), model[int(layer)]
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            keep = sorted({int(c) for c in channels if 0 <= int(c) < module.weight.shape[0]})
            if keep:
                out[layer] = keep
    return out


def lesioned_snapshot(model, spec, image_uint8, mean, std, step: int, epoch: int, key=None, lesions=None,
                      transform=None):
    """``probes.make_snapshot`` with ``lesions`` applied to the feature maps and probabilities
    (the filters are the real, unlesioned weights), of the image after ``transform``; the weights are restored before returning."""
    usable = usable_lesions(model, lesions)
    if not usable or image_uint8 is None:
        return make_snapshot(model, spec, image_uint8, mean, std, step, epoch, key, transform)
    filters = conv_filters(model, spec)
    with lesioned(model, usable):
        snap = make_snapshot(model, spec, image_uint8, mean, std, step, epoch, key, transform)
    return dataclasses.replace(snap, filters=filters)


def _layer_key(layer):
    """A lesion's layer as given: a module path stays a path, anything else is a spec index."""
    return layer if isinstance(layer, str) else int(layer)


def _sort_key(item):
    return (isinstance(item[0], str), item[0])


# ---------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class Evaluation:
    """The validation set through the model: ``result`` with the lesions applied;
    ``baseline_accuracy``: the accuracy without them (None when there are none)."""
    result: EvalResult
    baseline_accuracy: Optional[float]
    lesions: tuple                     # ((layer, (channels, ...)), ...) actually applied


def merge_results(parts: Sequence[EvalResult]) -> EvalResult:
    """One ``EvalResult`` for consecutive chunks of a split (their samples in order)."""
    if len(parts) == 1:
        return parts[0]
    cat = {name: np.concatenate([getattr(p, name) for p in parts])
           for name in ("predicted", "true", "confidence", "prob_true", "loss")}
    confusion = np.sum([p.confusion for p in parts], axis=0).astype(np.int64)
    totals = confusion.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_class = np.where(totals > 0, np.diag(confusion) / np.maximum(totals, 1), np.nan)
    n = cat["true"].size
    accuracy = float((cat["predicted"] == cat["true"]).mean()) if n else float("nan")
    return EvalResult(confusion=confusion, per_class_accuracy=per_class.astype(np.float64), accuracy=accuracy,
                      **cat)


def _evaluate_chunks(model, dataset, chunk: int, offset: int, total: int):
    x, y, n = dataset.val_x, dataset.val_y, int(dataset.val_x.shape[0])
    parts = []
    for lo in range(0, max(n, 1), chunk):
        parts.append(evaluate_tensors(model, x[lo:lo + chunk], y[lo:lo + chunk], dataset.mean, dataset.std,
                                      dataset.num_classes, batch_size=chunk))
        yield offset + min(lo + chunk, n), total
    return merge_results(parts)


def evaluation_job(lesions: Optional[Mapping[int, Sequence[int]]] = None, chunk: int = CHUNK) -> AnalysisJob:
    """Evaluate the validation set (with ``lesions`` switched off, and once without them)."""
    lesions = {_layer_key(k): tuple(int(c) for c in v) for k, v in (lesions or {}).items()}

    def run(ctx: JobContext):
        model = ctx.private_model()
        usable = usable_lesions(model, lesions)
        n = int(ctx.dataset.val_x.shape[0])
        total = n * (2 if usable else 1)
        baseline = None
        if usable:
            baseline = (yield from _evaluate_chunks(model, ctx.dataset, chunk, 0, total)).accuracy
            apply_lesions(model, usable)
        result = yield from _evaluate_chunks(model, ctx.dataset, chunk, total - n, total)
        return Evaluation(result, baseline, tuple((k, tuple(v)) for k, v in sorted(usable.items(), key=_sort_key)))

    return AnalysisJob(EVALUATION, run)


# ---------------------------------------------------------------- attribution
@dataclass(frozen=True)
class Attribution:
    """Why the model says ``target`` for image ``key``: three float32 ``(H, W)`` maps.

    ``saliency``: max over channels of |d logit / d input| (not normalised); ``grad_cam``:
    in [0, 1], or None with ``cam_error`` saying why; ``occlusion``: the drop in the
    target's probability when a grey ``occlusion_patch`` square covers each pixel.
    """
    key: str
    target: int
    predicted: int
    probs: np.ndarray
    saliency: np.ndarray
    grad_cam: Optional[np.ndarray]
    cam_layer: Optional[int]
    cam_error: str
    occlusion: np.ndarray
    occlusion_patch: int
    occlusion_stride: int


def _resize_map(heat: np.ndarray, size) -> np.ndarray:
    """A float ``(H, W)`` map bilinearly resized to ``size``."""
    t = torch.as_tensor(np.ascontiguousarray(heat), dtype=torch.float32)[None, None]
    return F.interpolate(t, size=tuple(int(v) for v in size), mode="bilinear", align_corners=False)[0, 0].numpy()


def attribution_job(image_uint8: np.ndarray, key: str, target: Optional[int] = None,
                    cam_layer=None, lesions=None) -> AnalysisJob:
    """Saliency, Grad-CAM (``cam_layer`` None: the last conv) and occlusion for one uint8 image."""
    image = np.array(image_uint8, dtype=np.uint8, copy=True)

    def run(ctx: JobContext) -> Attribution:
        shape = tuple(ctx.dataset.input_shape)
        fitted = getattr(ctx.dataset, "source", None) is not None     # an opened model's view of the data
        if fitted and tuple(image.shape) == tuple(ctx.dataset.source.input_shape):
            seen = fit_image(image, shape)
        elif tuple(image.shape) != shape:
            raise ValueError(f"the image is {'×'.join(map(str, image.shape))} but the network takes "
                             f"{'×'.join(map(str, shape))}; pick an image of this dataset")
        else:
            seen = image
        model = ctx.model
        x = normalise_image(seen, ctx.mean, ctx.std)
        with lesioned(model, usable_lesions(model, lesions)):
            probs = class_probs(model, x)[0]
            predicted = int(np.argmax(probs))
            tgt = predicted if target is None or not 0 <= int(target) < probs.size else int(target)
            sal = saliency(model, x, tgt)
            layer = default_cam_layer(model) if cam_layer is None else _layer_key(cam_layer)
            cam, cam_error = None, ""
            try:
                if layer is None:
                    raise ValueError("Grad-CAM needs a convolutional layer, and this network has none")
                cam = grad_cam(model, x, tgt, layer)
            except ValueError as exc:
                cam_error = str(exc)
            h, w = shape[1], shape[2]
            patch, stride = default_patch(h, w)
            occ = occlusion_to_pixels(occlusion(model, x, tgt, patch, stride), (h, w), patch, stride)
        if seen is not image:             # the maps are drawn over the image as the dataset holds it
            sal, occ = _resize_map(sal, image.shape[1:]), _resize_map(occ, image.shape[1:])
            cam = None if cam is None else _resize_map(cam, image.shape[1:])
        return Attribution(key, tgt, predicted, probs.astype(np.float32), sal, cam, layer, cam_error, occ,
                           patch, stride)

    return AnalysisJob(ATTRIBUTION, run)


# ---------------------------------------------------------------- units
def units_job(layer_index: int, settings: AscentSettings = AscentSettings()) -> AnalysisJob:
    """Activation maximisation of every unit of layer ``layer_index`` (progress in ascent steps);
    the payload is ``unit_viz.UnitImages``."""

    def run(ctx: JobContext):
        model = ctx.private_model()
        images: UnitImages = yield from iter_visualise_layer(model, layer_index, ctx.dataset.input_shape,
                                                             ctx.mean, ctx.std, settings=settings)
        return images

    return AnalysisJob(UNITS, run)


@dataclass(frozen=True)
class UnitExamples:
    """For every unit of layer ``layer_index``, the ``k`` validation images that excite it most.

    ``indices``/``values``: ``(units, k)`` (strongest first); ``positions``: ``(units, k, 2)``
    (row, col) of the strongest response in the layer's map, ``-1`` for flat outputs.
    """
    layer_index: int
    indices: np.ndarray
    values: np.ndarray
    positions: np.ndarray


def unit_examples_job(layer_index: int, k: int = 9, chunk: int = CHUNK) -> AnalysisJob:
    """The top-``k`` validation images of every unit of layer ``layer_index``."""

    def run(ctx: JobContext):
        model = ctx.private_model()
        x = ctx.dataset.val_x
        n = int(x.shape[0])
        values, positions = [], []
        for lo in range(0, n, chunk):
            v, p = channel_maxima(model, x[lo:lo + chunk], ctx.mean, ctx.std, layer_index, batch_size=chunk)
            values.append(v)
            positions.append(p)
            yield min(lo + chunk, n), n
        if not values:
            empty = np.zeros((0, 0), np.int64)
            return UnitExamples(layer_index, empty, empty.astype(np.float32), np.zeros((0, 0, 2), np.int64))
        values, positions = np.concatenate(values), np.concatenate(positions)
        order = np.argsort(-values, axis=0, kind="stable")[:k]            # (k, units)
        units = np.arange(values.shape[1])
        return UnitExamples(layer_index, np.ascontiguousarray(order.T, dtype=np.int64),
                            np.ascontiguousarray(values[order, units].T, dtype=np.float32),
                            np.ascontiguousarray(positions[order, units].transpose(1, 0, 2), dtype=np.int64))

    return AnalysisJob(UNIT_EXAMPLES, run)


# ---------------------------------------------------------------- health
@dataclass(frozen=True)
class HealthReport:
    """``health.layer_health`` of every layer and ``health.diagnose``'s warnings.

    ``live``: from a training run (gradients of the last step, update ratios of one real
    step); otherwise gradients of one batch of validation images and no update ratios.
    """
    step: int
    layers: tuple
    warnings: tuple
    live: bool


def _labels(ctx: JobContext) -> Optional[list[str]]:
    from ..model.builder import infer_shapes
    try:
        infos = infer_shapes(ctx.spec, tuple(ctx.dataset.input_shape), int(ctx.dataset.num_classes))
    except Exception:  # noqa: BLE001 - names are a nicety
        return None
    return [info.label for info in infos] if len(infos) == len(ctx.model) else None


def _batch_grads_health(model, x, y, labels, layers=None) -> list[LayerHealth]:
    """``layer_health`` with the gradients of one batch, the model's own ``.grad`` restored after."""
    params = [p for p in model.parameters() if p.requires_grad]
    saved = [p.grad for p in params]
    with eval_mode(model, grad=True):
        loss = F.cross_entropy(model(x).float(), y)
        grads = torch.autograd.grad(loss, params, allow_unused=True)
    try:
        for p, g in zip(params, grads):
            p.grad = g
        return layer_health(model, x, labels=labels, layers=layers)
    finally:
        for p, g in zip(params, saved):
            p.grad = g


def health_job(probe_images: int = HEALTH_PROBE_IMAGES) -> AnalysisJob:
    """Per-layer health. In a live run: weights before and after one training step (update
    ratios) and that step's gradients; otherwise gradients of one validation batch."""

    def run(ctx: JobContext):
        ds, model = ctx.dataset, ctx.model
        xs, ys = (ds.val_x, ds.val_y) if int(ds.val_x.shape[0]) else (ds.train_x, ds.train_y)
        device = model_device(model)
        x = normaliser(ds.mean, ds.std, device)(xs[:probe_images])
        layers = health_layers(model) if ctx.spec is None else None     # an opened model: by module path
        labels = _labels(ctx) if layers is None else None
        if ctx.live:
            previous = snapshot_parameters(model, layers)
            yield NEXT_STEP
            stats = layer_health(model, x, previous=previous, labels=labels, layers=layers)
        else:
            stats = _batch_grads_health(model, x, ys[:probe_images].to(device).long(), labels, layers)
        return HealthReport(ctx.step, tuple(stats), tuple(diagnose(stats)), ctx.live)

    return AnalysisJob(HEALTH, run)

"""Lesson files: every one loads into valid variants; a tiny lesson runs end to end; bad files are refused."""
import copy
import json
import math

import pytest

from convnet_studio.core.lessons import LessonError, lesson_from_dict, lesson_names, lessons_dir, load_lesson
from convnet_studio.core.lessons.runner import run_lesson
from convnet_studio.core.model.shape_inference import infer_shapes
from convnet_studio.core.model.spec import Activation
from convnet_studio.core.train.config import TrainConfig

REQUIRED = {"activations", "losses", "learning-rate", "batch-size", "pooling-vs-stride", "batchnorm", "augmentation"}


def test_the_required_lessons_are_there():
    assert REQUIRED <= set(lesson_names())


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_every_lesson_loads_into_valid_variants_that_differ_in_one_knob(name):
    lesson = load_lesson(name)
    assert lesson.name == name and lesson.title and len(lesson.explanation) > 100
    assert 2 <= len(lesson.variants) <= 4
    assert lesson.dataset.name == "shapes"
    for variant in lesson.variants:
        assert isinstance(variant.config, TrainConfig) and variant.config.validate() is variant.config
        infer_shapes(variant.spec, (3, 32, 32), 10)
    # one knob: the variants agree on everything but one kind of change
    kinds = {tuple(sorted({key.split(".")[0] if key != "preset" else "spec" for key, _ in v.changes}))
             for v in lesson.variants}
    assert len(kinds) == 1 and len(next(iter(kinds))) == 1, kinds


def test_the_activation_lesson_swaps_every_activation():
    lesson = load_lesson("activations")
    fns = {v.name: {layer.fn for layer in v.spec.layers if isinstance(layer, Activation)} for v in lesson.variants}
    assert fns == {"sigmoid": {"sigmoid"}, "tanh": {"tanh"}, "relu": {"relu"}}


def test_the_learning_rate_lesson_has_a_rate_that_diverges():
    lrs = [v.config.lr for v in load_lesson("learning-rate").variants]
    assert 1.0 in lrs and min(lrs) <= 1e-3


def _lesson_dict(name="activations"):
    with open(lessons_dir() / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


@pytest.mark.parametrize("change, words", [
    (lambda d: d.update(format="other"), "not a lesson file"),
    (lambda d: d["variants"][0].update(config={"lr": -1}), "learning rate"),
    (lambda d: d["variants"][0].update(config={"speed": 3}), "not a hyperparameter"),
    (lambda d: d["variants"][0].update(activation="wiggle"), "activation"),
    (lambda d: d.update(variants=d["variants"][:1]), "2 to 4 variants"),
    (lambda d: d["variants"][1].update(name=d["variants"][0]["name"]), "two variants"),
    (lambda d: d["variants"][0].update(preset="nope"), "unknown preset"),
])
def test_a_broken_lesson_is_refused_in_one_sentence(change, words):
    data = copy.deepcopy(_lesson_dict())
    change(data)
    with pytest.raises(LessonError, match=words):
        lesson_from_dict(data, "broken.json")


def test_an_unknown_lesson_lists_the_choices():
    with pytest.raises(LessonError, match="activations"):
        load_lesson("nope")


def test_a_tiny_lesson_runs_every_variant_and_reports_its_figures():
    data = {"format": "convnet-studio-lesson", "version": 1, "name": "tiny", "title": "Tiny",
            "explanation": "Two learning rates on a handful of images.",
            "dataset": {"name": "shapes", "n_train": 64, "n_val": 32},
            "base": {"preset": "seed", "config": {"optimizer": "sgd", "batch_size": 16, "epochs": 2,
                                                   "device": "cpu", "metrics_hz": 1e6}},
            "variants": [{"name": "slow", "config": {"lr": 0.01}}, {"name": "exploding", "config": {"lr": 1e4}}]}
    lesson = lesson_from_dict(data)
    seen = []
    results = run_lesson(lesson, on_result=lambda r: seen.append(r.name))
    assert seen == ["slow", "exploding"]
    slow, exploding = results
    assert slow.reason == "completed" and slow.epochs == 2 and 0 <= slow.val_acc <= 1
    assert math.isfinite(slow.val_loss) and len(slow.history["val_acc"]) == 2
    assert exploding.diverged and "too high" in exploding.message
    assert exploding.to_dict()["diverged"] is True

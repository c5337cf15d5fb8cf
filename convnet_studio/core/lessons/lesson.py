"""Lessons as data: one JSON file per lesson under ``resources/lessons/``.

A lesson is 2–4 variants of one base run that each change one knob, a title, and
an explanation of what to look at and why it happens. The file::

    {"format": "convnet-studio-lesson", "version": 1, "name": "activations",
     "title": "...", "explanation": "...", "look_at": "health",
     "dataset": {"name": "shapes", "n_train": 3000, "n_val": 1000},
     "base": {"preset": "seed" | "spec": {<spec dict>}, "activation": "elu", "config": {<TrainConfig fields>}},
     "variants": [{"name": "relu", "label": "ReLU", "note": "...",
                   "config": {...}, "preset" | "spec": ..., "activation": "sigmoid"}, ...]}

A lesson speaks English; ``translations`` gives its texts in other languages, by language code::

    "translations": {"zh_CN": {"title": "...", "explanation": "...",
                               "variants": {"relu": {"label": "...", "note": "..."}, ...}}}

A translation names every variant, and gives a note wherever the English has one
(``Lesson.in_language("zh_CN")`` is the lesson in those words; the GUI picks its language).

A variant's ``config`` overrides the base config field by field; ``preset``/``spec``
replace the base network; ``activation`` then sets every activation layer's function.
The base may set ``activation`` too. ``look_at`` names the view that shows the effect best (optional).
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ... import paths
from ..model.spec import Activation, ModelSpec, SpecError
from ..train.config import ConfigError, TrainConfig
from ..messages import Message, reason_of

FORMAT = "convnet-studio-lesson"
VERSION = 1
MIN_VARIANTS, MAX_VARIANTS = 2, 4
#: Lesson files are a few kilobytes; anything larger is the wrong file.
MAX_LESSON_BYTES = 1 << 20


def lessons_dir() -> Path:
    """The folder of the lesson files (``resources/lessons``)."""
    return Path(paths.RESOURCES) / "lessons"


class LessonError(ValueError):
    """A lesson file that cannot be used; the message is one sentence."""


@dataclass(frozen=True)
class DatasetChoice:
    """The data a lesson trains on: a registered dataset, optionally only its first images."""
    name: str = "shapes"
    n_train: Optional[int] = None
    n_val: Optional[int] = None


@dataclass(frozen=True)
class Variant:
    """One run of a lesson: the network and hyperparameters it trains with."""
    name: str
    label: str
    spec: ModelSpec
    config: TrainConfig
    note: str = ""
    changes: tuple = ()          # (("config.lr", 1.0), ("activation", "sigmoid"), ...): what differs from the base


@dataclass(frozen=True)
class Lesson:
    """A lesson read from its file, every variant resolved into a valid spec and config."""
    name: str
    title: str
    explanation: str
    dataset: DatasetChoice
    variants: tuple
    look_at: str = ""
    path: str = ""
    translations: Any = dataclasses.field(default_factory=dict)   #: language -> its texts (see the module doc)

    def in_language(self, language: str) -> "Lesson":
        """This lesson with the title, explanation, variant labels and notes of ``language``
        (itself for English or a language it has no translation for)."""
        text = self.translations.get(language)
        if not text:
            return self
        variants = tuple(dataclasses.replace(v, label=text["variants"][v.name]["label"],
                                             note=text["variants"][v.name].get("note", v.note))
                         for v in self.variants)
        return dataclasses.replace(self, title=text["title"], explanation=text["explanation"].strip(),
                                   variants=variants)

    def variant(self, name: str) -> Variant:
        """The variant called ``name``; ``KeyError`` if there is none."""
        for v in self.variants:
            if v.name == name:
                return v
        raise KeyError(name)


def _spec(entry: dict, where: str) -> Optional[ModelSpec]:
    from ..model.presets import get_preset
    if "spec" in entry and "preset" in entry:
        raise LessonError(f"{where} names both a preset and a spec; keep one")
    try:
        if "spec" in entry:
            return ModelSpec.from_dict(entry["spec"])
        if "preset" in entry:
            return get_preset(entry["preset"])
    except SpecError as exc:
        raise LessonError(f"{where}: {exc}") from None
    return None


def _with_activation(spec: ModelSpec, fn: str) -> ModelSpec:
    layers = tuple(dataclasses.replace(layer, fn=fn) if isinstance(layer, Activation) else layer
                   for layer in spec.layers)
    return dataclasses.replace(spec, layers=layers)


def _config(base: dict, changes: dict, where: str) -> TrainConfig:
    if not isinstance(changes, dict):
        raise LessonError(f"{where}: config must be an object of hyperparameters")
    known = {f.name for f in dataclasses.fields(TrainConfig)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise LessonError(f"{where}: {unknown[0]!r} is not a hyperparameter")
    try:
        return TrainConfig.from_dict({**base, **changes})
    except (ConfigError, TypeError) as exc:
        raise LessonError(f"{where}: {exc}") from None


def _check_fits(spec: ModelSpec, dataset: DatasetChoice, where: str) -> None:
    from ..data.sources import DatasetError, dataset_shape
    from ..model.shape_inference import infer_shapes
    try:
        input_shape, num_classes = dataset_shape(dataset.name)
    except DatasetError as exc:
        raise LessonError(f"{where}: {exc}") from None
    try:
        infer_shapes(spec, input_shape, num_classes)
    except SpecError as exc:
        raise LessonError(Message("lesson.fits_not", where=where, dataset=dataset.name, reason=reason_of(exc))) from None


def lesson_from_dict(data: Any, path: str = "") -> Lesson:
    """Validate a parsed lesson file; every variant must give a buildable spec and a valid config."""
    where = path or "the lesson"
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LessonError(Message("lesson.not_a_lesson", where=where, format=FORMAT))
    if data.get("version") != VERSION:
        raise LessonError(Message("lesson.wrong_version", where=where, version=data.get('version'), expected=VERSION))
    for key in ("name", "title", "explanation"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise LessonError(f"{where} needs a non-empty {key!r}")
    ds = data.get("dataset", {})
    try:
        dataset = DatasetChoice(**ds)
    except TypeError:
        raise LessonError(f"{where}: dataset must have name, n_train and n_val only") from None
    base = data.get("base", {})
    base_spec = _spec(base, f"{where}, base") or _spec({"preset": "seed"}, where)
    if "activation" in base:
        base_spec = _with_activation(base_spec, base["activation"])
    base_config = base.get("config", {})
    _config({}, base_config, f"{where}, base")
    raw_variants = data.get("variants")
    if not isinstance(raw_variants, list) or not MIN_VARIANTS <= len(raw_variants) <= MAX_VARIANTS:
        raise LessonError(f"{where} must have {MIN_VARIANTS} to {MAX_VARIANTS} variants")
    variants, names = [], set()
    for i, entry in enumerate(raw_variants):
        vwhere = f"{where}, variant {i + 1}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"]:
            raise LessonError(f"{vwhere} needs a name")
        if entry["name"] in names:
            raise LessonError(f"{vwhere}: two variants are named {entry['name']!r}")
        names.add(entry["name"])
        spec = _spec(entry, vwhere) or base_spec
        changes = [(f"config.{k}", v) for k, v in entry.get("config", {}).items()]
        changes += [(key, entry[key] if key != "spec" else "custom") for key in ("preset", "spec") if key in entry]
        if "activation" in entry:
            spec = _with_activation(spec, entry["activation"])
            changes.append(("activation", entry["activation"]))
        _check_fits(spec, dataset, vwhere)
        config = _config(base_config, entry.get("config", {}), vwhere)
        variants.append(Variant(entry["name"], entry.get("label") or entry["name"], spec, config,
                                entry.get("note", ""), tuple(changes)))
    translations = _translations(data.get("translations", {}), variants, where)
    return Lesson(data["name"], data["title"], data["explanation"].strip(), dataset, tuple(variants),
                  data.get("look_at", ""), path, translations)


def _translations(raw: Any, variants: list, where: str) -> dict:
    """The checked ``translations`` block: each language gives a title, an explanation, and a label
    (and a note where the English has one) for every variant."""
    if not isinstance(raw, dict):
        raise LessonError(f"{where}: translations must be an object of languages")
    for language, text in raw.items():
        lwhere = f"{where}, {language} translation"
        if not isinstance(text, dict):
            raise LessonError(f"{lwhere} must be an object")
        for key in ("title", "explanation"):
            if not isinstance(text.get(key), str) or not text[key].strip():
                raise LessonError(f"{lwhere} needs a non-empty {key!r}")
        named = text.get("variants")
        if not isinstance(named, dict):
            raise LessonError(f"{lwhere} needs the variants' labels")
        unknown = sorted(set(named) - {v.name for v in variants})
        if unknown:
            raise LessonError(f"{lwhere} names a variant {unknown[0]!r} that the lesson does not have")
        for v in variants:
            entry = named.get(v.name)
            if not isinstance(entry, dict) or not isinstance(entry.get("label"), str) or not entry["label"].strip():
                raise LessonError(f"{lwhere} needs a label for the variant {v.name!r}")
            if v.note and (not isinstance(entry.get("note"), str) or not entry["note"].strip()):
                raise LessonError(f"{lwhere} needs a note for the variant {v.name!r}")
    return raw


def read_lesson(path: str | Path) -> Lesson:
    """The lesson in the file at ``path``; ``LessonError`` with one sentence otherwise."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_LESSON_BYTES + 1)
    except OSError as exc:
        raise LessonError(Message("lesson.cannot_read", path=path, reason=str(exc.strerror or exc))) from None
    if len(raw) > MAX_LESSON_BYTES:
        raise LessonError(Message("lesson.too_large", path=path))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise LessonError(Message("lesson.bad_json", path=path, reason=str(exc))) from None
    return lesson_from_dict(data, str(path))


def lesson_names(folder: Optional[Path] = None) -> list[str]:
    """The lessons there are, by file name, sorted."""
    folder = lessons_dir() if folder is None else Path(folder)
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def load_lesson(name: str, folder: Optional[Path] = None) -> Lesson:
    """The lesson called ``name``; an unknown name raises ``LessonError`` listing the choices."""
    folder = lessons_dir() if folder is None else Path(folder)
    names = lesson_names(folder)
    if name not in names:
        raise LessonError(Message("lesson.no_such_lesson", name=name, names=', '.join(names) or 'none'))
    lesson = read_lesson(folder / f"{name}.json")
    if lesson.name != name:
        raise LessonError(Message("lesson.misnamed", name=name, actual=lesson.name))
    return lesson

"""Ready-made networks, read from ``resources/presets/<name>.json`` (one file each).

Every preset builds for 3×32×32 and 1×28×28 inputs with any number of classes,
because its last layer is a Linear set to ``"classes"``.
"""
from __future__ import annotations

from pathlib import Path

from ... import paths
from ..messages import define
from .spec import ModelSpec, SpecError

#: Preset names in the order menus and ``convnet-studio presets`` list them.
PRESET_NAMES = ("seed", "seed_bn", "vgg_small", "resnet_small", "mlp")
DEFAULT_PRESET = "seed"


def load_presets(folder: Path | None = None, names: tuple[str, ...] = PRESET_NAMES) -> dict[str, ModelSpec]:
    """Read ``<folder>/<name>.json`` for each name, in order; a missing or broken file raises ``SpecError``."""
    folder = Path(paths.PRESETS_DIR if folder is None else folder)
    presets: dict[str, ModelSpec] = {}
    for name in names:
        path = folder / f"{name}.json"
        try:
            spec = ModelSpec.load(path)
        except SpecError as exc:
            raise SpecError(None, f"preset file {path} is broken: {exc}") from None
        if spec.name != name:
            raise SpecError(None, f"preset file {path} names itself {spec.name!r} instead of {name!r}")
        presets[name] = spec
    return presets


PRESETS: dict[str, ModelSpec] = load_presets()


def preset_description(name: str) -> str:
    """The description of preset ``name`` as a catalogue Message (id ``preset.<name>``, see core/messages.py)."""
    return define(f"preset.{name}", PRESETS[name].description) if PRESETS[name].description else ""


for _name in PRESETS:
    preset_description(_name)


def get_preset(name: str) -> ModelSpec:
    """The preset called ``name``; an unknown name raises ``SpecError`` listing the choices."""
    spec = PRESETS.get(name) if isinstance(name, str) else None
    if spec is None:
        raise SpecError(None, f"unknown preset {name!r} (choose from: {', '.join(PRESETS)})")
    return spec

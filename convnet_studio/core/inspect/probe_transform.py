"""The settings of a live probe transform, as plain frozen data (no torch: the GUI thread holds them).

``input_transforms`` applies them to an image on the compute thread.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Optional


@dataclass(frozen=True)
class ProbeTransform:
    """What to do to the probe image; the defaults leave it as it is.

    ``shift_x``/``shift_y``: whole pixels right/down (zeros come in). ``rotate``: degrees
    counter-clockwise. ``scale``: zoom about the centre (2 = twice as large). ``brightness``
    is added, ``contrast`` multiplies the distance from mid-grey. ``noise``: the standard
    deviation of Gaussian noise drawn with ``noise_seed``. ``patch``: ``(x, y, size)`` — an
    occluding square of ``patch_value`` centred on pixel (x, y); None for none.
    """
    shift_x: int = 0
    shift_y: int = 0
    rotate: float = 0.0
    scale: float = 1.0
    flip_h: bool = False
    flip_v: bool = False
    brightness: float = 0.0
    contrast: float = 1.0
    noise: float = 0.0
    noise_seed: int = 0
    patch: Optional[tuple[int, int, int]] = None
    patch_value: float = 0.5

    @property
    def is_identity(self) -> bool:
        """True when the transform leaves every image unchanged."""
        return self == ProbeTransform(noise_seed=self.noise_seed, patch_value=self.patch_value)

    def check(self) -> "ProbeTransform":
        """Itself, or ``ValueError`` with one sentence for a value no image can take."""
        if not (isinstance(self.scale, (int, float)) and self.scale > 0 and math.isfinite(self.scale)):
            raise ValueError(f"the scale must be a positive number, not {self.scale!r}")
        if not self.noise >= 0:
            raise ValueError(f"the noise must be zero or more, not {self.noise!r}")
        if self.patch is not None and (len(self.patch) != 3 or int(self.patch[2]) < 1):
            raise ValueError(f"the patch is (x, y, size) with a size of at least 1, not {self.patch!r}")
        return self


#: ``--probe-transform`` names -> the field and how to read its value.
_TEXT_FIELDS = {"shift": ("shift_x", "shift_y"), "rotate": ("rotate",), "scale": ("scale",),
                "brightness": ("brightness",), "contrast": ("contrast",), "noise": ("noise",),
                "seed": ("noise_seed",), "patch": ("patch",), "flip": ("flip_h", "flip_v")}


def transform_from_text(text: str) -> ProbeTransform:
    """Parse ``"shift=3,0;rotate=15;flip=h;patch=14,14,6"`` (``;``-separated; ``ValueError`` when bad)."""
    values = {}
    types = {f.name: f.type for f in fields(ProbeTransform)}
    for part in filter(None, (p.strip() for p in str(text).split(";"))):
        name, _, value = part.partition("=")
        name = name.strip().lower()
        if name not in _TEXT_FIELDS or not value.strip():
            raise ValueError(f"unknown probe transform {part!r} (use {', '.join(_TEXT_FIELDS)} as name=value)")
        try:
            if name == "flip":
                values.update(flip_h="h" in value.lower(), flip_v="v" in value.lower())
            elif name == "shift":
                dx, dy = (int(v) for v in value.split(","))
                values.update(shift_x=dx, shift_y=dy)
            elif name == "patch":
                x, y, size = (int(v) for v in value.split(","))
                values["patch"] = (x, y, size)
            else:
                field = _TEXT_FIELDS[name][0]
                values[field] = int(value) if types[field] in ("int", int) else float(value)
        except ValueError:
            raise ValueError(f"cannot read the probe transform {part!r}") from None
    return ProbeTransform(**values).check()

"""What a layer kind is: the ``LayerKind`` record the registry holds, and editor field descriptions.

A kind module (``layers/conv2d.py``, ...) defines a frozen spec dataclass — its fields are
exactly what a user can edit; the class variables ``kind`` (the JSON ``"type"``) and
``label`` name it — and a module-level ``KIND = LayerKind(...)`` that says everything else
the studio needs. Kind modules import torch only inside ``build``: specs, presets and
shape inference then load without torch (the CLI's quick commands rely on that).

Editor fields are plain data here; ``gui/widgets/layer_table.py`` turns them into widgets.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Literal, Optional

from .shapes import Rule

#: (kernel, stride, padding) of one square window sliding over the feature maps.
Window = tuple[int, int, int]

WidgetKind = Literal["int", "float", "choice", "check"]


@dataclass(frozen=True)
class EditorField:
    """How the model editor edits one field of a layer.

    ``widget``: ``"int"`` and ``"float"`` are spin boxes over ``[minimum, maximum]`` (``step``,
    ``decimals`` for floats); ``"choice"`` is a combo box of ``choices`` — ``(value, text)``
    pairs; ``"check"`` is a check box whose own text is ``label``.
    ``special``: for ``"int"``, ``(value, text)``: the spin box's minimum shows ``text`` and
    stands for ``value`` (Linear's ``"classes"``).
    ``input_maximum``: for ``"int"``, the largest sensible value for the layer's input shape
    (say, its channel count); when the input shape is known it replaces ``maximum``.
    """
    name: str
    label: str
    widget: WidgetKind
    tooltip: str
    minimum: float = 0
    maximum: float = 0
    step: float = 1
    decimals: int = 2
    choices: tuple[tuple[Any, str], ...] = ()
    special: Optional[tuple[Any, str]] = None
    input_maximum: Optional[Callable[[tuple], int]] = None


def pointwise(layer: Any) -> tuple[Window, ...]:
    """Receptive-window rule of a layer that works position by position: it adds no window."""
    return ()


def whole_input(layer: Any) -> None:
    """Receptive-window rule of a layer whose units see the whole image (Flatten, Linear, ...)."""
    return None


def no_settings(layer: Any) -> str:
    """Settings text of a layer without settings."""
    return "—"


@dataclass(frozen=True)
class LayerKind:
    """Everything the studio knows about one kind of layer.

    ``spec``: the frozen dataclass (class variables ``kind`` and ``label``).
    ``rule(layer, index, in_shape, num_classes) -> Rule``: checks the layer against its input
    and says its output shape, parameters and multiply-adds, or raises ``SpecError(index, ...)``.
    ``build(layer, in_shape, out_shape) -> nn.Module``: the module of an already checked layer.
    ``template``: the layer the editor's Add menu inserts; ``add_tooltip`` explains it there.
    ``describe(layer) -> str``: the layer table's short settings text.
    ``fields``: one ``EditorField`` per dataclass field, in the same order.
    ``windows(layer)``: the receptive-field windows the layer adds (``pointwise`` for none),
    or ``None`` when its units see the whole image (``whole_input``).
    ``keeps_shape``: the output always has the input's shape (activations, normalisation, dropout).
    """
    spec: type
    rule: Callable[[Any, int, tuple, int], Rule]
    build: Callable[[Any, tuple, tuple], Any]
    template: Any
    add_tooltip: str
    describe: Callable[[Any], str] = no_settings
    fields: tuple[EditorField, ...] = ()
    windows: Callable[[Any], Optional[tuple[Window, ...]]] = whole_input
    keeps_shape: bool = False

    @property
    def name(self) -> str:
        """The JSON ``"type"`` of this kind, e.g. ``"conv2d"``."""
        return self.spec.kind

    @property
    def label(self) -> str:
        """What the editor calls this kind, e.g. ``"Conv2d"``."""
        return self.spec.label


# Fields several kinds share.
OUT_CHANNELS = EditorField(
    "out_channels", "Channels", "int",
    "Output channels: how many filters (feature maps) this layer learns. Typical 8–256.", 1, 4096)
KERNEL_SIZE = EditorField(
    "kernel_size", "Kernel", "int",
    "Kernel size: the width and height of the window each filter looks at. Typical 3 or 5.", 1, 64)
STRIDE = EditorField(
    "stride", "Stride", "int",
    "Stride: how many pixels the window moves each time; 2 halves the height and width.", 1, 16)

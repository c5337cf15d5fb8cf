"""What a layer kind is: the ``LayerKind`` record the registry holds, and editor field descriptions.

A kind module (``layers/conv2d.py``, ...) defines a frozen spec dataclass — its fields are
exactly what a user can edit; the class variables ``kind`` (the JSON ``"type"``) and
``label`` name it — and a module-level ``KIND = LayerKind(...)`` that says everything else
the studio needs. Kind modules import torch only inside ``build``: specs, presets and
shape inference then load without torch (the CLI's quick commands rely on that).

Editor fields are plain data here; ``gui/widgets/layer_table.py`` turns them into widgets.
``LayerCode`` is how a kind writes itself into an exported training script (``core/export/script``).
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


@dataclass(frozen=True)
class LayerCode:
    """How an exported PyTorch script writes one layer: real code, no studio imports.

    ``forward``: the right-hand side of the layer's line in ``forward``, with ``{x}`` for its
    input and ``{self}`` for its module attribute (e.g. ``"{self}({x})"``, ``"F.relu({x})"``).
    ``module``: the expression ``__init__`` assigns to that attribute (torch as ``torch``,
    ``torch.nn`` as ``nn``; ``num_classes`` is the network's argument), or ``""`` for a layer
    with no weights or state, written in ``forward`` alone.
    ``name``: the attribute's prefix; the layer's spec index follows it (``conv0``, ``bn1``).
    ``helpers``: source of module-level classes ``module`` uses, each written once per script.
    The module must be built like the studio's (same submodules, same order): the studio's
    weights then load into it and a seeded script starts from the studio's initial weights.
    """
    forward: str
    module: str = ""
    name: str = "layer"
    helpers: tuple[str, ...] = ()


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
    ``code(layer, in_shape, out_shape) -> LayerCode``: the layer in an exported script (None:
    the kind cannot be exported as a script).
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
    code: Optional[Callable[[Any, tuple, tuple], LayerCode]] = None

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

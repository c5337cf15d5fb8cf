"""The layers of any ``nn.Module``, found from its module tree and measured with one dummy input.

A layer is addressed by its module path (``layer3.1.conv2``), as ``named_modules`` gives it.
Output shapes come from forward hooks during one forward pass of a zero image; modules whose
output is not one tensor (or that never run) get an empty shape. Script modules cannot be
hooked: their children are run one by one when the top module is a ``Sequential``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True)
class ModuleLayer:
    """One module of an opened model: ``path``, ``kind`` (class name), ``depth`` (dots + 1),
    ``output_shape`` per image (``()`` when unknown), ``params`` (its own and its children's),
    ``leaf`` (has no children), ``is_conv`` (an ``nn.Conv2d`` whose filters can be shown)."""
    path: str
    kind: str
    depth: int
    output_shape: tuple
    params: int
    leaf: bool
    is_conv: bool


def is_script_module(module) -> bool:
    import torch
    return isinstance(module, torch.jit.ScriptModule)


def kind_name(module) -> str:
    """The module's class name (a script module's original Python class name)."""
    return getattr(module, "original_name", None) or type(module).__name__


def is_conv2d(module) -> bool:
    from torch import nn
    if isinstance(module, nn.Conv2d):
        return True
    return is_script_module(module) and kind_name(module) == "Conv2d" and hasattr(module, "weight")


def sequential_script(module) -> bool:
    """A script module whose top is an ``nn.Sequential``: its children can be run one by one."""
    return is_script_module(module) and kind_name(module) == "Sequential"


class _Reached(Exception):
    """Raised by a hook to end a forward pass once the wanted output exists."""


def submodule(model, path: str):
    """The module at ``path`` (``""``: the model itself); ValueError (one sentence) when there is none."""
    if path == "":
        return model
    try:
        module = model
        for name in path.split("."):       # not get_submodule: script modules refuse it
            module = getattr(module, name) if not name.isdigit() or hasattr(module, name) else module[int(name)]
        if not hasattr(module, "named_modules"):
            raise AttributeError(path)
        return module
    except (AttributeError, KeyError, IndexError, TypeError, RuntimeError):
        raise ValueError(f"the model has no layer called {path!r}") from None


def _run_chain(model, paths: set, x, stop_after=None):
    """Run a script ``Sequential`` child by child, keeping the outputs of ``paths``."""
    outputs = {}
    for name, child in model.named_children():
        x = child(x)
        if name in paths:
            outputs[name] = x
        if name == stop_after:
            return outputs, None
    return outputs, x


def capture_outputs(model, paths: Sequence[str], x, stop_after=None):
    """``({path: output tensor}, model output)`` of one forward pass of the batch ``x``, recording
    the outputs of the modules at ``paths`` (graph kept). With ``stop_after`` (a path among
    ``paths``) the pass ends as soon as that module has run and the model output is None.
    A module that runs twice keeps its last output. ValueError for an unknown path, or a
    script module (other than a ``Sequential``'s children) that cannot be looked into."""
    wanted = set(paths)
    if is_script_module(model):
        children = {name for name, _ in model.named_children()}
        if not wanted <= children or not sequential_script(model):
            if not wanted:
                return {}, model(x)
            raise ValueError("the layers inside a TorchScript model can be looked at only when it is an "
                             "nn.Sequential; open its Python definition instead")
        return _run_chain(model, wanted, x, stop_after)
    outputs, handles = {}, []

    import torch
    keep = torch.is_grad_enabled()     # without a graph, copy: a later in-place op (ReLU) would change it

    def hook(_module, _inputs, output, path):
        outputs[path] = output if keep or not isinstance(output, torch.Tensor) else output.clone()
        if path == stop_after:
            raise _Reached

    try:
        for path in wanted:
            handles.append(submodule(model, path).register_forward_hook(
                lambda m, i, o, path=path: hook(m, i, o, path)))
        try:
            result = model(x)
        except _Reached:
            result = None
    finally:
        for handle in handles:
            handle.remove()
    return outputs, result


def _shape(output) -> tuple:
    import torch
    return tuple(int(v) for v in output.shape[1:]) if isinstance(output, torch.Tensor) else ()


def discover_layers(model, input_shape: Sequence[int]) -> list[ModuleLayer]:
    """Every module of ``model`` (root excluded) in definition order, with its output shape for one
    image of ``input_shape`` (C, H, W), measured in eval mode without gradients."""
    import torch
    named = [(p, m) for p, m in model.named_modules() if p]
    if is_script_module(model):
        paths = [name for name, _ in model.named_children()] if sequential_script(model) else []
    else:
        paths = [p for p, _ in named]
    was_training = model.training
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    model.eval()
    try:
        with torch.no_grad():
            outputs, _ = capture_outputs(model, paths, torch.zeros(1, *input_shape, device=device))
    finally:
        model.train(was_training)
    return [ModuleLayer(path=p, kind=kind_name(m), depth=p.count(".") + 1, output_shape=_shape(outputs.get(p)),
                        params=sum(t.numel() for t in m.parameters()), leaf=not any(True for _ in m.children()),
                        is_conv=is_conv2d(m))
            for p, m in named]

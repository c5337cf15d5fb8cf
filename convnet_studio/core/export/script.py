"""The ``script`` format: a standalone, readable PyTorch training script generated from a spec run.

``write_script`` writes ``<output>`` (the script) and ``<stem>_weights.pt`` (the run's weights
under the script's attribute names). The script holds the network as an ``nn.Module`` class
(``script_network``), the run's data loading (``script_data``) and training recipe
(``script_training``): ``python model.py`` retrains it, ``--weights ..._weights.pt --epochs 0``
evaluates the studio's weights. Verification imports the written script, loads the weights
into its class and compares its logits with the studio's model.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import torch

from ..messages import Message
from .errors import ExportError
from .formats import cpu_state, max_difference, write_file
from .script_data import data_section
from .script_network import network_code, script_state_dict
from .script_training import (augment_section, loop_section, loss_section, optimizer_section,
                              schedule_section)
from .target import ExportTarget

_HEADER = '''#!/usr/bin/env python3
"""{name}: a network designed in ConvNet Studio, as plain PyTorch, with its training recipe.

Exported from {source}. Needs torch and numpy{needs}.

    python {script}                                  # train as the studio did: {epochs} epoch(s), seed {seed}
    python {script} --epochs 2 --json                # two epochs, one JSON line per epoch
    python {script} --weights {weights} --epochs 0   # evaluate the studio's trained weights
{trained}"""
from __future__ import annotations

import argparse
import contextlib
import json
import math
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DATASET = {dataset!r}
INPUT_SHAPE = {input_shape!r}   # channels, height, width
CLASS_NAMES = {class_names!r}
NUM_CLASSES = len(CLASS_NAMES)
DATA_ROOT = {data_root!r}   # where downloadable datasets are kept
#: The run's hyperparameters (momentum is Adam's beta1).
HPARAMS = {hparams}
'''

_MAIN = '''def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=HPARAMS["epochs"], help="0: only evaluate")
    parser.add_argument("--device", default=HPARAMS["device"], help="auto, cpu, cuda, cuda:N or mps")
    parser.add_argument("--data-root", default=DATA_ROOT)
    parser.add_argument("--train-size", type=int, default=None, help="use only the first N training images")
    parser.add_argument("--val-size", type=int, default=None, help="use only the first N validation images")
    parser.add_argument("--weights", help="start from these weights (a state_dict of Net)")
    parser.add_argument("--save", help="save the trained weights (a state_dict of Net) here")
    parser.add_argument("--json", action="store_true", help="one JSON line per epoch")
    train(parser.parse_args(argv))


if __name__ == "__main__":
    main()
'''

_HPARAM_KEYS = ("optimizer", "lr", "momentum", "nesterov", "weight_decay", "batch_size", "epochs", "schedule",
                "warmup_epochs", "step_every", "step_gamma", "loss", "label_smoothing", "augment", "seed",
                "device", "mixed_precision", "precision")


def weights_path(output: Path) -> Path:
    """Where the script's weights go: ``model.py`` -> ``model_weights.pt``."""
    return output.with_name(f"{output.stem}_weights.pt")


def _hparams(config) -> str:
    values = config.to_dict()
    lines = [f"    {key!r}: {values[key]!r}," for key in _HPARAM_KEYS]
    return "{\n" + "\n".join(lines) + "\n}"


def _trained(history: dict) -> str:
    accs = [a for a in history.get("val_acc", []) if a is not None]
    if not accs:
        return ""
    return f"\nIn the studio it reached {accs[-1]:.1%} validation accuracy after {len(accs)} epoch(s).\n"


def script_source(target: ExportTarget, output: Path) -> tuple[str, dict]:
    """(the script's text, the run's weights under its names)."""
    if target.spec is None or target.config is None:
        raise ExportError(Message("export.script_needs_spec"))
    from ..data.data_root import default_data_root
    config = target.config
    network = network_code(target.spec, target.input_shape, len(target.class_names))
    data, needs_studio = data_section(target.dataset_name or "", target.input_shape)
    header = _HEADER.format(
        name=target.spec.name, source=Path(target.source).name or "ConvNet Studio",
        needs=" and convnet_studio (its image-folder loader)" if needs_studio else
        (" and torchvision (for the dataset files)" if "torchvision" in data else ""),
        script=output.name, weights=weights_path(output).name, epochs=config.epochs, seed=config.seed,
        trained=_trained(target.history), dataset=target.dataset_name, input_shape=tuple(target.input_shape),
        class_names=tuple(target.class_names), data_root=str(default_data_root()), hparams=_hparams(config))
    parts = [header, _section("the network"), *network.helpers, network.source, _section("the data"), data,
             _section("training"), augment_section(config.augment),
             schedule_section(config.schedule, config.warmup_epochs > 0), optimizer_section(config.optimizer),
             loss_section(config.loss), loop_section(config.augment), _MAIN]
    text = "\n\n\n".join(part.strip("\n") for part in parts if part.strip()) + "\n"
    return text, script_state_dict(cpu_state(target.model), network.attributes)


def _section(title: str) -> str:
    return f"# {'-' * (70 - len(title))} {title}"


def load_script_module(path: Path, name: str = "exported_script"):
    """Import a written script as a module (its ``main`` does not run)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


def write_script(target: ExportTarget, output: Path, inputs: torch.Tensor, expected: torch.Tensor
                 ) -> tuple[list[Path], float]:
    """Write the script and its weights; the largest logit difference of its ``Net`` with those weights."""
    if output.suffix != ".py":
        raise ExportError(Message("export.script_suffix", path=output))
    text, state = script_source(target, output)
    weights = weights_path(output)
    write_file(output, lambda fh: fh.write(text.encode("utf-8")))
    write_file(weights, lambda fh: torch.save(state, fh))
    module = load_script_module(output)
    net = module.Net(len(target.class_names))
    net.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True))
    with torch.no_grad():
        return [output, weights], max_difference(net.eval()(inputs), expected)


__all__ = ["load_script_module", "script_source", "weights_path", "write_script"]

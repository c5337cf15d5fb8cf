"""Setting a run up: everything ``Trainer.run()`` builds before its first event.

``set_up_run`` picks and prepares the device, chooses the precision, seeds torch, builds
the model (in the memory format the device prefers) and its optimizer, puts the dataset
on the device, and loads a resumed checkpoint's weights, optimizer state and random
generators. The trainer keeps the returned ``RunParts`` in its own attributes, so the
training loop reads nothing through this module.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Callable, Optional

import torch

from ..data.dataset import InMemoryDataset
from ..model.spec import ModelSpec
from .checkpoint import RunState
from .commands import Commands
from .config import ConfigError, TrainConfig
from .device import preferred_memory_format, prepare_device, resolve_device
from .device_data import DeviceData
from .distributed import SingleProcess
from .epoch_meter import EpochMeter
from .loop_state import Rngs
from .optim import apply_hparams, build_optimizer, load_optimizer_state, make_loss
from .precision import autocast_factory, choose_precision, device_facts, make_scaler


@dataclass
class RunParts:
    """What a run trains with, on its device."""
    device: torch.device
    precision: str
    autocast: Callable[[], contextlib.AbstractContextManager]
    scaler: Optional["torch.amp.GradScaler"]     # fp16 only
    model: torch.nn.Module
    forward: Callable             # the model as this process calls it (wrapped in a data-parallel run)
    optimizer: torch.optim.Optimizer
    num_params: int
    data: DeviceData
    loss_fn: Callable
    rngs: Rngs
    steps_per_epoch: int
    total_steps: int
    meter: EpochMeter


def set_up_run(spec: Optional[ModelSpec], config: TrainConfig, dataset: InMemoryDataset, model_factory,
               dist: SingleProcess, commands: Commands, resume: Optional[RunState]) -> RunParts:
    """Build the run's device, model, optimizer and device data; load ``resume`` into them.

    ``model_factory(input_shape, num_classes)`` builds the model instead of ``spec`` when given.
    ``ConfigError`` when the resumed weights do not fit the network and optimizer; ``SpecError``
    for a network that cannot be built.
    """
    from ..model.builder import build
    cfg, data = config, dataset
    dist.configure(cfg, commands)
    device = dist.place(resolve_device(cfg.device))
    prepare_device(device)
    precision = choose_precision(device_facts(device), cfg.mixed_precision, cfg.precision)
    autocast = autocast_factory(precision, device)
    scaler = make_scaler(precision, device)
    torch.manual_seed(cfg.seed)
    factory = model_factory or (lambda shape, classes: build(spec, shape, classes))
    model = factory(data.input_shape, data.num_classes).to(device)
    memory_format = preferred_memory_format(model, device, cfg.mixed_precision)
    if memory_format is not None:
        model = model.to(memory_format=memory_format)
    optimizer = build_optimizer([p for p in model.parameters() if p.requires_grad], cfg, device)
    num_params = sum(p.numel() for p in model.parameters())
    device_data = DeviceData(data, device, memory_format)
    dist.shard_validation(device_data)
    loss_fn = make_loss(cfg, data.num_classes, device)
    rngs = Rngs(cfg.seed, device)
    steps_per_epoch = dist.steps_per_epoch(device_data.n_train, cfg.batch_size)
    meter = EpochMeter(device_data.n_train, cfg.batch_size, steps_per_epoch, reduce=dist.reduce_steps)
    if resume is not None:
        try:
            model.load_state_dict(resume.model_state)
            load_optimizer_state(optimizer, resume.optimizer_state)
        except (RuntimeError, ValueError, KeyError) as exc:
            raise ConfigError("the saved weights do not fit this network and optimizer") from exc
        # The saved groups carry the old settings; this run's config says what to use now.
        apply_hparams(optimizer, cfg.optimizer, momentum=cfg.momentum, weight_decay=cfg.weight_decay)
        rngs.load(resume.rng_state)
    return RunParts(device=device, precision=precision, autocast=autocast, scaler=scaler, model=model,
                    forward=dist.wrap(model), optimizer=optimizer, num_params=num_params, data=device_data,
                    loss_fn=loss_fn, rngs=rngs, steps_per_epoch=steps_per_epoch,
                    total_steps=cfg.epochs * steps_per_epoch, meter=meter)

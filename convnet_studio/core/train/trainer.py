"""The training loop: ``Trainer.run()`` yields plain events and obeys commands between steps.

The whole dataset lives on the training device as uint8 tensors; every step slices a
batch by a shuffled index, normalises (and augments) it on the device, and steps the
optimizer. Nothing reads the device per step: losses and correct counts stay on the
device and are read back about ``metrics_hz`` times per second (time-based), which is
also when a non-finite loss is noticed (see ``loop_state.LastGood``).

Checkpoints (``state_for_checkpoint``) resume exactly, even mid-epoch: they keep the
shuffling generator's state at the start of the epoch in progress, the augmentation and
global torch RNG states, and how many steps of the epoch are done (those batches are
skipped on resume). A diverged run's checkpoint holds the last good weights, but it does
not resume bit-exactly.
"""
from __future__ import annotations

import time
from typing import Iterator, Optional, Sequence

import numpy as np
import torch

from .. import events as ev
from ..data.dataset import InMemoryDataset
from ..events import EndReason
from ..messages import Message
from ..model.spec import ModelSpec, SpecError
from .checkpoint import RunState, tensors_to_cpu
from .commands import Commands
from .config import ConfigError, TrainConfig
from .device import describe_device
from .device_data import evaluate
from .distributed import SINGLE, SingleProcess
from .epoch_meter import EpochMeter
from .hooks import HOOK_POINTS, TrainerHooks, overridden
from .loop_state import LastGood
from .adaptive_threads import ThreadCountHook
from .optim import apply_hparams
from .run_end import divergence_message, error_message
from .run_setup import set_up_run
from .schedules import lr_factor
from .step_log import StepLog

HISTORY_KEYS = ("epoch", "step", "train_loss", "train_acc", "val_loss", "val_acc", "lr", "seconds", "img_per_s")
PAUSE_POLL_S = 0.1
EVAL_BATCH = 256


class Trainer:
    """Trains ``spec`` on ``dataset`` with ``config``; ``run()`` is a generator of events.

    Epoch numbers in events are 1-based (the epoch in progress or just ended);
    ``RunStarted.start_epoch`` and ``RunEnded.epoch`` count completed epochs. Steps are
    global and 1-based (the number of optimizer steps taken once the step ran).
    ``commands`` (shared with whoever steers the run; see ``core.train.commands``) is read
    between steps; ``pause``/``resume``/``stop``/``set_hparams`` are shortcuts to it.
    ``hooks`` (``TrainerHooks``) add snapshots, analysis jobs, logging: see ``hooks.py``.
    ``model_factory(input_shape, num_classes)`` builds the model instead of ``spec`` (an opened
    model to fine-tune, ``finetune.FineTune``; ``spec`` may be None then); its ``to_dict()``,
    when it has one, is saved as the run's model source. Only parameters that require grad train.
    ``distributed``: this process's part in a data-parallel run (``distributed.start()``).
    """

    def __init__(self, spec: ModelSpec, config: TrainConfig, dataset: InMemoryDataset,
                 resume: Optional[RunState] = None, hooks: Sequence[TrainerHooks] = (),
                 commands: Optional[Commands] = None, model_factory=None,
                 distributed: SingleProcess = SINGLE):
        self.spec, self.config, self.dataset = spec, config.validate(), dataset
        self.model_factory = model_factory
        self._dist = distributed
        hooks = (*hooks, distributed)
        self._resume = resume
        self.history = {k: list(resume.history.get(k, [])) if resume else [] for k in HISTORY_KEYS}
        self.step_log = StepLog.from_payload(resume.step_log if resume else None)
        if resume:
            self.step_log.truncate_after(resume.step)
        self.epoch = resume.epoch if resume else 0          # completed epochs
        self.step = resume.step if resume else 0            # optimizer steps taken
        self.model: Optional[torch.nn.Module] = None
        self.optimizer: Optional[torch.optim.Optimizer] = None
        self.device: Optional[torch.device] = None
        self._hp = {"lr": config.lr, "momentum": config.momentum, "weight_decay": config.weight_decay}
        self._progress = dict(resume.progress) if resume else {}
        self._rng_saved = dict(resume.rng_state) if resume else {}
        self.commands = commands if commands is not None else Commands(image_shape=dataset.input_shape)
        threads = ThreadCountHook()
        hooks = (threads, *hooks, threads.after_hooks)
        self._hooks = {name: overridden(hooks, name) for name in HOOK_POINTS}
        self._meter: Optional[EpochMeter] = None
        self._paused_s = 0.0
        self._finished = False
        self._diverged: Optional[tuple] = None   # (message, bad step) once the loss went non-finite

    # ----------------------------------------------------------------- commands
    def pause(self) -> None:
        """Pause before the next step (a ``Paused`` event is yielded, then run() blocks)."""
        self.commands.pause()

    def resume(self) -> None:
        """Continue a paused run (yields ``Resumed``)."""
        self.commands.resume()

    def stop(self) -> None:
        """Finish the current step and end with ``RunEnded("stopped")``."""
        self.commands.stop()

    def set_hparams(self, lr: Optional[float] = None, momentum: Optional[float] = None,
                    weight_decay: Optional[float] = None) -> None:
        """Change live hyperparameters from the next step on; ``ConfigError`` for bad values.

        ``lr`` is the base rate: the schedule keeps multiplying it from where it is.
        """
        self.commands.set_hparams(lr=lr, momentum=momentum, weight_decay=weight_decay)

    @property
    def epoch_no(self) -> int:
        """1-based number of the epoch in progress (or just ended; the next one before it began)."""
        meter = self._meter
        return meter.epoch_no if meter is not None and meter.epoch_no else self.epoch + 1

    @property
    def metrics_pending(self) -> bool:
        """Steps ran whose metrics are not read back yet (``state_for_checkpoint`` would read them
        itself, and they would then be missing from the next ``BatchMetrics``)."""
        return self._meter is not None and self._meter.pending

    # ---------------------------------------------------------------- the run
    def run(self) -> Iterator[object]:
        """Train, yielding ``RunStarted``, ``BatchMetrics``, ``EpochEnd``, ... and finally ``RunEnded``."""
        t0 = time.perf_counter()
        try:
            self._setup()
        except (SpecError, ConfigError, RuntimeError, MemoryError) as exc:
            yield ev.RunEnded(EndReason.ERROR, error_message(exc, self._dist.world_size > 1), self.step, self.epoch,
                              time.perf_counter() - t0)
            return
        ended = None
        try:
            try:
                ended = yield from self._train(t0)
            except (RuntimeError, MemoryError, ConfigError) as exc:
                ended = ev.RunEnded(EndReason.ERROR, error_message(exc, self._dist.world_size > 1),
                                    self.step, self.epoch, self._active(t0))
            yield from self._call("on_run_end", ended)
        finally:
            if ended is None:             # the consumer stopped iterating, or an unexpected error
                for hook in self._hooks["on_run_end"]:
                    hook(self, None)
            self._rng_saved = self._rng_state()
            self._finished = True
        yield ended

    def _active(self, t0: float) -> float:
        return time.perf_counter() - t0 - self._paused_s

    def _setup(self) -> None:
        run = set_up_run(self.spec, self.config, self.dataset, self.model_factory, self._dist, self.commands,
                         self._resume)
        self.device, self.precision, self.optimizer, self.num_params = (run.device, run.precision, run.optimizer,
                                                                         run.num_params)
        self._autocast, self._scaler, self._forward, self._loss_fn = run.autocast, run.scaler, run.forward, run.loss_fn
        self._data, self._rngs, self._meter = run.data, run.rngs, run.meter
        self.steps_per_epoch, self.total_steps = run.steps_per_epoch, run.total_steps
        self.model = run.model   # last: a half-done set-up leaves nothing to save

    def _rng_state(self) -> dict:
        return self._rngs.state(self._meter.active) if self.model is not None else dict(self._rng_saved)

    def _call(self, point: str, *args) -> Iterator[object]:
        for hook in self._hooks[point]:
            events = hook(self, *args)
            if events:
                yield from events

    def _train(self, t0: float):
        """The loop; yields events and returns the final ``RunEnded`` (not yet yielded)."""
        cfg, model, opt, cmds, meter = self.config, self.model, self.optimizer, self.commands, self._meter
        spe, total, bs = self.steps_per_epoch, self.total_steps, cfg.batch_size
        yield ev.RunStarted(describe_device(self.device), total, spe, self.step, self.epoch, self.num_params,
                            self.precision)
        yield from self._call("on_run_start")
        augment = None
        if cfg.augment != "none":
            from .augment import augment_batch
            augment = augment_batch
        groups, loss_fn, autocast, data, scaler = (opt.param_groups, self._loss_fn, self._autocast,
                                                   self._data, self._scaler)
        x_all, y_all, aug_gen = data.train_x, data.train_y, self._rngs.augment
        step_end_hooks = self._hooks["on_step_end"]
        dist, forward = self._dist, self._forward
        self._last_good = LastGood(model, opt, self.step)
        interval = 1.0 / cfg.metrics_hz
        model.train()
        for epoch_index in range(self.epoch, cfg.epochs):
            start_i = self._begin_epoch(epoch_index + 1)
            perm = torch.randperm(data.n_train, generator=self._rngs.shuffle).to(self.device, non_blocking=True)
            next_metrics = 0.0     # read back right after an epoch's first step: a prompt first point
            for i in range(start_i, spe):
                if cmds.pending and dist.obey_commands():
                    stop = yield from self._handle_commands()
                    if stop:
                        yield from self._read_back()
                        return self._final_event(EndReason.STOPPED, t0)
                idx = perm[i * bs:(i + 1) * bs]
                x = x_all.index_select(0, idx)
                if augment is not None:       # on uint8: a quarter of the memory traffic
                    x = augment(x, cfg.augment, aug_gen)
                x, idx = dist.shard(x), dist.shard(idx)      # this process's part of the global batch
                x = data.to_format(data.normalise(x))
                y = y_all.index_select(0, idx)
                lr = self._hp["lr"] * lr_factor(self.step, total, spe, cfg)
                for group in groups:
                    group["lr"] = lr
                with autocast():
                    out = forward(x)
                    loss = loss_fn(out, y)
                opt.zero_grad(set_to_none=True)
                if scaler is None:
                    dist.backward(loss)
                    opt.step()
                else:             # fp16: an overflowed step is skipped and the scale lowered
                    dist.backward(scaler.scale(loss))
                    scaler.step(opt)
                    scaler.update()
                meter.add(loss.detach(), (out.argmax(1) == y).sum())
                self.step += 1
                now = time.perf_counter()
                if dist.read_back_due(self.step, now >= next_metrics):
                    next_metrics = now + interval
                    yield from self._read_back()
                    if self._diverged:
                        return self._final_event(EndReason.DIVERGED, t0)
                for hook in step_end_hooks:
                    events = hook(self)
                    if events:
                        yield from events
            yield from self._read_back()
            if self._diverged:
                return self._final_event(EndReason.DIVERGED, t0)
            yield self._end_epoch()
            yield from self._call("on_epoch_end")
        return self._final_event(EndReason.COMPLETED, t0)

    def _final_event(self, reason: EndReason, t0: float) -> ev.RunEnded:
        if self._diverged:
            message, bad_step = self._diverged
            return ev.RunEnded(EndReason.DIVERGED, message, bad_step, self.epoch, self._active(t0))
        if reason == EndReason.STOPPED:
            message = Message("run.stopped_by_user", step=self.step, epoch=self._meter.epoch_no)
        else:
            message = Message("run.finished", epochs=self.config.epochs)
        return ev.RunEnded(reason, message, self.step, self.epoch, self._active(t0))

    # ------------------------------------------------------------ epoch state
    def _begin_epoch(self, epoch_no: int) -> int:
        """Start the epoch's figures (from a resumed checkpoint's progress); returns the first step index."""
        progress, self._progress = self._progress, {}
        start_i = self._meter.begin(epoch_no, self.step, progress, self._paused_s)
        self._rngs.begin_epoch()
        return start_i

    def _collect(self) -> Optional[tuple]:
        """Read pending per-step metrics back (one host sync) into the epoch sums.

        Returns ``(steps, losses, accs)`` or None; on a non-finite loss restores the last good
        state and sets ``self._diverged`` instead.
        """
        taken = self._meter.take(self.step)
        if taken is None:
            return None
        steps, losses, corrects, sizes = taken
        bad = np.flatnonzero(~np.isfinite(losses))
        if bad.size:
            self._diverge(int(steps[bad[0]]), float(losses[bad[0]]))
            return None
        self._last_good.capture(self.step)
        self._meter.accumulate(losses, corrects, sizes, self._paused_s)
        losses, accs = losses.astype(np.float32), (corrects / sizes).astype(np.float32)
        self.step_log.add(steps, losses, accs, float(self.optimizer.param_groups[0]["lr"]))
        return steps, losses, accs

    def _read_back(self) -> Iterator[object]:
        collected = self._collect()
        if collected is not None:
            steps, losses, accs = collected
            meter = self._meter
            yield ev.BatchMetrics(
                epoch=meter.epoch_no, steps=steps, losses=losses, accs=accs,
                lr=float(self.optimizer.param_groups[0]["lr"]),
                img_per_s=meter.sums["seen"] / max(meter.elapsed, 1e-9),
                step_in_epoch=self.step - meter.start_step, steps_per_epoch=self.steps_per_epoch,
                total_steps=self.total_steps)

    def _diverge(self, bad_step: int, value: float) -> None:
        kept = self._last_good.restore(bad_step)
        lr = self._hp["lr"] * lr_factor(bad_step - 1, self.total_steps, self.steps_per_epoch, self.config)
        self._diverged = (divergence_message(value, bad_step, self._meter.epoch_no, lr, self._hp["weight_decay"],
                                             kept), bad_step)
        # The checkpoint of a diverged run holds the kept weights; its position is approximate.
        self.step = max(kept, self._meter.start_step)

    def _end_epoch(self) -> ev.EpochEnd:
        meter = self._meter
        train_seconds = meter.seconds(self._paused_s)
        val_loss, val_acc = self._dist.combine_validation(evaluate(
            self.model, self._data, self._loss_fn, max(self.config.batch_size, EVAL_BATCH), self._autocast))
        seconds = meter.seconds(self._paused_s)
        sums, seen = meter.sums, max(meter.sums["seen"], 1.0)
        self.epoch += 1
        meter.end()
        lr = float(self.optimizer.param_groups[0]["lr"])
        event = ev.EpochEnd(epoch=meter.epoch_no, step=self.step, train_loss=sums["loss_sum"] / seen,
                            train_acc=sums["correct"] / seen, val_loss=val_loss, val_acc=val_acc,
                            img_per_s=sums["seen"] / max(train_seconds, 1e-9), seconds=seconds, lr=lr)
        for key in HISTORY_KEYS:
            self.history[key].append(getattr(event, key))
        return event

    # ------------------------------------------------------------------ commands
    def _handle_commands(self) -> Iterator[object]:
        """Apply pending requests; block while paused. Returns True when the run must stop."""
        cmds = self.commands
        req = cmds.take()
        yield from self._apply(req)
        if req.stop:
            return True
        if not req.pause:
            return False
        yield ev.Paused(self.step)
        started = time.perf_counter()
        try:
            while True:
                yield from self._call("on_paused")
                req = cmds.take()
                yield from self._apply(req)
                if req.stop:
                    return True
                if not req.pause:
                    break
                waits = [s for s in (hook(self) for hook in self._hooks["paused_wait_s"]) if s is not None]
                cmds.wake.wait(min(waits, default=PAUSE_POLL_S))
                cmds.wake.clear()
        finally:
            self._paused_s += time.perf_counter() - started
        yield ev.Resumed(self.step)
        return False

    def _apply(self, req) -> Iterator[object]:
        if req.hparams:
            self._hp.update(req.hparams)
            apply_hparams(self.optimizer, self.config.optimizer, momentum=req.hparams.get("momentum"),
                          weight_decay=req.hparams.get("weight_decay"))
            yield ev.HParamsChanged(self.step, self._hp["lr"], self._hp["momentum"], self._hp["weight_decay"])

    # ---------------------------------------------------------------- saving
    def state_for_checkpoint(self) -> RunState:
        """The run as a ``RunState`` (CPU tensors) that ``Trainer(..., resume=state)`` continues exactly.

        Call it between events or after ``run()`` ended. Live hyperparameter changes are
        folded into the saved config.
        """
        if self.model is None:
            if self._resume is not None:
                return self._resume
            raise RuntimeError("the run has not started, so there is nothing to save")
        if self._meter.pending and not self._diverged:
            with self._dist.alone():     # rank 0 may save on its own: no collective here
                self._collect()   # e.g. the consumer stopped iterating mid-epoch
        return RunState(
            spec=self.spec, config=self.config.replace(**self._hp),
            model_source=dict(getattr(self.model_factory, "to_dict", dict)()),
            model_state=tensors_to_cpu(dict(self.model.state_dict())),
            optimizer_state=tensors_to_cpu(self.optimizer.state_dict()),
            epoch=self.epoch, step=self.step, history={k: list(v) for k, v in self.history.items()},
            rng_state=self._rng_saved if self._finished else self._rng_state(),
            dataset_name=self.dataset.name, progress=self._meter.progress(self.step),
            step_log=self.step_log.to_payload())

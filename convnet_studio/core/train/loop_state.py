"""Small pieces of the training loop's state: last-good weights and the random generators."""
from __future__ import annotations

from typing import Optional

import torch


def _state_items(model: torch.nn.Module, optimizer: torch.optim.Optimizer):
    """Model tensors, and the optimizer state as (param index, key, value) triples."""
    model_tensors = list(model.state_dict().values())
    params = [p for group in optimizer.param_groups for p in group["params"]]
    opt_items = [(i, key, value) for i, p in enumerate(params)
                 for key, value in optimizer.state.get(p, {}).items()]
    return model_tensors, opt_items, params


def _copy_all(dsts: list, srcs: list) -> None:
    """``dst.copy_(src)`` for each pair; one batched call where torch has it (fewer GPU launches)."""
    if not dsts:
        return
    foreach_copy = getattr(torch, "_foreach_copy_", None)
    if foreach_copy is not None:
        try:
            foreach_copy(dsts, srcs)
            return
        except (RuntimeError, TypeError):
            pass
    for dst, src in zip(dsts, srcs):
        dst.copy_(src)


class _Copy:
    def __init__(self, step: int, model_tensors: list, opt_items: list):
        self.step = step
        self.model = [t.detach().clone() for t in model_tensors]
        self.opt = [(i, k, v.detach().clone() if isinstance(v, torch.Tensor) else v) for i, k, v in opt_items]
        self.signature = [(i, k) for i, k, _ in opt_items]

    def refill(self, step: int, model_tensors: list, opt_items: list) -> "_Copy":
        """Copy the live state into these buffers if the layout matches, else make a new copy."""
        if [(i, k) for i, k, _ in opt_items] != self.signature or len(model_tensors) != len(self.model):
            return _Copy(step, model_tensors, opt_items)
        self.step = step
        dsts, srcs = list(self.model), list(model_tensors)
        for n, ((i, k, dst), (_, _, src)) in enumerate(zip(self.opt, opt_items)):
            if isinstance(dst, torch.Tensor):
                dsts.append(dst)
                srcs.append(src)
            else:
                self.opt[n] = (i, k, src)
        _copy_all(dsts, srcs)
        return self


class LastGood:
    """Copies of the weights and optimizer state for undoing a divergence.

    The loop reads losses back from the device only every ~0.1 s, so a non-finite loss is
    noticed some steps late, after the optimizer already stepped with NaN gradients. At
    each read-back whose losses are all finite we copy the current state (``pending``).
    The weights of step P are proven good once the loss of step P+1, computed with them,
    is finite; then the previous ``pending`` becomes ``good``. Restoring picks the newest
    proven copy. Two buffers are reused in turn, so a read-back allocates nothing.
    """

    def __init__(self, model: torch.nn.Module, optimizer: torch.optim.Optimizer, step: int):
        self.model, self.optimizer = model, optimizer
        self.good: Optional[_Copy] = None
        self.pending = _Copy(step, *_state_items(model, optimizer)[:2])

    @torch.no_grad()
    def capture(self, step: int) -> None:
        """The losses up to ``step`` were all finite: keep the state after ``step``."""
        model_tensors, opt_items, _ = _state_items(self.model, self.optimizer)
        recycled, self.good = self.good, self.pending
        if recycled is None:
            self.pending = _Copy(step, model_tensors, opt_items)
        else:
            self.pending = recycled.refill(step, model_tensors, opt_items)

    @torch.no_grad()
    def restore(self, bad_step: int) -> int:
        """Step ``bad_step`` (1-based) had a non-finite loss: restore the newest good state.

        Returns the step whose weights are now in the model.
        """
        copy = self.pending
        if bad_step <= copy.step + 1 and self.good is not None:
            copy = self.good
        model_tensors, opt_items, params = _state_items(self.model, self.optimizer)
        for dst, src in zip(model_tensors, copy.model):
            dst.copy_(src)
        self.optimizer.state.clear()
        for i, key, value in copy.opt:
            self.optimizer.state[params[i]][key] = value.clone() if isinstance(value, torch.Tensor) else value
        return copy.step


class Rngs:
    """A run's random generators: shuffling (CPU), augmentation (on the device), torch's global ones.

    ``state()`` keeps the shuffling state from the *start* of the epoch in progress, so a
    resumed run regenerates the same permutation and skips the batches already done.
    """

    def __init__(self, seed: int, device: torch.device):
        self.device = device
        self.shuffle = torch.Generator().manual_seed(seed)
        self.augment = torch.Generator(device=device).manual_seed(seed + 1)
        self.epoch_start = self.shuffle.get_state()

    def begin_epoch(self) -> None:
        self.epoch_start = self.shuffle.get_state()

    def state(self, in_epoch: bool) -> dict:
        state = {"shuffle": self.epoch_start if in_epoch else self.shuffle.get_state(),
                 "augment": self.augment.get_state(), "augment_device": self.device.type,
                 "torch": torch.get_rng_state()}
        if self.device.type == "cuda":
            state["cuda"] = torch.cuda.get_rng_state(self.device)
        elif self.device.type == "mps":
            state["mps"] = torch.mps.get_rng_state()
        return state

    def load(self, state: dict) -> None:
        """Restore saved states; those of another device type are left freshly seeded."""
        if "shuffle" in state:
            self.shuffle.set_state(state["shuffle"])
            self.epoch_start = self.shuffle.get_state()
        if "augment" in state and state.get("augment_device", "cpu") == self.device.type:
            self.augment.set_state(state["augment"])
        if "torch" in state:
            torch.set_rng_state(state["torch"])
        if "cuda" in state and self.device.type == "cuda":
            torch.cuda.set_rng_state(state["cuda"], self.device)
        if "mps" in state and self.device.type == "mps":
            torch.mps.set_rng_state(state["mps"])

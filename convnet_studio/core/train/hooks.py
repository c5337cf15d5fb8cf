"""``TrainerHooks``: the named places where snapshots, analysis jobs or logging join the loop.

A hook is an object with some of these methods; the ``Trainer`` calls them on its own
thread with itself as the argument (read ``trainer.model``, ``.step``, ``.epoch_no``,
``.commands``, ...). Each may return an iterable of events, which the trainer yields
in order before it goes on, so the loop stays one generator of events. Subclass
``TrainerHooks`` and override only what you need: the trainer skips the methods left
as they are here, so an unused hook point costs nothing per step.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Optional

if TYPE_CHECKING:
    from .. import events
    from .trainer import Trainer

Events = Optional[Iterable[object]]


class TrainerHooks:
    """No-op base class of everything that plugs into ``Trainer.run()``."""

    def on_run_start(self, trainer: "Trainer") -> Events:
        """The model is built and ``RunStarted`` was yielded; no step has run yet."""

    def on_step_end(self, trainer: "Trainer") -> Events:
        """One optimizer step ran (``trainer.step`` counts it); its metrics may still be on the device."""

    def on_epoch_end(self, trainer: "Trainer") -> Events:
        """The epoch was evaluated and its ``EpochEnd`` yielded."""

    def on_paused(self, trainer: "Trainer") -> Events:
        """The run is paused: called once after ``Paused``, then whenever the paused loop wakes
        (a command, or ``paused_wait_s``), and last just before a resume or stop is obeyed."""

    def paused_wait_s(self, trainer: "Trainer") -> Optional[float]:
        """How long a paused loop may sleep before calling ``on_paused`` again (None: no limit)."""
        return None

    def on_run_end(self, trainer: "Trainer", ended: Optional["events.RunEnded"]) -> Events:
        """The run is over, with ``ended`` about to be yielded last; ``ended`` is None when the
        consumer stopped iterating early (what is returned then is dropped). Not called when
        the run failed before ``RunStarted``."""


HOOK_POINTS = ("on_run_start", "on_step_end", "on_epoch_end", "on_paused", "paused_wait_s", "on_run_end")


def overridden(hooks: Iterable[object], name: str) -> list:
    """The bound ``name`` methods of ``hooks`` that do something (not TrainerHooks' no-ops)."""
    base = getattr(TrainerHooks, name)
    out = []
    for hook in hooks:
        method = getattr(type(hook), name, None)
        if method is not None and method is not base:
            out.append(getattr(hook, name))
    return out

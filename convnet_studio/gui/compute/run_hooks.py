"""The hooks a run trains with on the compute thread, in the order each event reaches them.

A fine-tune run's announcer first (the views learn which model it trains before they see it),
then live snapshots and analysis jobs, the health trace of a spec network, and, for a run kept in
a run folder, its recorder, its time-lapse and (when asked for) its TensorBoard logs.
"""
from __future__ import annotations

from typing import Callable

from ...core import events
from ...core.errors import one_sentence
from ...core.jobs.queue import JobQueue
from ..i18n import translate


def run_hooks(request, jobs: JobQueue, announcer, recorder, probe: tuple,
              emit: Callable[[object], None]) -> list:
    """The hooks of the run of ``request``: ``jobs`` is the queue shared with the idle job runner,
    ``announcer`` a ``FineTuneAnnouncer`` or None, ``recorder`` the run's ``RunRecorder`` or None,
    ``probe`` the (image, label) its time-lapse follows; notes for the user leave through ``emit``."""
    from ...core.jobs.health_trace import HealthTrace
    from ...core.jobs.hooks import JobRunner, LiveSnapshots
    # the health trace follows a spec network's layers by index; a fine-tuned model has none
    trace = [HealthTrace()] if request.model_factory is None else []
    hooks = (([announcer] if announcer else []) + [LiveSnapshots(), JobRunner(jobs)] + trace
             + ([recorder] if recorder else []))
    if recorder is not None:
        from ...core.timelapse.recorder import TimelapseRecorder
        image, label = probe
        hooks.append(TimelapseRecorder(recorder.folder.path, probe_image=image, probe_label=label))
    if request.tensorboard:
        hooks += _tensorboard_hooks(recorder, emit)
    return hooks


def _tensorboard_hooks(recorder, emit: Callable[[object], None]) -> list:
    """The hook writing TensorBoard logs into the run's folder, told in a ``RunNote``; none (and a
    note why) when the run has no folder or tensorboard is missing."""
    from ...core.train.tensorboard_log import TensorBoardHooks, TensorBoardUnavailable
    if recorder is None:
        emit(events.RunNote(translate("RunHooks", "This run writes no TensorBoard logs: it has no run folder to "
                                                  "keep them in.")))
        return []
    logs = recorder.folder.tensorboard_dir
    try:
        hook = TensorBoardHooks(logs)
    except TensorBoardUnavailable as exc:
        emit(events.RunNote(translate("RunHooks", "{0}; this run writes no logs.").format(one_sentence(exc)[:-1])))
        return []
    emit(events.RunNote(translate("RunHooks", "TensorBoard logs: {0}").format(logs)))
    return [hook]

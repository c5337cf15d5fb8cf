"""What the studio says: one sentence per run status, per way a run can end, per refused command."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..core import events
from ..core.events import EndReason
from ..core.inspect.probe_source import ProbeKind, ProbeSource
from .state import RunStatus

STATUS_TEXT = {
    RunStatus.IDLE: "Ready.",
    RunStatus.STARTING: "Starting the run: building the network and moving the data…",
    RunStatus.RUNNING: "Training…",
    RunStatus.PAUSED: "Paused. Press Resume (Ctrl+R) to continue or Stop (Ctrl+.) to end the run.",
    RunStatus.STOPPING: "Stopping after the current step…",
}

KEEP_HINT = "File › Save run keeps it."

#: ``CommandRefused.command`` -> what did not happen.
REFUSED_TEXT = {
    "hparams": "The live hyperparameters were not changed",
    "snapshot": "The probe image cannot be shown",
    "lesions": "The filters were not switched off",
}


def run_end_message(event: events.RunEnded, last_epoch: Optional[events.EpochEnd] = None) -> str:
    """What the status bar says when a run ends (how it ended, plus what to do next)."""
    text = (event.message or event.reason).rstrip(".")
    text = text[:1].upper() + text[1:]
    if event.reason == EndReason.COMPLETED:
        acc = f", validation accuracy {last_epoch.val_acc:.1%}" if last_epoch is not None else ""
        return f"Training finished after {event.epoch} epochs ({event.step:,} steps){acc}. {KEEP_HINT}"
    if event.reason == EndReason.DIVERGED:
        return f"Training stopped because it diverged: {text}."
    if event.reason == EndReason.ERROR and not text.lower().startswith("training failed"):
        return f"Training failed: {text}."
    if event.reason == EndReason.STOPPED:
        return f"{text}. {KEEP_HINT}"
    return f"{text}."


def command_refused_message(event: events.CommandRefused) -> str:
    """What the status bar says when the run refused a command's value."""
    lead = REFUSED_TEXT.get(event.command, "The command was refused")
    return f"{lead}: {event.message}"


def probe_caption(source: ProbeSource) -> str:
    """Where a probe image came from, for a caption: "Validation image 3", or the file's name."""
    if source.kind is ProbeKind.FILE:
        return Path(source.path).name or source.path
    if source.kind is ProbeKind.DRAWN:
        return "Your drawing"
    return f"{'Validation' if source.kind is ProbeKind.VAL else 'Training'} image {source.index}"

"""What the status bar says: one sentence per run status and per way a run can end."""
from __future__ import annotations

from typing import Optional

from ..core import events

STATUS_TEXT = {
    "idle": "Ready.",
    "starting": "Starting the run: building the network and moving the data…",
    "running": "Training…",
    "paused": "Paused. Press Resume (Ctrl+R) to continue or Stop (Ctrl+.) to end the run.",
    "stopping": "Stopping after the current step…",
}

KEEP_HINT = "File › Save run keeps it."


def run_end_message(event: events.RunEnded, last_epoch: Optional[events.EpochEnd] = None) -> str:
    """What the status bar says when a run ends (how it ended, plus what to do next)."""
    text = (event.message or event.reason).rstrip(".")
    text = text[:1].upper() + text[1:]
    if event.reason == "completed":
        acc = f", validation accuracy {last_epoch.val_acc:.1%}" if last_epoch is not None else ""
        return f"Training finished after {event.epoch} epochs ({event.step:,} steps){acc}. {KEEP_HINT}"
    if event.reason == "diverged":
        return f"Training stopped because it diverged: {text}."
    if event.reason == "error" and not text.lower().startswith("training failed"):
        return f"Training failed: {text}."
    if event.reason == "stopped":
        return f"{text}. {KEEP_HINT}"
    return f"{text}."

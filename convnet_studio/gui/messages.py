"""What the studio says: one sentence per run status, per way a run can end, per refused command."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..core import events
from ..core.events import EndReason
from ..core.inspect.probe_source import ProbeKind, ProbeSource
from .i18n import QT_TRANSLATE_NOOP, TranslatedMapping, message_text, translate
from .run_telemetry import RunStatus

STATUS_TEXT = TranslatedMapping("messages", {
    RunStatus.IDLE: QT_TRANSLATE_NOOP("messages", "Ready."),
    RunStatus.STARTING: QT_TRANSLATE_NOOP("messages", "Starting the run: building the network and moving the data…"),
    RunStatus.RUNNING: QT_TRANSLATE_NOOP("messages", "Training…"),
    RunStatus.PAUSED: QT_TRANSLATE_NOOP("messages", "Paused. Press Resume (Ctrl+R) to continue or Stop (Ctrl+.) "
                                                    "to end the run."),
    RunStatus.STOPPING: QT_TRANSLATE_NOOP("messages", "Stopping after the current step…"),
})

#: ``CommandRefused.command`` -> what did not happen.
REFUSED_TEXT = TranslatedMapping("messages", {
    "hparams": QT_TRANSLATE_NOOP("messages", "The live hyperparameters were not changed"),
    "snapshot": QT_TRANSLATE_NOOP("messages", "The probe image cannot be shown"),
    "lesions": QT_TRANSLATE_NOOP("messages", "The filters were not switched off"),
})


def keep_hint(kept: bool = False) -> str:
    """Where a finished run is: in the Runs tab when it was kept in the runs folder, else how to keep it."""
    if kept:
        return translate("messages", "It is kept in the Runs tab.")
    return translate("messages", "File › Save run keeps it.")


def run_end_message(event: events.RunEnded, last_epoch: Optional[events.EpochEnd] = None,
                    kept: bool = False) -> str:
    """What the status bar says when a run ends (how it ended, plus what to do next); ``kept``: the run
    is in the runs folder already (the controller's ``run_is_kept``), so no saving is asked for."""
    text = message_text(event.message or event.reason).rstrip(".。")
    text = text[:1].upper() + text[1:]
    if event.reason == EndReason.COMPLETED:
        if last_epoch is not None:
            return translate("messages", "Training finished after {epochs} epochs ({steps:,} steps), validation "
                                         "accuracy {accuracy:.1%}. {hint}").format(
                epochs=event.epoch, steps=event.step, accuracy=last_epoch.val_acc, hint=keep_hint(kept))
        return translate("messages", "Training finished after {epochs} epochs ({steps:,} steps). {hint}").format(
            epochs=event.epoch, steps=event.step, hint=keep_hint(kept))
    if event.reason == EndReason.DIVERGED:
        return translate("messages", "Training stopped because it diverged: {reason}.").format(reason=text)
    if event.reason == EndReason.ERROR and not text.lower().startswith("training failed"):
        return translate("messages", "Training failed: {reason}.").format(reason=text)
    if event.reason == EndReason.STOPPED:
        return translate("messages", "{reason}. {hint}").format(reason=text, hint=keep_hint(kept))
    return translate("messages", "{reason}.").format(reason=text)


def command_refused_message(event: events.CommandRefused) -> str:
    """What the status bar says when the run refused a command's value."""
    lead = REFUSED_TEXT[event.command] if event.command in REFUSED_TEXT else translate(
        "messages", "The command was refused")
    return translate("messages", "{what}: {why}").format(what=lead, why=message_text(event.message))


def probe_caption(source: ProbeSource) -> str:
    """Where a probe image came from, for a caption: "Validation image 3", or the file's name."""
    if source.kind is ProbeKind.FILE:
        return Path(source.path).name or source.path
    if source.kind is ProbeKind.DRAWN:
        return translate("messages", "Your drawing")
    if source.kind is ProbeKind.VAL:
        return translate("messages", "Validation image {index}").format(index=source.index)
    return translate("messages", "Training image {index}").format(index=source.index)

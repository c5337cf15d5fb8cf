"""File ▸ Open run / Save run, and the questions asked before a trained, unsaved run is lost.

Every run is kept in the runs folder as it trains (``core.runs``), so a kept run is never
"unsaved". Only when keeping it failed (a full disk, a read-only folder) and an edit, a
new session, opening another run or closing would throw the last run away, the user
chooses Save / Discard / Cancel; Train after Stop offers to continue.
A window without dialogs (``interactive=False``) answers from ``window.answers``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtWidgets import QFileDialog, QMessageBox

from .dialogs import ask_continue_or_restart, ask_unsaved_run
from .i18n import message_text, translate

from .i18n import QT_TRANSLATE_NOOP

UNSAVED_TITLE = QT_TRANSLATE_NOOP("RunFiles", "The trained run is not saved")


class RunFiles:
    """Acts and asks on behalf of ``window`` (a MainWindow: its state, controller, answers, status bar)."""

    def __init__(self, window):
        self._window = window

    def open_dialog(self) -> None:
        """File ▸ Open run: settle the current run, then pick a file and open it."""
        window = self._window
        if window.state.is_running or not self.settle(translate("RunFiles", "Opening another run")):
            return
        path, _ = QFileDialog.getOpenFileName(window, translate("RunFiles", "Open run"), "",
                                              translate("RunFiles", "ConvNet Studio run (*.pt);;All files (*)"))
        if path:
            window.open_run(path)

    def save_dialog(self) -> None:
        """File ▸ Save run: pick a file and save the last run to it (on the compute thread)."""
        window = self._window
        if window.state.is_running:
            window.say(translate("RunFiles", "Stop the run before saving it."))
        elif not window.controller.has_run:
            window.say(translate("RunFiles", "There is no trained run to save yet; press Train first."))
        else:
            path = self.ask_run_path()
            if path:
                window.controller.save_run(path)

    def on_saved(self, path: str, error: str) -> None:
        """The compute thread finished a save (``error`` is "" when it worked)."""
        self._window.say(translate("RunFiles", "Could not save the run: {error}").format(error=message_text(error))
                         if error else translate("RunFiles", "Saved the run to {path}.").format(path=path))

    def on_run_opened(self, opened, error: str) -> None:
        """The compute thread read a run file: show everything it holds, or say why not."""
        window = self._window
        if opened is None:
            window.say(translate("RunFiles", "Could not open the run: {error}").format(error=message_text(error)))
            if window.interactive:
                QMessageBox.warning(window, translate("RunFiles", "Could not open the run"), message_text(error))
            return
        window.state.set_spec(opened.spec)
        window.state.set_config(opened.config)
        ds = window.state.dataset
        if opened.dataset_name and (ds is None or ds.name != opened.dataset_name):
            window.dataset_panel.load(opened.dataset_name)
        window.plots_view.clear()
        window.state.restore_run(opened)
        window.update_file_actions()
        window.say(translate("RunFiles", "Opened {name}: {epochs} epochs, {steps:,} steps trained. Press Train "
                                         "to continue it.").format(name=Path(opened.path).name, epochs=opened.epoch,
                                                                   steps=opened.step))

    def ask_continue(self, step: int) -> Optional[str]:
        """Train after a stopped run: "continue", "restart" or None (cancelled)."""
        if not self._window.interactive:
            return self._window.answers.train_after_stop
        return ask_continue_or_restart(self._window, step)

    def ask_run_path(self) -> str:
        """A path to save the run to, or "" when the user cancels."""
        name = self._window.state.spec.name
        path, _ = QFileDialog.getSaveFileName(self._window, translate("RunFiles", "Save run"), f"{name}.pt",
                                              translate("RunFiles", "ConvNet Studio run (*.pt)"))
        return path

    def settle(self, doing: str) -> bool:
        """Before ``doing`` throws the trained, unsaved run away: save it, drop it, or (False) stay."""
        window = self._window
        if window.is_closed or not window.controller.has_unsaved_run:
            return True
        answer, path = self._answer(
            translate("RunFiles", "{doing} starts the network again from step 0, and the run trained to step "
                                  "{step:,} is not saved. Save it first?").format(doing=doing, step=self._step()),
            window.answers.unsaved_edit)
        if answer == "cancel":
            return False
        if answer == "save":
            window.controller.save_and_forget(path)
        else:
            window.controller.forget_run()
            window.say(translate("RunFiles", "The trained run was discarded."))
        return True

    def ask_before_closing(self) -> tuple[str, str]:
        """("save" with a path, "discard" or "cancel") for closing with an unsaved stopped run."""
        return self._answer(translate("RunFiles", "The run trained to step {step:,} is not saved; closing throws it "
                                              "away. Save it before closing?").format(step=self._step()),
                            self._window.answers.unsaved_close)

    def _step(self) -> int:
        ended = self._window.state.last_run_end
        return ended.step if ended is not None else 0

    def _answer(self, text: str, policy: str) -> tuple[str, str]:
        """(answer, save path) for an unsaved run about to be lost; a cancelled path is "cancel"."""
        window = self._window
        answer = ask_unsaved_run(window, translate("RunFiles", UNSAVED_TITLE), text) if window.interactive else policy
        path = ""
        if answer == "save":
            path = self.ask_run_path() if window.interactive else window.answers.save_path
            if not path:
                answer = "cancel"
        return answer, path

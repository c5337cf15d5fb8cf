"""View ▸ Language: English or 简体中文, saved in the settings and applied after a restart.

The window's texts are set once when its widgets are built, so a new language needs a new
window; the menu saves the choice and offers to restart the studio now (a trained, unsaved run
is asked about first, as when closing).
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QProcess
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox

from .install import LANGUAGES, chosen_language
from .text import translate


def add_language_menu(window, menu: QMenu) -> dict[str, QAction]:
    """Add the Language submenu to ``menu`` (View); returns its actions by language code."""
    sub = menu.addMenu(translate("LanguageMenu", "&Language"))
    sub.setObjectName("language_menu")
    group = QActionGroup(sub)
    group.setExclusive(True)
    current = chosen_language(window.settings.language())
    actions = {}
    for code, name in LANGUAGES.items():
        action = QAction(name, sub)
        action.setCheckable(True)
        action.setChecked(code == current)
        action.setData(code)
        action.setStatusTip(translate("LanguageMenu", "Show the studio in this language (after a restart)"))
        action.triggered.connect(lambda _checked=False, c=code: choose_language(window, c))
        group.addAction(action)
        sub.addAction(action)
        actions[code] = action
    return actions


def choose_language(window, language: str) -> None:
    """Save ``language`` and, if the user agrees, restart the studio in it now."""
    unchanged = language == chosen_language(window.settings.language())
    window.settings.save_language(language)
    window.settings.sync()
    if unchanged:
        return
    later = translate("LanguageMenu", "The language changes when the studio starts next time.")
    if not window.interactive:
        window.say(later)
        return
    button = QMessageBox.StandardButton
    answer = QMessageBox.question(
        window, translate("LanguageMenu", "Change the language"),
        translate("LanguageMenu", "The studio shows the new language after a restart. Restart now?"),
        button.Yes | button.No, button.Yes)
    if answer != button.Yes:
        window.say(later)
        return
    window.close()
    if window.is_closed:             # not cancelled (e.g. at the question about an unsaved run)
        QProcess.startDetached(sys.executable, ["-m", "convnet_studio", *sys.argv[1:]])

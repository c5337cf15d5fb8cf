"""Which language the window speaks, and installing its translators into the application.

The language is, in this order: ``$CONVNET_STUDIO_LANGUAGE`` (``en`` or ``zh_CN``), the one saved
by View ▸ Language, or the system locale (``LANG=zh_CN.UTF-8`` -> Chinese; any ``zh`` locale gets
Simplified Chinese). ``$CONVNET_STUDIO_PSEUDO_TRANSLATE=1`` replaces every translation by the
doubled English text (a text-expansion check). A change of language takes effect at the next launch.
"""
from __future__ import annotations

import os
from typing import Optional

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ... import paths
from .compile import compiled
from .translators import ContextFreeTranslator, PseudoTranslator

#: Language code -> its name in that language (the View ▸ Language menu).
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
LANGUAGE_ENV = "CONVNET_STUDIO_LANGUAGE"
PSEUDO_ENV = "CONVNET_STUDIO_PSEUDO_TRANSLATE"
TRANSLATIONS_DIR = paths.RESOURCES / "translations"

_installed: list[QTranslator] = []        # kept alive here: Qt does not own installed translators
_language = ["en"]                         # the language installed last


def current_language() -> str:
    """The language the window speaks now (``en`` before any install and under pseudo-translation);
    for texts that carry their own translations, such as lesson files."""
    return _language[0]


def ts_file(language: str):
    """The ``.ts`` source of ``language`` (it may not exist)."""
    return TRANSLATIONS_DIR / f"convnet_studio_{language}.ts"


def system_language() -> str:
    """``zh_CN`` for any Chinese system locale, else ``en``."""
    return "zh_CN" if QLocale.system().name().lower().startswith("zh") else "en"


def chosen_language(saved: Optional[str] = None) -> str:
    """The environment's choice, else ``saved`` (View ▸ Language), else the system's."""
    for candidate in (os.environ.get(LANGUAGE_ENV, ""), saved or ""):
        if candidate in LANGUAGES:
            return candidate
    return system_language()


def install_translations(app: QCoreApplication, language: str) -> bool:
    """Replace the translators of ``app`` by those of ``language`` and make its QLocale the default
    (numbers and dates); True when the language's translations were loaded (always for English)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _language[0] = "en"
    if os.environ.get(PSEUDO_ENV, "") not in ("", "0"):
        _install(app, PseudoTranslator(app))
        return True
    if language not in LANGUAGES or language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    QLocale.setDefault(QLocale(language))
    ts = ts_file(language)
    if not ts.is_file():
        return False
    _language[0] = language
    _install(app, ContextFreeTranslator(ts, app))         # asked last: Qt asks the newest translator first
    qtbase = QTranslator(app)
    if qtbase.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        _install(app, qtbase)
    qm = compiled(ts)
    main = QTranslator(app)
    if qm is not None and main.load(str(qm)):
        _install(app, main)
    return True


def _install(app: QCoreApplication, translator: QTranslator) -> None:
    app.installTranslator(translator)
    _installed.append(translator)

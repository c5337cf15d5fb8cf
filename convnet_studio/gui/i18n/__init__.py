"""The window's languages: ``translate`` for module-level strings, ``message_text`` for core's
``Message`` sentences, and ``install_translations`` (QTranslators for the chosen language).

Strings in QObject methods use ``self.tr("...")``; elsewhere ``translate("Context", "...")``
(``pyside6-lupdate`` finds both, see ``make translations``).
"""
from .install import (LANGUAGES, LANGUAGE_ENV, PSEUDO_ENV, chosen_language, current_language,
                      install_translations)
from .text import QT_TRANSLATE_NOOP, TranslatedMapping, error_text, message_text, spec_error_text, translate

__all__ = ["LANGUAGES", "LANGUAGE_ENV", "PSEUDO_ENV", "chosen_language", "current_language",
           "install_translations",
           "message_text", "error_text", "translate", "QT_TRANSLATE_NOOP", "TranslatedMapping", "spec_error_text"]

"""Translating text: Qt's ``translate`` for GUI strings, catalogue lookup for core ``Message``s."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from ...core.messages import CATALOGUE, JOIN, SENTENCE, SENTENCE_ENDS, Message, reason_of

#: The translation context of every core catalogue template (see catalogue_sources.py).
CORE_CONTEXT = "CoreMessages"


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``QCoreApplication.translate``; lupdate reads the literal ``context`` and ``text`` of each call."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def message_text(value: Any) -> str:
    """``value`` in the window's language: a core ``Message`` through its translated template (fields
    that are Messages translated too); any other value as ``str(value)``, unchanged."""
    if not isinstance(value, Message):
        return "" if value is None else str(value)
    if value.id == JOIN:
        return value.fields["separator"].join(message_text(part) for part in value.fields["parts"])
    if value.id == SENTENCE:
        return _as_sentence(message_text(value.fields["text"]))
    template = CATALOGUE.get(value.id)
    if template is None:
        return str(value)
    fields = {k: (message_text(v) if isinstance(v, Message) else v) for k, v in value.fields.items()}
    translated = QCoreApplication.translate(CORE_CONTEXT, template)
    try:
        return translated.format(**fields)
    except (KeyError, IndexError, ValueError):   # a translation that names a field wrongly: stay readable
        return template.format(**fields)


def _as_sentence(text: str) -> str:
    """``text`` capitalised and closed by a full stop of its language (。 after Chinese)."""
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text.endswith(SENTENCE_ENDS):
        return text
    return text + ("。" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else ".")


def error_text(exc: BaseException) -> str:
    """An exception's message in the window's language: its catalogue Message translated, or ``str(exc)``."""
    return message_text(reason_of(exc))


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802  (the name lupdate looks for)
    """Marks ``text`` for lupdate under ``context`` and returns it untranslated (translate it on use)."""
    return text


class TranslatedMapping(Mapping):
    """A read-only dict whose values (marked with QT_TRANSLATE_NOOP under ``context``) come out translated
    when read, so a module-level table follows the language installed after import."""

    def __init__(self, context: str, sources: dict):
        self._context = context
        self._sources = dict(sources)

    def __getitem__(self, key):
        return QCoreApplication.translate(self._context, self._sources[key])

    def __iter__(self):
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def source(self, key) -> str:
        """The English text of ``key``."""
        return self._sources[key]


def spec_error_text(error: Any, sentence_start: bool = True) -> str:
    """A ``SpecError`` as the window says it: "Layer 3: <reason>" (translated; "layer 3: ..." inside a
    sentence), or the reason alone for whole-network problems."""
    reason = message_text(getattr(error, "message", error))
    index = getattr(error, "layer_index", None)
    if index is None:
        return reason
    if sentence_start:
        return QCoreApplication.translate("SpecErrors", "Layer {index}: {reason}").format(index=index, reason=reason)
    return QCoreApplication.translate("SpecErrors", "layer {index}: {reason}").format(index=index, reason=reason)

"""Two QTranslators written in Python: a pseudo-translation and a context-free fallback."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QTranslator


class PseudoTranslator(QTranslator):
    """Every string twice over (``"Train"`` -> ``"TrainTrain"``): shows which text is not translated
    and which layouts depend on English widths. Placeholders survive, as each is simply repeated."""

    def translate(self, context, source_text, disambiguation=None, n=-1):
        return source_text + source_text if source_text else source_text

    def isEmpty(self) -> bool:
        return False


class ContextFreeTranslator(QTranslator):
    """Finished translations of a ``.ts`` by source text alone, whatever the context.

    PySide6's ``self.tr`` asks in the context of the object's runtime class, while lupdate files
    the string under the class whose method calls ``tr``; a subclass would so miss its base's
    strings. Installed before the compiled ``.qm`` (so asked after it), this answers those misses
    when the source text has one translation.
    """

    def __init__(self, ts: Path, parent=None):
        super().__init__(parent)
        self._table = finished_translations(ts)

    def translate(self, context, source_text, disambiguation=None, n=-1):
        return self._table.get(source_text, "")

    def isEmpty(self) -> bool:
        return not self._table


def finished_translations(ts: Path) -> dict[str, str]:
    """Source text -> translation for every finished message of ``ts`` whose translations agree."""
    table: dict[str, Optional[str]] = {}
    try:
        root = ET.parse(ts).getroot()
    except (OSError, ET.ParseError):
        return {}
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
            continue
        text = translation.text or ""
        if not source or not text or message.get("numerus") == "yes":
            continue
        table[source] = text if table.get(source, text) == text else None
    return {k: v for k, v in table.items() if v}

"""Reading a Qt Linguist ``.ts`` file: its messages, and what is left to translate.

``python -m convnet_studio.gui.i18n.ts_file resources/translations/convnet_studio_zh_CN.ts`` lists
every message still unfinished, empty, vanished or with placeholders that differ from the source
(the work left after ``make translations``); it exits with status 1 when there is any.
"""
from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@dataclass(frozen=True)
class TsMessage:
    context: str
    source: str
    translation: str
    kind: str            #: the translation's ``type`` attribute: "" (finished), "unfinished", "vanished", "obsolete"


def read_ts(path: Path) -> list[TsMessage]:
    """Every message of ``path`` in file order."""
    root = ET.parse(path).getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            text = "" if translation is None else "".join(translation.itertext())
            kind = "" if translation is None else translation.get("type", "")
            found.append(TsMessage(name, message.findtext("source") or "", text, kind))
    return found


def problems(messages: list[TsMessage]) -> list[str]:
    """One line per message that is not a finished, usable translation."""
    lines = []
    for m in messages:
        where = f"[{m.context}] {m.source!r}"
        if m.kind:
            lines.append(f"{m.kind}: {where}")
        elif not m.translation.strip():
            lines.append(f"empty: {where}")
        elif set(PLACEHOLDER.findall(m.source)) != set(PLACEHOLDER.findall(m.translation)):
            lines.append(f"placeholders differ: {where} -> {m.translation!r}")
    return lines


def main(argv: list[str]) -> int:
    left = [line for path in argv for line in problems(read_ts(Path(path)))]
    print("\n".join(left) or "every message is translated")
    return 1 if left else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

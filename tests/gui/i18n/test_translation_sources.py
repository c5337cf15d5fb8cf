"""The zh_CN translation source is complete and current: every string the GUI passes through
tr()/translate() (and every core catalogue template) has a finished translation, and running
lupdate over the code now would change nothing."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from convnet_studio.gui.i18n import sources
from convnet_studio.gui.i18n.compile import compiled, lrelease_program
from convnet_studio.gui.i18n.text import CORE_CONTEXT
from convnet_studio.gui.i18n.ts_file import TsMessage, problems, read_ts

TS = sources.TS_FILES["zh_CN"]
FIX = "run `make translations`, then translate the new entries in " + str(TS)


def _lupdate() -> str:
    import PySide6
    bundled = Path(PySide6.__file__).parent / "lupdate"
    program = str(bundled) if bundled.is_file() else shutil.which("pyside6-lupdate")
    if program is None:
        pytest.skip("PySide6's lupdate is not installed")
    return program


def test_every_message_has_a_finished_translation():
    messages = read_ts(TS)
    assert len(messages) > 400
    left = problems(messages)
    assert not left, f"{len(left)} messages need work ({FIX}):\n" + "\n".join(left[:40])


def test_the_problem_list_catches_unfinished_empty_vanished_and_broken_placeholders():
    bad = [TsMessage("C", "Open", "", "unfinished"), TsMessage("C", "Save", "", ""),
           TsMessage("C", "Gone", "没了", "vanished"), TsMessage("C", "{n} files", "{count} 个文件", ""),
           TsMessage("C", "Fine {n}", "好 {n}", "")]
    assert [line.split(":")[0] for line in problems(bad)] == ["unfinished", "empty", "vanished", "placeholders differ"]


def test_the_core_catalogue_file_is_current():
    assert sources.CATALOGUE_FILE.read_text(encoding="utf-8") == sources.catalogue_source(), FIX


def test_every_core_template_is_in_the_translation_source():
    in_ts = {m.source for m in read_ts(TS) if m.context == CORE_CONTEXT}
    missing = set(sources.full_catalogue().values()) - in_ts
    assert not missing, f"{FIX}: {sorted(missing)[:5]}"


def test_lupdate_over_the_code_finds_exactly_the_strings_of_the_ts(tmp_path):
    fresh = tmp_path / TS.name
    shutil.copy(TS, fresh)
    proc = subprocess.run(sources.lupdate_command(fresh, _lupdate()), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    now = {(m.context, m.source) for m in read_ts(fresh) if m.kind not in ("vanished", "obsolete")}
    committed = {(m.context, m.source) for m in read_ts(TS)}
    assert now == committed, (f"the .ts is stale ({FIX}); new: {sorted(now - committed)[:8]}, "
                              f"gone: {sorted(committed - now)[:8]}")


def test_lupdate_notices_a_new_string(tmp_path):
    """The staleness check above can fail: a module with a new tr() string changes lupdate's set."""
    module = tmp_path / "extra.py"
    module.write_text('from PySide6.QtCore import QObject\n\nclass Extra(QObject):\n'
                      '    def f(self):\n        return self.tr("A string nobody translated")\n')
    fresh = tmp_path / TS.name
    shutil.copy(TS, fresh)
    command = sources.lupdate_command(fresh, _lupdate())
    command[command.index("-ts"):command.index("-ts")] = [str(module)]
    subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    new = [m for m in read_ts(fresh) if m.context == "Extra"]
    assert [(m.source, m.kind) for m in new] == [("A string nobody translated", "unfinished")]


def test_the_translation_compiles_into_a_cache(tmp_path, monkeypatch):
    if lrelease_program() is None:
        pytest.skip("PySide6's lrelease is not installed")
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)                  # no .qm beside it: compiled into the cache
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    qm = compiled(copy)
    assert qm is not None and qm.parent == tmp_path / "cache" / "convnet_studio" / "translations"
    assert qm.stat().st_size > 10_000 and compiled(copy) == qm

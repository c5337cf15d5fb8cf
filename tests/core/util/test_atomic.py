"""Atomic writes: signals wait for the write, stale temp files go, the umask holds, destinations are checked."""
import os
import signal
import stat
import time

import pytest

from convnet_studio.core.util import atomic
from convnet_studio.core.util.atomic import atomic_write

HOUR = 3600


def _age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_ctrl_c_during_a_write_waits_until_the_file_is_complete(tmp_path):
    path = tmp_path / "run.pt"
    path.write_bytes(b"old")

    def write(fh):
        fh.write(b"first half ")
        os.kill(os.getpid(), signal.SIGINT)      # Python would raise KeyboardInterrupt right here
        time.sleep(0.05)
        fh.write(b"second half")

    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, write)
    assert path.read_bytes() == b"first half second half"
    assert [p.name for p in tmp_path.iterdir()] == ["run.pt"]


def test_deferred_signals_restores_the_handlers_and_delivers_each_signal_once(tmp_path):
    from convnet_studio.core.util.signals import deferred_signals
    seen = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
    try:
        with deferred_signals() as received:
            os.kill(os.getpid(), signal.SIGTERM)
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
            assert seen == [] and received == [signal.SIGTERM, signal.SIGTERM]
        assert seen == [signal.SIGTERM]
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)
        assert seen == [signal.SIGTERM, signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_stale_temp_files_of_ours_are_removed_on_the_next_write(tmp_path):
    old_ours = tmp_path / f".run.pt.abcd1234{atomic.TEMP_SUFFIX}"
    old_other_target = tmp_path / f".other.pt.zzzz9999{atomic.TEMP_SUFFIX}"
    old_legacy = tmp_path / ".run.pt.k3j_x9q2.tmp"
    fresh_ours = tmp_path / f".run.pt.fresh123{atomic.TEMP_SUFFIX}"
    foreign = [tmp_path / ".other.pt.k3j_x9q2.tmp", tmp_path / ".run.pt.swp", tmp_path / "notes.tmp"]
    for p in (old_ours, old_other_target, old_legacy, fresh_ours, *foreign):
        p.write_bytes(b"x" * 10)
    for p in (old_ours, old_other_target, old_legacy, *foreign):
        _age(p, 2 * HOUR)
    atomic_write(tmp_path / "run.pt", lambda fh: fh.write(b"new"))
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {"run.pt", fresh_ours.name, *(p.name for p in foreign)}


def test_only_regular_files_are_removed(tmp_path):
    folder = tmp_path / f".x.abcd1234{atomic.TEMP_SUFFIX}"
    folder.mkdir()
    _age(folder, 2 * HOUR)
    assert atomic.remove_stale_temp_files(tmp_path) == 0 and folder.is_dir()


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_get_the_permissions_the_umask_allows(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        assert atomic.current_umask() == umask
        atomic_write(tmp_path / "run.pt", lambda fh: fh.write(b"x"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "run.pt").stat().st_mode) == mode


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "run.pt"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write(path, lambda fh: fh.write(b"new"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640 and path.read_bytes() == b"new"


def test_a_name_near_the_length_limit_still_writes(tmp_path):
    path = tmp_path / ("r" * 250 + ".pt")      # 253 bytes: the name fits, a temp name beside it must too
    atomic_write(path, lambda fh: fh.write(b"ok"))
    assert path.read_bytes() == b"ok"


def test_destination_problems_are_named(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    (tmp_path / "folder").mkdir()
    assert atomic.destination_problem(tmp_path / "run.pt") is None
    assert atomic.destination_problem(tmp_path / "new" / "deeper" / "run.pt") is None
    assert not (tmp_path / "new").exists()
    assert atomic.destination_problem(blocker) is None            # replacing a file is fine
    assert atomic.destination_problem(tmp_path / "folder") == "it is a folder"
    assert atomic.destination_problem(f"{tmp_path}/nothing-yet/") == "it names a folder, not a file"
    assert atomic.destination_problem("") == "no file name was given"
    assert atomic.destination_problem(blocker / "run.pt") == f"{blocker} is a file, not a folder"
    assert atomic.destination_problem(blocker / "a" / "run.pt") == f"{blocker} is a file, not a folder"
    assert atomic.destination_problem("/dev/null") == "it exists and is not a regular file"
    assert "too long" in atomic.destination_problem(tmp_path / ("x" * 300 + ".pt"))
    assert "too long" in atomic.destination_problem(tmp_path / ("x" * 300) / "run.pt")
    assert [p.name for p in tmp_path.iterdir()].count("run.pt") == 0   # checking wrote nothing


def test_an_unwritable_folder_is_named(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(30, "Read-only file system")
    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    assert atomic.destination_problem(tmp_path / "run.pt") == f"the folder {tmp_path} is not writable (Read-only file system)"

"""Nothing trained is lost: signals stop and save, failed saves keep the run elsewhere (real processes)."""
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from convnet_studio.core.train.checkpoint import load_run

ROOT = Path(__file__).resolve().parents[2]
TINY_SPEC = {"layers": [{"type": "flatten"}, {"type": "linear", "out_features": "classes"}]}


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    path = tmp_path_factory.mktemp("spec") / "tiny.json"
    path.write_text(json.dumps(TINY_SPEC))
    return path


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(CONVNET_STUDIO_CACHE="off", PYTHONPATH=str(ROOT), **extra)
    return env


def _start(*argv, **env):
    return subprocess.Popen([sys.executable, "-m", "convnet_studio", *map(str, argv)], cwd=ROOT, env=_env(**env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc, timeout=120):
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def _stderr_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in err, err
    return lines[0]


def _after_first_epoch(proc, send):
    """Wait for the first epoch's line on stdout, then call ``send()``; kill the process if it never comes."""
    watchdog = threading.Timer(120, proc.kill)
    watchdog.start()
    try:
        first = proc.stdout.readline()
        while first.startswith('{"event": "start"'):
            first = proc.stdout.readline()
        assert "epoch" in first, first + proc.stderr.read()
        send()
    finally:
        watchdog.cancel()
    return first


@pytest.mark.parametrize("sig, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_stop_signal_ends_the_run_at_a_step_and_saves_it(tmp_path, folder, spec, sig, status):
    run_file = tmp_path / "run.pt"
    proc = _start("train", "--dataset", folder, "--spec", spec, "--epochs", 1_000_000, "--batch-size", 4,
                  "--json", "--save", run_file)
    first = _after_first_epoch(proc, lambda: proc.send_signal(sig))
    code, out, err = _finish(proc)
    assert code == status
    done = json.loads(out.strip().splitlines()[-1])
    assert done["event"] == "done" and done["reason"] == "interrupted" and done["epochs"] >= 1
    name = signal.Signals(sig).name
    line = _stderr_line(err)
    assert line.startswith(f"error: interrupted by {name} at step ") and str(run_file) in line, line
    run = load_run(run_file)
    assert run.epoch >= done["epochs"] >= json.loads(first)["epoch"] and run.step >= 5
    assert [p.name for p in tmp_path.iterdir()] == ["run.pt"]


def test_sigterm_without_save_still_ends_with_one_line(folder, spec):
    proc = _start("train", "--dataset", folder, "--spec", spec, "--epochs", 1_000_000, "--batch-size", 4)
    _after_first_epoch(proc, proc.terminate)
    code, out, err = _finish(proc)
    assert code == 143
    assert _stderr_line(err).startswith("error: interrupted by SIGTERM at step ")


def test_ctrl_c_while_the_run_file_is_written_finishes_the_file_first(tmp_path, folder, spec):
    run_file, marker = tmp_path / "run.pt", tmp_path / "writing"
    script = textwrap.dedent(f"""
        import sys, time, pathlib
        from convnet_studio.core.train import checkpoint
        real = checkpoint._write_payload

        class SlowFile:
            def __init__(self, fh):
                self.fh, self.calls = fh, 0
            def write(self, data):
                self.calls += 1
                if self.calls == 3:                  # inside torch's C++ writer
                    pathlib.Path({str(marker)!r}).touch()
                    time.sleep(1.5)
                return self.fh.write(data)
            def flush(self):
                self.fh.flush()

        checkpoint._write_payload = lambda fh, payload: real(SlowFile(fh), payload)
        from convnet_studio.cli import main
        sys.exit(main(["train", "--dataset", {str(folder)!r}, "--spec", {str(spec)!r}, "--epochs", "2",
                       "--save", {str(run_file)!r}]))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(120, proc.kill)
    watchdog.start()
    try:
        while not marker.exists() and proc.poll() is None:
            threading.Event().wait(0.02)
        proc.send_signal(signal.SIGINT)
        code, out, err = _finish(proc)
    finally:
        watchdog.cancel()
    assert code == 130
    assert _stderr_line(err) == f"error: interrupted by SIGINT after the run ended; the run is saved in {run_file}"
    assert load_run(run_file).epoch == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.pt", "writing"]


def _private_mounts_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt"], capture_output=True)
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(not _private_mounts_work(), reason="needs unshare -m and tmpfs mounts (root)")


def _in_private_mount(script: str, **env):
    """Run a shell script in its own mount namespace (its tmpfs mounts vanish with it)."""
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, env=_env(**env),
                          capture_output=True, text=True, timeout=180)
    return proc.stdout, proc.stderr


@needs_mounts
def test_a_read_only_folder_is_refused_before_training(tmp_path, folder, spec):
    mount = tmp_path / "mnt"
    mount.mkdir()
    out, err = _in_private_mount(f"""
        mount -t tmpfs -o ro tmpfs {mount}
        {sys.executable} -m convnet_studio train --dataset {folder} --spec {spec} --json --save {mount}/run.pt
        echo "status=$?"
    """)
    assert out.strip() == "status=2", out
    assert _stderr_line(err) == (f"error: cannot save the run to '{mount}/run.pt': the folder {mount} is not "
                                 f"writable (Read-only file system)")


@needs_mounts
def test_a_full_disk_keeps_the_run_in_the_temp_folder_and_the_previous_file(tmp_path, folder, spec):
    from convnet_studio.cli import main
    previous, mount, spare = tmp_path / "previous.pt", tmp_path / "mnt", tmp_path / "spare"
    mount.mkdir()
    spare.mkdir()
    assert main(["train", "--dataset", str(folder), "--spec", str(spec), "--epochs", "1", "--json",
                 "--save", str(previous)]) == 0
    out, err = _in_private_mount(f"""
        mount -t tmpfs -o size=1m tmpfs {mount}
        cp {previous} {mount}/run.pt
        dd if=/dev/zero of={mount}/filler bs=4k 2>/dev/null
        {sys.executable} -m convnet_studio train --dataset {folder} --spec {spec} --epochs 3 --json \\
            --save {mount}/run.pt
        echo "status=$?"
        cmp -s {previous} {mount}/run.pt && echo "previous file intact"
        ls -A {mount}
    """, TMPDIR=str(spare))
    assert "status=3" in out and "previous file intact" in out, out + err
    assert out.strip().splitlines()[-2:] == ["filler", "run.pt"], out       # no temp files left
    (kept,) = spare.glob("run.unsaved-*.pt")
    assert _stderr_line(err) == (f"error: cannot write the run file {mount}/run.pt: No space left on device; "
                                 f"the run was kept in {kept} instead")
    assert load_run(kept).epoch == 3


def _drop_root_powers():
    """A prefix that makes root obey file permissions (as everyone else does), or () when not root."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root ignores file permissions and setpriv is missing")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]


@pytest.mark.parametrize("locked", ["", "green"])
def test_an_unreadable_dataset_folder_is_named(tmp_path, folder, locked):
    copy = tmp_path / "colours"
    shutil.copytree(folder, copy)
    target = copy / locked if locked else copy
    target.chmod(0)
    try:
        proc = subprocess.run([*_drop_root_powers(), sys.executable, "-m", "convnet_studio", "train",
                               "--dataset", str(copy), "--epochs", "1"], cwd=ROOT, env=_env(),
                              capture_output=True, text=True, timeout=120)
    finally:
        target.chmod(0o755)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert _stderr_line(proc.stderr).startswith(f"error: cannot read the folder {target} (Permission denied)")

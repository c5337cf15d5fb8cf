"""No usable display: one ``error:`` line saying what to do, status 2, never Qt's abort and core dump."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from convnet_studio.cli.display import HEADLESS_HINT, debian_package, display_problem, find_xcb_plugin, library_problem

ROOT = Path(__file__).resolve().parents[2]
DISPLAY_VARS = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QT_QPA_PLATFORM_PLUGIN_PATH", "XDG_SESSION_TYPE")


def _open_window(*argv, **env):
    base = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARS and not k.startswith("PYTEST")}
    base.update(PYTHONPATH=str(ROOT), CONVNET_STUDIO_CACHE="off", **env)
    return subprocess.run([sys.executable, "-m", "convnet_studio", *argv], cwd=ROOT, env=base,
                          capture_output=True, text=True, timeout=120)


def _one_line(proc) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr[-2000:]
    return lines[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="display servers are a Linux matter here")
@pytest.mark.parametrize("argv", [(), ("--screenshot", "shot.png")])
def test_no_display_points_to_the_headless_ways(argv):
    line = _one_line(_open_window(*argv))
    assert "there is no display" in line
    assert "`convnet-studio train`" in line and "QT_QPA_PLATFORM=offscreen convnet-studio --screenshot" in line


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 is a Linux matter here")
def test_an_x_display_that_does_not_answer_is_named():
    if Path("/tmp/.X11-unix/X97").exists():
        pytest.skip("an X server listens on :97 here")
    plugin = find_xcb_plugin()
    if plugin is not None and library_problem(plugin):          # that is said first (the test below)
        pytest.skip(f"Qt's X11 plugin cannot load here: {library_problem(plugin)}")
    line = _one_line(_open_window(DISPLAY=":97"))
    assert line.startswith("error: cannot connect to the X display ':97'")


@pytest.mark.skipif(shutil.which("gcc") is None or not sys.platform.startswith("linux"), reason="needs gcc on Linux")
def test_a_missing_xcb_library_is_named_with_its_package(tmp_path):
    """A stand-in for Qt's X11 plugin that needs a library which is then taken away.

    (Not libxcb-cursor.so.0 itself: the system's copy, if installed, would be found.)
    """
    (tmp_path / "stub.c").write_text("void xcb_cursor_stub(void) {}\n")
    (tmp_path / "plugin.c").write_text("extern void xcb_cursor_stub(void);\nvoid plugin(void) { xcb_cursor_stub(); }\n")
    lib = tmp_path / "libxcb-gone-for-test.so.0"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(lib), str(tmp_path / "stub.c"),
                    f"-Wl,-soname,{lib.name}"], check=True)
    platforms = tmp_path / "platforms"
    platforms.mkdir()
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(platforms / "libqxcb.so"), str(tmp_path / "plugin.c"),
                    "-Wl,--no-as-needed", str(lib)], check=True)
    lib.unlink()
    line = _one_line(_open_window(DISPLAY=":0", QT_QPA_PLATFORM_PLUGIN_PATH=str(platforms)))
    assert line == ("error: Qt's X11 support cannot start: the system library libxcb-gone-for-test.so.0 is "
                    "missing; on Debian or Ubuntu install it with `sudo apt install libxcb-gone-for-test0`")


@pytest.mark.parametrize("env, expected", [
    ({"QT_QPA_PLATFORM": "offscreen"}, None),
    ({"QT_QPA_PLATFORM": "minimal:enable_fonts"}, None),
    ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, None),
    ({}, f"there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); {HEADLESS_HINT}"),
    ({"QT_QPA_PLATFORM": "xcb"}, "Qt is set to use X11 (QT_QPA_PLATFORM=xcb) but DISPLAY is not set; "
                                 f"{HEADLESS_HINT}"),
    ({"QT_QPA_PLATFORM": "wayland"}, "Qt is set to use Wayland (QT_QPA_PLATFORM=wayland) but WAYLAND_DISPLAY is "
                                     f"not set; {HEADLESS_HINT}"),
])
def test_display_problem_reads_the_environment(env, expected):
    assert display_problem(env, platform="linux") == expected


def test_other_systems_are_not_second_guessed():
    assert display_problem({}, platform="darwin") is None
    assert display_problem({}, platform="win32") is None


@pytest.mark.parametrize("soname, package", [
    ("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"), ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libEGL.so.1", "libegl1"), ("libfontconfig.so.1.12.0", "libfontconfig1"),
])
def test_debian_package_names_follow_the_soname(soname, package):
    assert debian_package(soname) == package

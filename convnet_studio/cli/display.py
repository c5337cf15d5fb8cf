"""Can a Qt window open here? Asked before the QApplication exists, without importing Qt.

Without a display (an SSH session, a server) or with a system library that Qt's X11
plugin needs missing, Qt aborts the process with a core dump and advises
reinstalling the application, which does not help. ``display_problem()`` finds
these cases first and says what to do instead.
"""
from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from pathlib import Path
from typing import Optional

#: Qt platforms that draw without a display server.
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl", "eglfs", "linuxfb", "vnc", "vkkhrdisplay"})

HEADLESS_HINT = ("train without a window with `convnet-studio train`, or take a picture of the window with "
                 "`QT_QPA_PLATFORM=offscreen convnet-studio --screenshot studio.png`")

_MISSING = re.compile(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")


def display_problem(env=None, platform: str = sys.platform) -> Optional[str]:
    """Why the studio window cannot open here (one sentence), or None when it looks possible."""
    env = os.environ if env is None else env
    if not platform.startswith("linux"):
        return None
    wanted = [p.split(":")[0].strip() for p in env.get("QT_QPA_PLATFORM", "").split(";") if p.strip()]
    if any(p in HEADLESS_PLATFORMS for p in wanted):
        return None
    has_x, has_wayland = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    if not wanted and not has_x and not has_wayland:
        return f"there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); {HEADLESS_HINT}"
    uses_xcb = "xcb" in wanted[:1] or (not wanted and has_x
                                       and not (has_wayland and env.get("XDG_SESSION_TYPE") == "wayland"))
    if wanted[:1] == ["wayland"] and not has_wayland:
        return f"Qt is set to use Wayland (QT_QPA_PLATFORM=wayland) but WAYLAND_DISPLAY is not set; {HEADLESS_HINT}"
    if uses_xcb:
        if not has_x:
            return f"Qt is set to use X11 (QT_QPA_PLATFORM=xcb) but DISPLAY is not set; {HEADLESS_HINT}"
        return xcb_problem(env)
    return None


def xcb_problem(env=None) -> Optional[str]:
    """A missing system library of Qt's X11 plugin, or an X display that does not answer; else None."""
    env = os.environ if env is None else env
    plugin = find_xcb_plugin(env)
    if plugin is not None:
        problem = library_problem(plugin)
        if problem:
            return f"Qt's X11 support cannot start: {problem}"
    display = env.get("DISPLAY", "")
    if display and not x_display_answers(display):
        return f"cannot connect to the X display {display!r} (is the X server running, or SSH's X forwarding on?); " \
               f"{HEADLESS_HINT}"
    return None


def find_xcb_plugin(env=None) -> Optional[Path]:
    """The ``libqxcb.so`` Qt would load: from Qt's plugin path variables, else PySide6's own."""
    env = os.environ if env is None else env
    folders = [Path(p) for p in env.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders += [Path(p) / "platforms" for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    spec = importlib.util.find_spec("PySide6")
    for root in (spec.submodule_search_locations or []) if spec else []:
        folders.append(Path(root) / "Qt" / "plugins" / "platforms")
    for folder in folders:
        candidate = folder / "libqxcb.so"
        if candidate.is_file():
            return candidate
    return None


def library_problem(path) -> Optional[str]:
    """Load a shared library (and so everything it needs); the missing one named, with its package."""
    try:
        ctypes.CDLL(str(path))
    except OSError as exc:
        text = str(exc)
        found = _MISSING.search(text)
        if found:
            name = found.group(1)
            return (f"the system library {name} is missing; on Debian or Ubuntu install it with "
                    f"`sudo apt install {debian_package(name)}`")
        return text.splitlines()[0] if text else "its plugin cannot be loaded"
    return None


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that ships a library, by Debian's naming rule.

    ``libxcb-cursor.so.0`` -> ``libxcb-cursor0``; a name ending in a digit takes a hyphen:
    ``libxkbcommon-x11.so.0`` -> ``libxkbcommon-x11-0``.
    """
    name, _, version = soname.partition(".so")
    version = version.lstrip(".").split(".")[0]
    name = name.lower()
    if not version:
        return name
    return f"{name}-{version}" if name[-1:].isdigit() else f"{name}{version}"


def x_display_answers(display: str) -> bool:
    """Whether an X server accepts a connection at ``display`` (True when that cannot be tested)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True                     # then the plugin check above has named what is missing
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(conn) == 0
    finally:
        xcb.xcb_disconnect(conn)

"""The QApplication: theme (Fusion + a dark palette + resources/style.qss), pyqtgraph options, ``main``."""
from __future__ import annotations

import os
import sys
from typing import Optional, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from .. import paths
from .diagnostics import gc_guard
from .diagnostics.launch_timer import ENV as LAUNCH_TIMES_ENV
from .i18n import chosen_language, install_translations
from .i18n.fonts import use_cjk_fonts
from .settings import Settings

APP_NAME = "ConvNet Studio"


def dark_palette() -> QPalette:
    """A calm dark palette with a blue accent."""
    p = QPalette()
    roles = QPalette.ColorRole
    window, base, alt, text = QColor(38, 40, 44), QColor(28, 30, 33), QColor(44, 47, 52), QColor(226, 228, 232)
    for role, color in ((roles.Window, window), (roles.WindowText, text), (roles.Base, base),
                        (roles.AlternateBase, alt), (roles.ToolTipBase, QColor(250, 250, 250)),
                        (roles.ToolTipText, QColor(20, 20, 20)), (roles.Text, text),
                        (roles.Button, QColor(52, 55, 61)), (roles.ButtonText, text),
                        (roles.BrightText, QColor(255, 90, 90)), (roles.Link, QColor(96, 165, 250)),
                        (roles.Highlight, QColor(37, 99, 235)), (roles.HighlightedText, QColor(255, 255, 255)),
                        (roles.PlaceholderText, QColor(140, 144, 150)), (roles.Mid, QColor(70, 73, 80)),
                        (roles.Midlight, QColor(60, 63, 69)), (roles.Dark, QColor(22, 23, 26)),
                        (roles.Shadow, QColor(10, 10, 12)), (roles.Light, QColor(80, 84, 92))):
        p.setColor(role, color)
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(disabled, role, QColor(120, 123, 130))
    p.setColor(disabled, roles.Highlight, QColor(70, 73, 80))
    return p


def apply_theme(app: QApplication) -> None:
    """Fusion style, the dark palette, the stylesheet, and matching pyqtgraph colours."""
    import pyqtgraph as pg

    app.setStyle("Fusion")
    palette = dark_palette()
    app.setPalette(palette)
    qss = paths.RESOURCES / "style.qss"
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    pg.setConfigOptions(imageAxisOrder="row-major",
                        background=palette.color(QPalette.ColorRole.Base),
                        foreground=palette.color(QPalette.ColorRole.Text))


def make_app(argv: Optional[Sequence[str]] = None) -> QApplication:
    """The (single) QApplication, created and themed if needed."""
    app = QApplication.instance()
    if app is None:
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
        app.setApplicationName(APP_NAME)
        app.setOrganizationName("ConvNetStudio")
        app.setApplicationDisplayName(APP_NAME)
        language = chosen_language(Settings().language())
        install_translations(app, language)
        use_cjk_fonts(app, language)
    apply_theme(app)
    gc_guard.install(app)
    return app


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Open the studio on the built-in "shapes" dataset and the "seed" network; returns the exit code.

    ``argv`` are extra Qt arguments (e.g. ``-platform offscreen``); the last spec and
    hyperparameters of the previous session are restored. The window is shown before
    PyTorch is loaded (see ``startup.py``). With ``CONVNET_STUDIO_LAUNCH_TIMES`` set, the app
    prints how long it took to paint and to be ready, then quits (``diagnostics/launch_timer.py``).
    """
    from .main_window import MainWindow

    app = make_app([sys.argv[0], *(argv or [])])
    window = MainWindow(dataset="shapes")
    launch_times = os.environ.get(LAUNCH_TIMES_ENV)
    if launch_times:
        from .diagnostics.launch_timer import LaunchTimer, launch_origin
        window.launch_timer = LaunchTimer(window, launch_origin(launch_times))
    window.show()
    _close_on_signals(window)
    code = app.exec()
    window.shutdown()
    return int(code)


def _close_on_signals(window) -> None:
    """Ctrl+C / SIGTERM close the window properly (stop the run, save settings, join the thread).

    Python handles signals only when it runs, so a light timer gives it the chance while Qt waits.
    """
    import signal

    from PySide6.QtCore import QTimer

    def close(*_args):
        window.interactive = False
        window.close()

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(sig, close)
        except (ValueError, OSError):  # not the main thread, or not supported here
            return
    timer = QTimer(window)
    timer.setInterval(250)
    timer.timeout.connect(_noop)
    timer.start()


def _noop() -> None:
    """Lets the Python interpreter run (and handle signals) while Qt's event loop waits."""


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

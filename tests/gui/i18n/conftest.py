"""Fixtures: the application speaking Simplified Chinese (or pseudo-translated) for one test."""
from __future__ import annotations

import pytest

from convnet_studio.gui.i18n import PSEUDO_ENV, install_translations


@pytest.fixture
def chinese(qapp):
    """The zh_CN translators (ours and Qt's) installed for the test, English again afterwards."""
    assert install_translations(qapp, "zh_CN")
    yield qapp
    install_translations(qapp, "en")


@pytest.fixture
def pseudo(qapp, monkeypatch):
    """Every translated string doubled (the text-expansion check), English again afterwards."""
    monkeypatch.setenv(PSEUDO_ENV, "1")
    install_translations(qapp, "en")
    yield qapp
    monkeypatch.delenv(PSEUDO_ENV)
    install_translations(qapp, "en")


@pytest.fixture
def window(qtbot, isolated_settings):
    """A main window without a dataset or dialogs, 1280×800, shown."""
    from convnet_studio.gui.main_window import MainWindow

    w = MainWindow(settings=isolated_settings, dataset=None, interactive=False, restore=False)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()

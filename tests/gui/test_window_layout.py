"""The window at 1024×640 and 1280×720: it fits, and no label, title, number or layer name is cut."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QLabel, QSizePolicy

from tests.conftest import _tiny_dataset
from tests.gui.analysis_helpers import wait_settled

SIZES = [(1024, 640), (1280, 720)]


def _cut_labels(root) -> list[str]:
    """Plain-text labels shown narrower (or, wrapped, lower) than their text needs."""
    cut = []
    for label in root.findChildren(QLabel):
        text = label.text()
        if (not label.isVisible() or not text or Qt.mightBeRichText(text)
                or label.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored):
            continue                                   # an Ignored label is meant to be cut (status bar)
        if label.wordWrap():
            if label.heightForWidth(label.width()) > label.height():
                cut.append(f"{text[:40]!r}: needs {label.heightForWidth(label.width())} px high")
        else:
            need = max(label.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
            if need > label.contentsRect().width():
                cut.append(f"{text[:40]!r}: {label.contentsRect().width()} of {need} px")
    return cut


def _settle(qtbot, window, name: str) -> None:
    window.select_view(name)
    view = window.views[name]
    if hasattr(view, "is_settled"):
        wait_settled(qtbot, view)
    qtbot.wait(100)
    if hasattr(view, "flush"):
        view.flush()
    qtbot.wait(50)


@pytest.fixture
def window(studio_window):
    # ten classes and 2,000 validation images: three-digit numbers in the confusion matrix
    return studio_window(dataset=_tiny_dataset(n_train=192, n_val=2000, classes=10))


@pytest.mark.parametrize("size", SIZES)
def test_the_window_fits_and_nothing_is_cut(qtbot, window, size):
    window.resize(*size)
    qtbot.wait(100)
    assert window.width() <= size[0] and window.height() <= size[1]
    assert window.minimumSizeHint().width() < 1024
    for name in window.views:
        _settle(qtbot, window, name)
        assert not _cut_labels(window.views[name]), name
    for name, dock in window.docks.items():
        window.select_view(name)
        qtbot.wait(20)
        assert not _cut_labels(dock), name


@pytest.mark.parametrize("size", SIZES)
def test_evaluation_header_and_numbers_fit(qtbot, window, size):
    window.resize(*size)
    view = window.views["evaluation"]
    _settle(qtbot, window, "evaluation")
    qtbot.waitUntil(lambda: view.evaluation() is not None, timeout=20000)
    view.flush()
    qtbot.wait(50)
    line = view.status_label.fontMetrics().lineSpacing()
    assert view.status_label.height() <= 2 * line + 4            # was five lines beside the figures
    assert view.accuracy_label.height() <= 2 * view.accuracy_label.fontMetrics().lineSpacing()
    matrix = view.matrix
    assert max(len(t) for t in matrix.labels.texts()) == 3
    metrics = QFontMetricsF(matrix.labels.font)
    width, _height = matrix.cell_pixels()
    assert not matrix.labels.hidden
    assert max(metrics.horizontalAdvance(t) for t in matrix.labels.texts()) + 2 <= width


@pytest.mark.parametrize("size", SIZES)
def test_health_titles_and_layer_names_are_whole(qtbot, window, size):
    window.resize(*size)
    view = window.views["health"]
    _settle(qtbot, window, "health")
    qtbot.waitUntil(lambda: view.report() is not None, timeout=20000)
    view.flush()
    qtbot.wait(50)
    canvas = view.plots.canvas
    for key, plot in view.plots.plots.items():
        # a title wider than the data area widens its plot and squeezes (or pushes out) the others
        assert plot.titleLabel.item.boundingRect().width() <= plot.vb.width(), key
        assert plot.sceneBoundingRect().right() <= canvas.viewport().width(), key
    assert view.plots.update_note.isVisible()                     # not training: says why it is empty
    names = [view.table.item(row, 0).text() for row in range(view.table.rowCount())]
    widest = max(view.table.fontMetrics().horizontalAdvance(n) for n in names)
    assert view.table.columnWidth(0) >= widest + view.table.iconSize().width()
    assert view.table.horizontalScrollBar().maximum() == 0        # every column in sight


@pytest.mark.parametrize("size", SIZES)
def test_attribution_colour_bar_labels_are_whole(qtbot, window, size):
    window.resize(*size)
    view = window.views["attribution"]
    _settle(qtbot, window, "attribution")
    for name, canvas in view.canvases.items():
        label = canvas.color_bar.axis.label
        assert label.boundingRect().width() <= canvas.width(), name


def test_panels_and_views_let_the_window_narrow(qtbot, window):
    # Fusion's 80 px push buttons and one-line headers used to hold the window at 972 px or wider
    for name in window.views:                      # with every view's figures in (the health table's names)
        _settle(qtbot, window, name)
    assert window.model_panel.minimumSizeHint().width() <= 340
    for name in ("plots", "evaluation", "attribution"):
        assert window.views[name].minimumSizeHint().width() <= 520, name
    assert window.views["health"].minimumSizeHint().width() <= 560
    assert window.minimumSizeHint().width() <= 950

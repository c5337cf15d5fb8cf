"""FlowLayout wraps a row of buttons when narrow (and justifies rows when asked); FitScrollArea asks
for its widget's whole height, wrapped rows included, and scrolls only past its share of the window."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from convnet_studio.gui.widgets.fit_scroll_area import FitScrollArea
from convnet_studio.gui.widgets.flow_layout import FlowLayout


def _row(qtbot, justify=False):
    host = QWidget()
    flow = FlowLayout(host, spacing=4, justify=justify)
    flow.setContentsMargins(0, 0, 0, 0)
    buttons = [QPushButton(text) for text in ("Train", "Pause", "Resume", "Stop")]
    for b in buttons:
        flow.addWidget(b)
    qtbot.addWidget(host)
    return host, flow, buttons


def test_a_wide_row_stays_on_one_line_and_a_narrow_one_wraps(qtbot):
    host, flow, buttons = _row(qtbot)
    one_row = flow.sizeHint().width()
    host.resize(one_row, 200)
    host.show()
    qtbot.waitExposed(host)
    assert len({b.y() for b in buttons}) == 1
    widest = max(b.sizeHint().width() for b in buttons)
    assert flow.minimumSize().width() == widest
    host.resize(widest + 10, 200)
    qtbot.wait(10)
    assert len({b.y() for b in buttons}) == 4                       # one per line
    assert flow.heightForWidth(widest + 10) > flow.heightForWidth(one_row)
    assert all(b.geometry().right() < host.width() for b in buttons)


def test_justified_rows_fill_the_width(qtbot):
    host, flow, buttons = _row(qtbot, justify=True)
    host.resize(flow.sizeHint().width() + 200, 100)
    host.show()
    qtbot.waitExposed(host)
    assert buttons[-1].geometry().right() >= host.width() - 4
    assert all(b.width() > b.sizeHint().width() for b in buttons)


def _wrapping_panel() -> QWidget:
    panel = QWidget()
    box = QVBoxLayout(panel)
    host = QWidget()
    flow = FlowLayout(host, spacing=4)
    for text in ("Train", "Pause", "Resume", "Stop"):
        flow.addWidget(QPushButton(text * 3))
    box.addWidget(host)
    label = QLabel("a long sentence that wraps onto several lines " * 12)
    label.setWordWrap(True)
    box.addWidget(label)
    return panel


def _shown(qtbot, panel, share, height):
    window = QWidget()
    area = FitScrollArea(panel, max_share=share)
    QVBoxLayout(window).addWidget(area)
    qtbot.addWidget(window)
    window.resize(200, height)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)
    return window, area


def test_the_fit_scroll_area_asks_for_the_wrapped_height(qtbot):
    panel = _wrapping_panel()
    _window, area = _shown(qtbot, panel, 1.0, 100)
    need = panel.heightForWidth(area.viewport().width())
    assert need > 300 and area.minimumSizeHint().height() >= need
    assert area.height() >= need and area.verticalScrollBar().maximum() == 0      # all of it shows


def test_the_fit_scroll_area_scrolls_past_its_share_of_the_screen(qtbot):
    panel = _wrapping_panel()
    _window, area = _shown(qtbot, panel, 0.05, 100)
    cap = int(area.screen().availableGeometry().height() * 0.05)
    assert area.minimumSizeHint().height() <= max(cap, area.verticalScrollBar().sizeHint().height() * 4)
    assert area.verticalScrollBar().maximum() > 0


def test_the_fit_scroll_area_relays_out_its_window_only_when_its_height_changes(qtbot):
    from PySide6.QtCore import QEvent

    from tests.gui.event_counter import EventCounter

    panel = _wrapping_panel()
    line = QLabel("12,000 img/s")
    line.setWordWrap(True)
    panel.layout().addWidget(line)
    window, area = _shown(qtbot, panel, 1.0, 100)
    requests = EventCounter(QEvent.Type.LayoutRequest).watch(window)
    for i in range(20):                     # a run's progress line, same height every time
        line.setText(f"{12_000 + i:,} img/s")
        qtbot.wait(5)
    assert requests.count == 0
    line.setText("a much longer line that now wraps onto more than one line in the panel " * 3)
    qtbot.waitUntil(lambda: requests.count > 0, timeout=1000)
    assert area.minimumSizeHint().height() >= panel.heightForWidth(area.viewport().width())

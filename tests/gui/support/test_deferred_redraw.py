"""DeferredRedraw: many marks give one redraw; a hidden view waits until it is shown."""
from PySide6.QtWidgets import QWidget

from convnet_studio.gui.support.deferred_redraw import DeferredRedraw


def _view(qtbot, only_when_visible=True):
    view = QWidget()
    qtbot.addWidget(view)
    calls = []
    return view, DeferredRedraw(view, lambda: calls.append(1), 10, only_when_visible), calls


def test_many_marks_coalesce_into_one_redraw(qtbot):
    view, redraws, calls = _view(qtbot)
    view.show()
    for _ in range(50):
        redraws.mark()
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
    qtbot.wait(50)
    assert calls == [1] and not redraws.pending


def test_a_hidden_view_redraws_once_shown_and_flush_draws_at_once(qtbot):
    view, redraws, calls = _view(qtbot)
    redraws.mark()
    qtbot.wait(50)
    assert calls == [] and redraws.pending
    view.show()
    redraws.shown()
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
    redraws.flush()                      # nothing pending: no redraw
    assert calls == [1]
    view.hide()
    redraws.mark()
    redraws.flush()
    assert calls == [1, 1]


def test_views_that_draw_while_hidden(qtbot):
    _view_, redraws, calls = _view(qtbot, only_when_visible=False)
    redraws.mark()
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)

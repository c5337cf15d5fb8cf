"""DeferredRedraw: many marks give one redraw; a hidden view waits until it is shown."""
import time

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


def _stream_marks(qtbot, redraws, seconds: float, every_ms: int = 5) -> None:
    """Call ``redraws.mark()`` every ``every_ms`` for ``seconds`` (as a training run's metrics do)."""
    from PySide6.QtCore import QTimer

    feeder = QTimer()
    feeder.setInterval(every_ms)
    feeder.timeout.connect(redraws.mark)
    feeder.start()
    qtbot.wait(int(seconds * 1000))
    feeder.stop()


def _timed_redraws(qtbot, min_gap_ms: int) -> tuple:
    """A shown view's DeferredRedraw with ``min_gap_ms``, and the list of its redraws' times."""
    view = QWidget()
    qtbot.addWidget(view)
    view.show()
    times = []
    return DeferredRedraw(view, lambda: times.append(time.perf_counter()), 10, min_gap_ms=min_gap_ms), times


def test_a_minimum_gap_spaces_redraws_however_often_marks_come(qtbot):
    redraws, times = _timed_redraws(qtbot, 200)
    start = time.perf_counter()
    _stream_marks(qtbot, redraws, 1.0)
    qtbot.waitUntil(lambda: not redraws.pending, timeout=2000)      # the last marks are drawn too
    assert times[0] - start < 0.15                                  # the first redraw does not wait the gap
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(times) >= 3 and min(gaps) >= 0.19, gaps             # about 5 a second, never more


def test_a_hidden_view_with_a_minimum_gap_draws_nothing_until_shown(qtbot):
    view = QWidget()
    qtbot.addWidget(view)
    calls = []
    redraws = DeferredRedraw(view, lambda: calls.append(1), 10, min_gap_ms=100)
    _stream_marks(qtbot, redraws, 0.3)
    assert calls == [] and redraws.pending
    view.show()
    redraws.shown()
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)


def test_a_stream_of_marks_wakes_the_gui_thread_about_once_per_redraw(qtbot):
    from PySide6.QtCore import QEvent, QObject

    from tests.gui.event_counter import EventCounter

    view = QWidget()
    qtbot.addWidget(view)
    view.show()
    calls = []
    redraws = DeferredRedraw(view, lambda: calls.append(1), 10, min_gap_ms=200)
    timer_events = EventCounter(QEvent.Type.Timer).watch(*redraws.findChildren(QObject))
    _stream_marks(qtbot, redraws, 1.0, every_ms=20)
    qtbot.waitUntil(lambda: not redraws.pending, timeout=2000)
    assert 4 <= len(calls) <= 8                  # ~5 a second, the first at once, the last after the marks
    assert timer_events.count <= 2 * len(calls) + 1, (timer_events.count, len(calls))


def test_a_runs_first_data_after_a_redraw_that_was_asked_for_does_not_wait_the_gap(qtbot):
    # A run starting clears the plots (a redraw asked for); its first loss point comes a few
    # milliseconds later and must not wait the live redraws' gap behind it.
    redraws, times = _timed_redraws(qtbot, 500)
    redraws.mark()
    qtbot.waitUntil(lambda: len(times) == 1, timeout=1000)
    redraws.mark_live()
    qtbot.waitUntil(lambda: len(times) == 2, timeout=2000)
    assert times[1] - times[0] < 0.2
    redraws.mark_live()                                  # later data: the gap holds again
    qtbot.waitUntil(lambda: len(times) == 3, timeout=2000)
    assert times[2] - times[1] >= 0.49

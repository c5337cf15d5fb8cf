"""RedrawBudget: while a run trains, a view's live redraws are spaced by what they cost; the user's are not."""
import time

import pytest
from PySide6.QtWidgets import QWidget

from convnet_studio.gui.support.deferred_redraw import DeferredRedraw
from convnet_studio.gui.support.redraw_budget import MeteredPaint, RedrawBudget


def burn_cpu(seconds: float) -> None:
    """Use ``seconds`` of this thread's CPU time."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_wait_is_the_last_cost_over_the_share_and_nothing_when_inactive():
    clock, training = FakeClock(), [True]
    budget = RedrawBudget(active=lambda: training[0], share=0.02, longest_wait_s=2.0, clock=clock)
    assert budget.delay_s("plots", last_began=100.0, last_cost_s=0.010) == pytest.approx(0.5)   # 10 ms / 2 %
    clock.now = 100.3
    assert budget.delay_s("plots", 100.0, 0.010) == pytest.approx(0.2)
    clock.now = 100.6
    assert budget.delay_s("plots", 100.0, 0.010) == 0.0
    clock.now = 100.0
    assert budget.delay_s("plots", 100.0, 1.0) == pytest.approx(2.0)          # however costly: every 2 s
    training[0] = False
    assert budget.delay_s("plots", 100.0, 1.0) == 0.0                          # no run: no budget
    with pytest.raises(ValueError):
        RedrawBudget(active=lambda: True, share=0.0)


def test_views_that_draw_lately_split_the_share():
    clock = FakeClock()
    budget = RedrawBudget(active=lambda: True, share=0.03, longest_wait_s=2.0, clock=clock)
    assert budget.delay_s("plots", 100.0, 0.003) == pytest.approx(0.1)        # alone: all 3 %
    budget.drew("filters")
    budget.drew("feature maps")
    assert budget.delay_s("plots", 100.0, 0.003) == pytest.approx(0.3)        # a third each
    clock.now = 104.0                                                         # the others stopped drawing
    assert budget.views_drawing("plots") == 1


def test_the_views_of_one_state_share_one_budget():
    from convnet_studio.gui.state import StudioState
    from convnet_studio.gui.support.redraw_budget import training_budget

    state, other = StudioState(), StudioState()
    assert training_budget(state) is training_budget(state)
    assert training_budget(state) is not training_budget(other)
    assert not training_budget(state).active()


def _stream(qtbot, mark, seconds: float) -> None:
    from PySide6.QtCore import QTimer
    feeder = QTimer()
    feeder.setInterval(10)
    feeder.timeout.connect(mark)
    feeder.start()
    qtbot.wait(int(seconds * 1000))
    feeder.stop()


def _budgeted(qtbot, redraw, share=0.1, active=lambda: True):
    view = QWidget()
    qtbot.addWidget(view)
    view.show()
    budget = RedrawBudget(active=active, share=share)
    return view, DeferredRedraw(view, redraw, 10, budget=budget)


def test_costly_live_redraws_are_spaced_by_their_cost_while_training(qtbot):
    times = []

    def redraw():
        times.append(time.perf_counter())
        burn_cpu(0.02)                       # 20 ms at a 10 % share: at most one redraw per 0.2 s

    _view, redraws = _budgeted(qtbot, redraw)
    _stream(qtbot, redraws.mark_live, 1.3)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(times) >= 3 and min(gaps) >= 0.18, gaps
    qtbot.waitUntil(lambda: not redraws.pending, timeout=3000)       # the last data is drawn too


def test_without_a_run_the_same_redraws_follow_their_throttle_only(qtbot):
    times = []

    def redraw():
        times.append(time.perf_counter())
        burn_cpu(0.02)

    _view, redraws = _budgeted(qtbot, redraw, active=lambda: False)
    _stream(qtbot, redraws.mark_live, 1.0)
    assert len(times) >= 12, len(times)          # 20 ms redraws behind a 10 ms throttle: many more


def test_what_the_user_changes_is_drawn_without_waiting_for_the_budget(qtbot):
    times = []

    def redraw():
        times.append(time.perf_counter())
        burn_cpu(0.05)                       # 50 ms at 2 %: the next live redraw waits the longest, 2 s

    _view, redraws = _budgeted(qtbot, redraw, share=0.02)
    redraws.mark_live()
    qtbot.waitUntil(lambda: len(times) == 1, timeout=2000)
    redraws.mark_live()
    qtbot.wait(300)
    assert len(times) == 1 and redraws.pending                        # new data waits its turn ...
    asked = time.perf_counter()
    redraws.mark()                                                    # ... a slider moved: now
    qtbot.waitUntil(lambda: len(times) == 2, timeout=1000)
    assert times[1] - asked < 0.2


class _SlowPaintingBase(QWidget):
    def paintEvent(self, event):
        burn_cpu(0.02)


class _MeteredSlowPainting(MeteredPaint, _SlowPaintingBase):
    pass


def test_the_paints_a_redraw_causes_count_as_its_cost(qtbot):
    widget = _MeteredSlowPainting()
    qtbot.addWidget(widget)
    widget.resize(100, 100)
    widget.show()
    qtbot.waitExposed(widget)
    times = []

    def redraw():                             # cheap itself; the paint it asks for costs 20 ms
        times.append(time.perf_counter())
        widget.update()

    budget = RedrawBudget(active=lambda: True, share=0.1)
    redraws = DeferredRedraw(widget, redraw, 10, budget=budget)
    widget.paint_meter = redraws.paint_meter
    _stream(qtbot, redraws.mark_live, 1.3)
    assert redraws.paint_meter.cpu_s >= 0.02
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(times) >= 3 and min(gaps) >= 0.18, gaps


def test_data_held_back_by_the_budget_is_drawn_as_soon_as_the_run_ends(qtbot):
    from convnet_studio.gui.state import StudioState
    from convnet_studio.gui.support.redraw_budget import training_budget

    times, state = [], StudioState()
    state.set_run_status("running")

    def redraw():
        times.append(time.perf_counter())
        burn_cpu(0.05)                       # at 3 %: the next live redraw would wait 1.7 s

    view = QWidget()
    qtbot.addWidget(view)
    view.show()
    redraws = DeferredRedraw(view, redraw, 10, budget=training_budget(state))
    redraws.mark_live()
    qtbot.waitUntil(lambda: len(times) == 1, timeout=2000)
    redraws.mark_live()                      # the run's last metrics
    qtbot.wait(200)
    assert len(times) == 1
    ended = time.perf_counter()
    state.set_run_status("idle")             # the run ended: nothing to leave time to
    assert len(times) == 2 and times[1] - ended < 0.05


def test_a_view_closed_while_its_redraw_waits_is_left_alone_when_the_run_ends(qtbot):
    from shiboken6 import delete

    from convnet_studio.gui.state import StudioState
    from convnet_studio.gui.support.redraw_budget import training_budget

    state, times = StudioState(), []
    state.set_run_status("running")
    view = QWidget()
    view.show()
    redraws = DeferredRedraw(view, lambda: (times.append(1), burn_cpu(0.05)), 10, budget=training_budget(state))
    redraws.mark_live()
    qtbot.waitUntil(lambda: len(times) == 1, timeout=2000)
    redraws.mark_live()
    qtbot.wait(100)                          # waiting for the budget now
    delete(view)                             # the view's window was closed and deleted
    state.set_run_status("idle")
    assert times == [1]


def test_a_runs_first_data_after_a_redraw_that_was_asked_for_does_not_wait_for_the_budget(qtbot):
    times = []

    def redraw():
        times.append(time.perf_counter())
        burn_cpu(0.05)                       # 50 ms at 2 %: a live redraw after a live one waits 2 s

    _view, redraws = _budgeted(qtbot, redraw, share=0.02)
    redraws.mark()                                                    # a run starts: the view is cleared
    qtbot.waitUntil(lambda: len(times) == 1, timeout=2000)
    asked = time.perf_counter()
    redraws.mark_live()                                               # ... its first loss point
    qtbot.waitUntil(lambda: len(times) == 2, timeout=3000)
    assert times[1] - asked < 0.3
    redraws.mark_live()                                               # the next data waits its turn
    qtbot.wait(400)
    assert len(times) == 2 and redraws.pending

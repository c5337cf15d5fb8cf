"""ThreadTuner on a simulated machine: a fake clock and a rate model per thread count."""
from __future__ import annotations

import pytest

from convnet_studio.core.train.thread_tuner import Remembered, ThreadTuner, TunerSettings, candidate_counts

BATCH = 32


class Machine:
    """Steps take BATCH / (rate(count) * speed(now)) seconds; ``rates`` may be swapped to model a
    new load, ``speed`` models a host whose speed drifts (1.0: steady)."""

    def __init__(self, rates: dict, speed=lambda now: 1.0):
        self.rates = dict(rates)
        self.speed = speed
        self.now = 0.0
        self.images_by_count: dict = {}

    def run(self, tuner: ThreadTuner, seconds: float) -> float:
        """Train for ``seconds`` of simulated time; returns the images trained."""
        end, images = self.now + seconds, 0
        while self.now < end:
            count = tuner.current
            self.now += BATCH / (self.rates[count] * self.speed(self.now))
            images += BATCH
            self.images_by_count[count] = self.images_by_count.get(count, 0) + BATCH
            tuner.step(BATCH, self.now)
        return images


IDLE = {1: 2480.0, 2: 3219.0}            # the measurements on this 2-core machine
ONE_BUSY_CORE = {1: 2470.0, 2: 1085.0}
SECOND_TRAINING = {1: 1820.0, 2: 80.0}


def test_candidates_are_powers_of_two_and_the_maximum():
    assert candidate_counts(1) == [1]
    assert candidate_counts(2) == [1, 2]
    assert candidate_counts(6) == [1, 2, 4, 6]
    assert candidate_counts(16) == [1, 2, 4, 8, 16]


@pytest.mark.parametrize("rates, best", [(IDLE, 2), (ONE_BUSY_CORE, 1), (SECOND_TRAINING, 1)])
def test_it_settles_on_the_faster_count(rates, best):
    tuner, machine = ThreadTuner(2), Machine(rates)
    machine.run(tuner, 5.0)
    assert tuner.chosen == best and tuner.current == best
    assert "fastest now" in tuner.reason and f"{best} thread" in tuner.reason


@pytest.mark.parametrize("rates", [IDLE, ONE_BUSY_CORE, SECOND_TRAINING])
def test_measuring_costs_little_against_the_best_fixed_count(rates):
    tuner, machine = ThreadTuner(2), Machine(rates)
    seconds = 120.0
    images = machine.run(tuner, seconds)
    best_fixed = max(rates.values()) * seconds
    assert images / best_fixed >= 0.95, machine.images_by_count


def test_a_new_load_is_noticed_and_the_choice_follows_it():
    tuner, machine = ThreadTuner(2), Machine(IDLE)
    machine.run(tuner, 40.0)
    assert tuner.chosen == 2
    machine.rates = SECOND_TRAINING          # a second training starts beside this one
    start = machine.now
    machine.run(tuner, 3.0)
    assert tuner.chosen == 1
    assert machine.images_by_count.get(1, 0) > 0 and machine.now - start >= 3.0
    machine.rates = IDLE                     # ... and ends: re-measuring finds 2 threads again
    machine.run(tuner, 70.0)
    assert tuner.chosen == 2


def test_the_hold_grows_while_rounds_confirm_the_choice():
    settings = TunerSettings()
    tuner, machine = ThreadTuner(2, settings=settings), Machine(IDLE)
    machine.run(tuner, 200.0)
    rounds_early = tuner.rounds
    machine.run(tuner, 200.0)
    # With the hold at its maximum, 200 s hold about 200 / 32 rounds, far fewer than at the start.
    assert tuner.rounds - rounds_early <= 200.0 / settings.max_hold_s + 1


def test_it_climbs_over_several_counts_on_a_big_machine():
    rates = {1: 900.0, 2: 1700.0, 4: 3000.0, 8: 3600.0, 16: 2000.0}   # 16 oversubscribes
    tuner, machine = ThreadTuner(16), Machine(rates)
    machine.run(tuner, 10.0)
    assert tuner.chosen == 8


def test_time_outside_steps_is_not_counted():
    tuner = ThreadTuner(2, settings=TunerSettings(window_s=0.1, min_steps=2, settle_steps=0))
    now = 0.0
    tuner.step(BATCH, now)
    for _ in range(3):
        now += 0.01
        tuner.step(BATCH, now)
    now += 60.0                          # an evaluation or a pause, in the middle of a window
    tuner.interrupt(now)
    for _ in range(20):
        now += 0.01
        tuner.step(BATCH, now)
    true_rate = BATCH / 0.01
    assert all(0.9 * true_rate < rate < 1.1 * true_rate for rate in tuner.rates.values()), tuner.rates


def test_one_core_means_nothing_to_choose():
    tuner = ThreadTuner(1)
    assert not tuner.active and tuner.current == 1
    assert tuner.step(BATCH, 1.0) is None


@pytest.mark.parametrize("rates", [ONE_BUSY_CORE, SECOND_TRAINING])
def test_a_short_run_beside_a_load_loses_little_to_measuring(rates):
    tuner, machine = ThreadTuner(2), Machine(rates)
    images = machine.run(tuner, 10.0)
    assert images / (max(rates.values()) * 10.0) >= 0.93, machine.images_by_count


def test_a_hopeless_count_is_left_after_the_step_that_starts_its_pool():
    tuner, machine = ThreadTuner(2), Machine(SECOND_TRAINING)
    machine.run(tuner, 2.0)
    # one step at 2 threads (0.4 s), not a settling step and then a measured one
    assert machine.images_by_count[2] == BATCH
    assert tuner.chosen == 1


def test_after_a_costly_round_the_next_comes_late_enough_to_keep_the_cost_in_budget():
    settings = TunerSettings()
    tuner, machine = ThreadTuner(2, settings=settings), Machine(SECOND_TRAINING)
    machine.run(tuner, 300.0)
    step_at_2 = BATCH / SECOND_TRAINING[2]
    rounds_at_2 = machine.images_by_count[2] / BATCH
    # each probe of 2 threads costs one 0.4 s step; rounds come no more often than the budget allows
    assert rounds_at_2 * step_at_2 <= settings.probe_budget * 300.0 + step_at_2
    assert rounds_at_2 >= 2                  # ... but 2 threads is still looked at again


def test_a_remembered_choice_is_held_from_the_first_step_without_measuring_the_others():
    tuner, machine = ThreadTuner(2, remembered=Remembered(2, IDLE[2], TunerSettings().hold_s)), Machine(IDLE)
    assert tuner.current == 2 and "last run" in tuner.reason
    machine.run(tuner, TunerSettings().hold_s - 0.5)
    assert set(machine.images_by_count) == {2}
    assert tuner.chosen == 2


def test_a_remembered_choice_is_measured_again_at_once_when_the_machine_got_busier():
    tuner, machine = ThreadTuner(2, remembered=Remembered(2, IDLE[2], TunerSettings().hold_s)), Machine(ONE_BUSY_CORE)
    machine.run(tuner, 1.5)
    assert tuner.chosen == 1 and tuner.current == 1
    assert "fell" in str(tuner.reason) or "fastest now" in tuner.reason


def test_a_remembered_count_this_machine_cannot_use_is_not_trusted():
    tuner = ThreadTuner(2, remembered=Remembered(8, 9000.0, 4.0))
    assert tuner.current == 1 and "measuring" in tuner.reason


def test_a_remembered_count_that_collapsed_under_a_new_load_is_left_after_two_measured_steps():
    tuner, machine = ThreadTuner(2, remembered=Remembered(2, IDLE[2], TunerSettings().hold_s)), Machine(SECOND_TRAINING)
    machine.run(tuner, 3.0)
    # the run's first step (never measured), one measured step, and one more on the second look
    assert machine.images_by_count[2] == 3 * BATCH
    assert tuner.chosen == 1


def test_a_burst_of_other_work_in_one_window_does_not_move_the_choice():
    tuner, machine = ThreadTuner(2), Machine(IDLE)
    machine.run(tuner, 3.0)
    assert tuner.chosen == 2
    machine.rates = {1: IDLE[1], 2: 500.0}       # the window paints for 0.4 s: 2 threads stall
    machine.run(tuner, 0.4)
    machine.rates = dict(IDLE)
    at_one = machine.images_by_count.get(1, 0)
    machine.run(tuner, 3.0)
    assert tuner.chosen == 2
    # a second look at each count, not a hold at the slower one
    assert (machine.images_by_count[1] - at_one) / IDLE[1] < 1.0


def test_a_lasting_new_load_still_moves_the_choice_after_a_second_look():
    tuner, machine = ThreadTuner(2), Machine(IDLE)
    machine.run(tuner, 3.0)
    machine.rates = dict(ONE_BUSY_CORE)
    machine.run(tuner, 2.0)
    assert tuner.chosen == 1 and tuner.current == 1


def test_a_run_too_short_for_a_whole_round_still_tells_the_next_run_the_fastest_count_it_saw():
    tuner, machine = ThreadTuner(2), Machine(IDLE)
    machine.run(tuner, 0.55)                 # one thread measured, two threads part-way
    assert tuner.rounds == 0 and tuner.current == 2
    found = tuner.best_known(machine.now)
    assert (found.count, found.hold_left_s) == (2, 0.0) and found.rate == pytest.approx(IDLE[2], rel=0.05)
    assert ThreadTuner(2).best_known(0.0) is None


def test_short_runs_one_after_another_measure_again_as_one_long_run_would():
    machine = Machine(IDLE)
    found = Remembered(1, IDLE[1], TunerSettings().hold_s)     # what a run on a busier machine found
    for _ in range(16):                                        # 0.5 s runs, each starting from the last
        tuner = ThreadTuner(2, remembered=found)
        machine.run(tuner, 0.5)
        found = tuner.best_known(machine.now)
    assert found.count == 2


def test_short_runs_one_after_another_measure_no_more_often_than_one_long_run():
    machine = Machine(IDLE)
    long_run = ThreadTuner(2)
    machine.run(long_run, 90.0)
    found, rounds = None, 0
    for _ in range(30):                                        # 3 s runs ("Train again", a sweep)
        tuner = ThreadTuner(2, remembered=found)
        machine.run(tuner, 3.0)
        rounds += tuner.rounds
        found = tuner.best_known(machine.now)
    assert found.count == 2 and found.hold_s > TunerSettings().hold_s      # the holds grew as in one run
    assert rounds <= long_run.rounds + 1, (rounds, long_run.rounds)


def test_a_held_choice_hands_on_what_is_left_of_its_hold():
    tuner, machine = ThreadTuner(2), Machine(IDLE)
    machine.run(tuner, 2.0)
    found = tuner.best_known(machine.now)
    assert found.count == 2 and 0.0 < found.hold_left_s < TunerSettings().hold_s


def test_one_slow_window_while_holding_is_looked_at_again_before_measuring_the_others():
    tuner, machine = ThreadTuner(2), Machine(IDLE)
    machine.run(tuner, 1.88)                             # settled on 2 threads, holding; a window began
    assert tuner.chosen == 2 and tuner._round is None
    at_one = machine.images_by_count.get(1, 0)
    machine.rates = {1: IDLE[1], 2: 0.5 * IDLE[2]}       # a noisy moment: one window half as fast
    machine.run(tuner, 0.15)
    machine.rates = dict(IDLE)
    machine.run(tuner, 0.6)
    assert machine.images_by_count.get(1, 0) == at_one   # no round: one thread was not measured again
    assert tuner.chosen == 2


def test_a_round_that_a_dip_started_and_that_keeps_the_choice_lets_the_holds_keep_growing():
    tuner, machine = ThreadTuner(2), Machine(IDLE)
    machine.run(tuner, 40.0)
    grown = tuner.best_known(machine.now).hold_s
    assert grown > TunerSettings().hold_s
    rounds = tuner.rounds
    machine.rates = {count: 0.5 * rate for count, rate in IDLE.items()}    # the whole host slows a moment
    machine.run(tuner, 0.8)
    machine.rates = dict(IDLE)
    machine.run(tuner, 3.0)
    assert tuner.rounds > rounds and tuner.chosen == 2       # the dip started a round, which kept 2 threads
    assert tuner.best_known(machine.now).hold_s >= grown


def run_first_round(machine: Machine) -> ThreadTuner:
    tuner = ThreadTuner(2)
    while tuner.rounds == 0:
        machine.run(tuner, 0.05)
    return tuner


def test_a_host_slowing_down_during_the_first_round_does_not_hide_the_faster_count():
    # 2 threads are 1.3x faster, but the host loses 60 % of its speed a second: measured once
    # each, 1 thread (measured first, on the faster host) would look as fast as 2.
    tuner = run_first_round(Machine(IDLE, speed=lambda t: max(0.2, 1.0 - 0.6 * t)))
    assert tuner.chosen == 2, tuner.rates


def test_a_host_speeding_up_during_the_first_round_does_not_favour_the_count_measured_last():
    # 1 thread is a little faster; a host speeding up 60 % a second would flatter 2 threads.
    tuner = run_first_round(Machine({1: 3000.0, 2: 2900.0}, speed=lambda t: 1.0 + 0.6 * t))
    assert tuner.chosen == 1, tuner.rates


def test_epochs_shorter_than_a_window_still_complete_rounds():
    # A small dataset: an evaluation (50 ms, not training) every 0.2 s of steps, shorter
    # than a measuring window; the windows must carry their steps across it.
    tuner, machine = ThreadTuner(2), Machine(IDLE)
    while machine.now < 4.0:
        machine.run(tuner, 0.2)
        machine.now += 0.05
        tuner.interrupt(machine.now)
    assert tuner.rounds >= 1 and tuner.chosen == 2, tuner.rates
    assert all(0.9 * IDLE[c] < rate < 1.1 * IDLE[c] for c, rate in tuner.rates.items()), tuner.rates


def test_time_left_out_by_the_other_hooks_is_not_left_out_twice_at_an_interruption():
    tuner = ThreadTuner(2, settings=TunerSettings(window_s=0.1, min_steps=2, settle_steps=0))
    now = 0.0
    tuner.step(BATCH, now)
    for _ in range(20):
        now += 0.01                      # a step of 10 ms ...
        tuner.step(BATCH, now)
        now += 0.002                     # ... a snapshot the hooks took out ...
        tuner.exclude(0.002)
        now += 0.003                     # ... and 3 ms of evaluation, interrupted after
        tuner.interrupt(now)
    true_rate = BATCH / 0.01
    assert all(0.9 * true_rate < rate < 1.1 * true_rate for rate in tuner.rates.values()), tuner.rates


def test_a_rate_that_falls_at_the_fewest_threads_does_not_measure_more_threads():
    # Beside a second training the host's share for this run swings 2x every 1.5 s (the other
    # training's threads spin and sleep by turns). A fall says "busier": fewer threads might
    # help, more never do, and here there are no fewer; each 2-thread step costs 0.4 s.
    settings = TunerSettings()
    tuner = ThreadTuner(2, settings=settings)
    machine = Machine(SECOND_TRAINING, speed=lambda t: 1.0 if int(t / 1.5) % 2 == 0 else 0.45)
    machine.run(tuner, 60.0)
    lost_s = machine.images_by_count[2] / SECOND_TRAINING[2]
    assert lost_s <= settings.probe_budget * 60.0 + BATCH / SECOND_TRAINING[2], machine.images_by_count
    assert tuner.chosen == 1


def test_a_rate_that_falls_at_more_threads_measures_only_fewer():
    tuner, machine = ThreadTuner(8), Machine({1: 2000.0, 2: 3500.0, 4: 5000.0, 8: 4000.0})
    machine.run(tuner, 10.0)
    assert tuner.chosen == 4
    at_8, at_2 = machine.images_by_count[8], machine.images_by_count[2]
    machine.rates = {1: 2000.0, 2: 2600.0, 4: 1500.0, 8: 700.0}     # another program takes half the cores
    machine.run(tuner, 3.0)
    assert tuner.chosen == 2 and machine.images_by_count[2] > at_2
    assert machine.images_by_count[8] == at_8 and 1 in tuner.rates


def test_on_an_idle_machine_a_look_at_the_slower_count_is_short():
    # One thread is 0.77x of two here: a look at it in a round needs no whole window to say
    # "slower", and every round after the first pays for that look.
    settings = TunerSettings()
    tuner, machine = ThreadTuner(2, settings=settings), Machine(IDLE)
    while tuner.rounds == 0:
        machine.run(tuner, 0.05)
    at_one, rounds = machine.images_by_count[1], tuner.rounds
    machine.run(tuner, 120.0)
    looks = tuner.rounds - rounds
    assert looks >= 3 and tuner.chosen == 2
    per_look_s = (machine.images_by_count[1] - at_one) / IDLE[1] / looks
    assert per_look_s <= settings.window_s / 3 + 2 * BATCH / IDLE[1], per_look_s

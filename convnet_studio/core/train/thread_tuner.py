"""``ThreadTuner``: the intra-op thread count that trains fastest *now*, found by measuring.

PyTorch's CPU kernels use one OpenMP thread per core by default. That is fastest on an
idle machine and collapses when anything else is busy: the threads of one parallel
region wait for each other, so one descheduled thread stalls them all (on 2 cores, one
busy Python loop beside the training makes 2 threads 2.3x slower than 1; a second
training makes them 20x slower). Which count is fastest depends on what else runs, and
that changes while a run trains, so the tuner keeps measuring:

* a *round* measures the current count and its neighbours in ``candidate_counts`` (one
  after the other, each for a short window of steps) and climbs to a faster neighbour
  until none is faster by the hysteresis margin; leaving the chosen count takes a second
  win from a fresh pair of windows, since a burst of other work (the window painting, a
  snapshot) can spoil any single window; the first round, which has no chosen count yet,
  measures its starting count again after the neighbours and takes the mean of the two
  windows, so a machine whose speed drifts steadily (turbo, a busy host) cannot decide it;
* then it *holds* the winner, watching its rate: a sharp drop (another program started)
  starts a new round as soon as a second window confirms it (at once when the rate
  collapsed: a single slow window is as likely a burst of other work or a noisy host,
  and each needless round costs steps at a slower count); a machine that got busier may
  want fewer threads, never more, so that round measures only the next smaller count,
  and at one thread the fall is simply the rate to expect from then on (beside a second
  training this run's share swings 2x as the other's threads spin and sleep, and each
  look at 2 threads there costs a 0.4 s step); otherwise a new round comes after
  ``hold_s``. The hold doubles each time a round confirms the choice, whatever
  started the round (up to ``max_hold_s``), and starts again from ``hold_s`` when the
  choice changes, so a stable machine pays for re-measuring a slower neighbour ever more
  rarely, and a changed one is soon looked at again.

A tuner may also start from what an earlier run of the same network found (``Remembered``:
a count, the rate it gave, the hold still owed and how long the holds have grown): it
then holds that count from the first step for what is left of the hold, and only a rate
well below the remembered one (the machine got busier) starts a round sooner, so training
the same network again pays no first round, and a series of short runs re-measures as
one long run would.

Measuring a bad count costs steps at its rate, and the bad choice can be very bad (a step
at 2 threads beside a second training takes half a second, 20x one thread's). So a
neighbour that is clearly slower is abandoned after a third of a window (on an idle
machine one thread is 0.65-0.8x of two, and each round after the first pays for that
look), a hopeless one after one step (even the step that starts its thread pool, when
that alone cannot explain the slowness), and the images a round
lost against the winner set the next hold: long enough that measuring costs at most
``probe_budget`` of the training time. The tuner is pure arithmetic on (images, clock)
pairs, so it is tested with a fake clock; ``adaptive_threads`` applies its choices.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..messages import Message, joined


def _threads(count: int) -> Message:
    return Message("threads.one" if count == 1 else "threads.many", n=count)


def candidate_counts(max_threads: int) -> list[int]:
    """The counts a tuner tries: powers of two below ``max_threads``, and ``max_threads`` itself."""
    counts, n = [], 1
    while n < max_threads:
        counts.append(n)
        n *= 2
    counts.append(max(1, max_threads))
    return counts


@dataclass(frozen=True)
class TunerSettings:
    """How long and how carefully a ``ThreadTuner`` measures (seconds unless named otherwise)."""
    window_s: float = 0.3        # shortest measurement of one count
    min_steps: int = 3           # ... and at least this many steps
    settle_steps: int = 1        # steps not measured after the first switch to a count (its pool starts up)
    hold_s: float = 4.0          # first hold of a choice before its neighbours are measured again
    max_hold_s: float = 32.0     # longest hold (the hold doubles while rounds confirm the choice)
    margin: float = 1.05         # a neighbour must be this much faster to be taken
    drop: float = 0.7            # hold windows this much slower than expected start a round ...
    drop_windows: int = 2        # ... when this many come in a row (one when below ``hopeless``)
    clearly_slower: float = 0.8  # a candidate this much slower after a third of a window is left then
    hopeless: float = 0.3        # ... and already after its pool-starting step when this much slower
    probe_budget: float = 0.03   # the share of training time that measuring slower counts may lose
    longest_hold_s: float = 120.0  # the hold never exceeds this, however costly the last round


@dataclass(frozen=True)
class Remembered:
    """What a run found, for the next run of the same network: start at ``count``, expect
    ``rate`` images/s, and measure again after ``hold_left_s`` seconds of training; ``hold_s``
    is the length the holds had grown to (0: start from ``TunerSettings.hold_s``)."""
    count: int
    rate: float
    hold_left_s: float = 0.0
    hold_s: float = 0.0


@dataclass
class _Window:
    start: float                 # when the measured part began (after the settling steps)
    images: int = 0
    steps: int = 0
    settle: int = 0
    opened: float = -1.0         # when the count took over (settling steps included)

    def __post_init__(self):
        if self.opened < 0:
            self.opened = self.start


class ThreadTuner:
    """Chooses among ``candidate_counts(max_threads)`` from the measured step rate.

    Call ``step(images, now)`` after every training step; it returns the count to switch
    to, or None to keep the current one. ``interrupt(now)`` discards the time since the
    last step (an evaluation, a pause). ``chosen`` is the count the tuner settled on and
    ``reason`` says why, in words; ``current`` may differ from ``chosen`` during a round;
    ``rounds`` counts the rounds ended (each one updates ``chosen`` and ``reason``).
    """

    def __init__(self, max_threads: int, start: Optional[int] = None,
                 settings: TunerSettings = TunerSettings(),
                 remembered: Optional[Remembered] = None):
        self.settings = settings
        self.candidates = candidate_counts(max(1, int(max_threads)))
        if remembered and (remembered.count not in self.candidates or remembered.rate <= 0):
            remembered = None                        # from another machine's cores: measure afresh
        # Else one thread first: it is never far from the best, and the others are measured against it.
        first = remembered.count if remembered else start if start is not None else 1
        self.current = min(self.candidates, key=lambda c: abs(c - first))
        self._used = {self.current}                  # counts whose OpenMP pool already started
        self.chosen = self.current
        self.rates: dict[int, float] = {}            # the last rate measured at each count
        self._measured: dict[int, float] = {}        # rates measured in the round in progress
        self._spent: dict[int, float] = {}           # seconds each count trained in that round
        self._round: Optional[list[int]] = None      # counts still to measure in this round
        self._challenger: Optional[int] = None       # a count that beat the chosen one once this round
        self._look_again = remembered is None        # the first round measures its starting count twice
        self._origin = self.current
        self._window: Optional[_Window] = None
        self._accounted_to = 0.0                     # the window's time is settled up to here (a step's end)
        self._hold_s = settings.hold_s
        self._hold_until = 0.0
        self._expected = 0.0
        self._slow_windows = 0                       # hold windows in a row below ``drop`` x expected
        self.rounds = 0                              # rounds ended so far
        self._first_hold_s = 0.0                     # a remembered choice's hold, from the first step
        self._from_memory = remembered is not None   # started holding a choice, not measuring
        if not self.active:
            self.reason = Message("threads.one_core")
        elif remembered:
            self._expected = remembered.rate
            self._first_hold_s = max(0.0, remembered.hold_left_s)
            self._hold_s = min(max(remembered.hold_s, settings.hold_s), settings.max_hold_s)
            self.reason = Message("threads.remembered", threads=_threads(self.current),
                                  rate=f"{remembered.rate:,.0f}")
        else:
            self.reason = Message("threads.measuring")
            self._start_round(self.current, 0.0, measure_current=True)

    def best_known(self, now: float) -> Optional[Remembered]:
        """What the next run of the same network should start with: the choice held now and
        what is left of its hold; else (in a round, or a run too short to end one) the fastest
        count measured so far, to be measured again soon; None when nothing was measured."""
        if self._round is None and self._expected > 0:
            return Remembered(self.chosen, self._expected, max(0.0, self._hold_until - now), self._hold_s)
        rates = dict(self.rates)
        w = self._window
        if w is not None and w.settle == 0 and w.steps >= self.settings.min_steps and now > w.start:
            rates[self.current] = w.images / (now - w.start)
        if not rates:
            return None
        count = max(rates, key=rates.get)
        return Remembered(count, rates[count], 0.0, self._hold_s)

    @property
    def active(self) -> bool:
        """False when there is nothing to choose (one core)."""
        return len(self.candidates) > 1

    # ----------------------------------------------------------------- input
    def step(self, images: int, now: float) -> Optional[int]:
        """Record a finished step of ``images`` images at clock ``now``; the new count, or None."""
        if not self.active:
            return None
        self._accounted_to = now
        w = self._window
        if w is None:                 # the first step: it started the pool, so it is not measured
            self._window = _Window(now)
            self._hold_until = now + self._first_hold_s
            return None
        if w.settle > 0:
            w.settle -= 1
            hopeless = (self._round is not None and self._measured and now > w.start
                        and images / (now - w.start) < self.settings.hopeless * max(self._measured.values()))
            if hopeless:             # slower than a pool start could explain: do not wait for a second step
                return self._window_done(images / (now - w.start), now)
            w.start = now
            return None
        w.images += images
        w.steps += 1
        elapsed = now - w.start
        s = self.settings
        rate = w.images / elapsed if elapsed > 0 else float("inf")
        done = w.steps >= s.min_steps and elapsed >= s.window_s
        if not done and elapsed >= s.window_s / 3:
            # Far below what was measured in this round, or expected while holding: no need to wait.
            benchmark = max(self._measured.values(), default=0.0) if self._round is not None else self._expected
            done = rate < s.clearly_slower * benchmark
        return self._window_done(rate, now) if done else None

    def exclude(self, seconds: float) -> None:
        """Leave ``seconds`` since the last step out of the measured time (work between steps
        that is not the step: a snapshot, a time-lapse frame, an analysis job's slice)."""
        w = self._window
        if w is not None and seconds > 0.0:
            w.start += seconds
            w.opened += seconds
            self._accounted_to += seconds

    def interrupt(self, now: float) -> None:
        """Forget the time since the last step (and the work ``exclude`` took out): it was not
        spent training. The window keeps the steps it measured, so an epoch shorter than a
        window (a small dataset) still completes one."""
        self.exclude(now - self._accounted_to)

    # --------------------------------------------------------------- decisions
    def _window_done(self, rate: float, now: float) -> Optional[int]:
        opened, self._window = self._window.opened, _Window(now)
        self.rates[self.current] = rate
        if self._round is None:
            return self._holding(rate, now)
        earlier = self._measured.get(self.current)
        self._measured[self.current] = rate if earlier is None else (earlier + rate) / 2
        self._spent[self.current] = self._spent.get(self.current, 0.0) + now - opened
        return self._next_in_round(now)

    def _holding(self, rate: float, now: float) -> Optional[int]:
        s = self.settings
        if rate < s.drop * self._expected:
            self._slow_windows += 1
            if self._slow_windows < s.drop_windows and rate >= s.hopeless * self._expected:
                return None                          # look again before paying for a round
            self._slow_windows = 0
            if self.current == self.candidates[0]:
                self._expected = rate                # nothing fewer to try: this is the rate now
                return None
            self.reason = Message("threads.rate_fell", before=f"{self._expected:,.0f}", after=f"{rate:,.0f}")
            return self._start_round(self.current, now, measure_current=False, fewer_only=True)
        self._slow_windows = 0
        # Follow the rate up at once, down slowly: a drop is judged against recent good windows.
        self._expected = rate if rate > self._expected else 0.75 * self._expected + 0.25 * rate
        if now >= self._hold_until:
            return self._start_round(self.current, now, measure_current=False)
        return None

    def _unmeasured_neighbours(self, count: int, fewer_only: bool = False) -> list[int]:
        i = self.candidates.index(count)
        todo = [self.candidates[j] for j in ((i - 1,) if fewer_only else (i - 1, i + 1))
                if 0 <= j < len(self.candidates) and self.candidates[j] not in self._measured]
        # The more promising one first: the faster last time (never measured counts as fastest).
        return sorted(todo, key=lambda c: -self.rates.get(c, float("inf")))

    def _start_round(self, origin: int, now: float, measure_current: bool,
                     fewer_only: bool = False) -> Optional[int]:
        """Measure ``origin`` (unless its rate was just measured) and its neighbours (only the
        one with fewer threads when ``fewer_only``)."""
        self._origin = origin
        self._measured = {} if measure_current else {origin: self.rates[origin]}
        self._spent = {}
        self._round = self._unmeasured_neighbours(origin, fewer_only)
        return None if measure_current else self._next_in_round(now)

    def _next_in_round(self, now: float) -> Optional[int]:
        if self._round:
            return self._switch(self._round.pop(0))
        return self._end_round(now)

    def _switch(self, count: int) -> Optional[int]:
        if count == self.current:
            return None
        self.current = count
        if count not in self._used:
            self._used.add(count)
            self._window.settle = self.settings.settle_steps
        return count

    def _end_round(self, now: float) -> Optional[int]:
        measured, origin = self._measured, self._origin
        if self._look_again and len(measured) > 1:
            # The first round decides without a second look, so its starting count is measured
            # again after the neighbours and the two windows averaged: a machine whose speed
            # drifts steadily then weighs on both sides alike.
            self._look_again = False
            self._round = [origin]
            return self._next_in_round(now)
        best = max(measured, key=measured.get)
        if best != origin and measured[best] > self.settings.margin * measured[origin]:
            if (self.rounds or self._from_memory) and self._challenger != best:
                # Leaving the chosen count takes a second win, from a fresh pair of windows:
                # a burst of other work (the window painting) can spoil any one window.
                self._challenger = best
                self._measured = {}
                self._round = [origin]           # ``best`` (the count now) is measured first
                return None
            # Climb: go on from the faster neighbour, measuring its neighbours not seen yet.
            self._origin = best
            self._round = self._unmeasured_neighbours(best)
            if self._round:
                return self._next_in_round(now)
            origin = best
        return self._settle_on(origin, now)

    def _settle_on(self, count: int, now: float) -> Optional[int]:
        previous, measured = self.chosen, self._measured
        self._round = None
        self._challenger = None
        self.chosen = count
        self.rounds += 1
        self._expected = measured[count]
        others = [Message("threads.rate", threads=_threads(c), rate=f"{r:,.0f}")
                  for c, r in sorted(measured.items()) if c != count]
        rate = f"{self._expected:,.0f}"
        self.reason = (Message("threads.fastest_vs", threads=_threads(count), rate=rate, others=joined(others))
                       if others else Message("threads.fastest", threads=_threads(count), rate=rate))
        self._hold_s = (self.settings.hold_s if count != previous
                        else min(self._hold_s * 2, self.settings.max_hold_s))
        self._hold_until = now + max(self._hold_s, self._costly_round_hold(count))
        return self._switch(count)

    def _costly_round_hold(self, chosen: int) -> float:
        """The hold after which this round's losses are ``probe_budget`` of the time trained."""
        best = self._measured[chosen]
        lost = sum(seconds * max(0.0, 1.0 - self._measured.get(count, best) / best)
                   for count, seconds in self._spent.items() if count != chosen)
        return min(lost / self.settings.probe_budget, self.settings.longest_hold_s)

import numpy as np
import pytest

from convnet_studio.core.timelapse.schedule import frames_for_run, log_schedule


@pytest.mark.parametrize("total,frames", [(3900, 150), (10**6, 200), (500, 10), (1000, 100)])
def test_schedule_is_log_spaced_dense_early_and_bounded(total, frames):
    steps = log_schedule(total, frames)
    assert steps[0] == 0 and steps[-1] == total
    assert len(steps) == frames                       # exactly the frames asked for when the run is long
    assert steps == sorted(set(steps))
    gaps = np.diff(steps)
    # dense early: the first gaps are single steps when there is room for them
    assert gaps[0] == 1
    # the gaps grow: each tenth of the frames spans more steps than the tenth before
    tenths = [gaps[i * len(gaps) // 10] for i in range(10)]
    assert tenths[-1] > tenths[len(tenths) // 2] >= tenths[0]
    # geometric: late consecutive steps keep a near-constant ratio
    late = np.asarray(steps[len(steps) // 2:], dtype=float)
    ratios = late[1:] / late[:-1]
    assert ratios.max() / ratios.min() < 1.2
    # half of the frames fall in the first 10 % of the run
    assert sum(s <= total // 10 for s in steps) > frames // 2


def test_short_runs_record_every_step_and_resumed_runs_start_where_they_are():
    assert log_schedule(20, 150) == list(range(21))
    steps = log_schedule(5000, 50, start_step=1000)
    assert steps[0] == 1000 and steps[-1] == 5000 and len(steps) == 50
    assert steps[1:4] == [1001, 1002, 1003]


@pytest.mark.parametrize("total,frames,start", [(50, 2, 0), (7, 3, 0), (10, 1, 4), (10, 0, 0), (3, 5, 3)])
def test_edge_cases(total, frames, start):
    steps = log_schedule(total, frames, start)
    assert len(steps) <= max(frames, 0)
    if frames >= 2 and total > start:
        assert steps[0] == start and steps[-1] == total
    if frames == 1 or (frames >= 1 and total <= start):
        assert steps == [start]


def test_never_more_than_asked_for():
    rng = np.random.default_rng(0)
    for _ in range(300):
        total = int(rng.integers(1, 10**6))
        frames = int(rng.integers(1, 300))
        start = int(rng.integers(0, total))
        steps = log_schedule(total, frames, start)
        assert len(steps) <= frames
        assert len(steps) >= min(frames, total - start + 1) - 1
        assert steps == sorted(set(steps)) and steps[0] == start


@pytest.mark.parametrize("steps,expected", [(15630, 150), (3000, 150), (1500, 75), (1000, 50), (300, 24),
                                            (10, 24), (0, 24)])
def test_short_runs_get_fewer_frames_so_recording_stays_cheap(steps, expected):
    assert frames_for_run(steps) == expected
    assert frames_for_run(steps, wanted=10) == 10          # never more than asked for
    assert frames_for_run(steps, wanted=400) == min(400, max(steps // 20, 24))

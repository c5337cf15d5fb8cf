"""Learning-rate schedules: pure functions of the step."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convnet_studio.core.train.config import SCHEDULES, TrainConfig
from convnet_studio.core.train.schedules import (ONECYCLE_FINAL_DIV, ONECYCLE_START_DIV, lr_at, lr_factor,
                                           warmup_steps)

SPE = 10          # steps per epoch
TOTAL = 100       # 10 epochs


def factors(config, total=TOTAL, spe=SPE):
    return [lr_factor(s, total, spe, config) for s in range(total)]


def test_constant_is_one_everywhere():
    assert factors(TrainConfig(schedule="constant")) == [1.0] * TOTAL


def test_step_multiplies_by_gamma_every_n_epochs():
    f = factors(TrainConfig(schedule="step", step_every=3, step_gamma=0.5))
    assert f[0] == f[29] == 1.0
    assert f[30] == f[59] == 0.5
    assert f[60] == 0.25 and f[99] == 0.125


def test_cosine_falls_from_one_towards_zero():
    f = factors(TrainConfig(schedule="cosine"))
    assert f[0] == 1.0
    assert all(a > b for a, b in zip(f, f[1:]))
    assert f[50] == pytest.approx(0.5)
    assert 0 < f[-1] < 0.001


def test_linear_warmup_then_schedule():
    config = TrainConfig(schedule="cosine", warmup_epochs=0.5)
    assert warmup_steps(SPE, config) == 5
    f = factors(config)
    assert f[:5] == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0])
    assert f[5] == 1.0 and f[6] < 1.0
    constant = factors(TrainConfig(schedule="constant", warmup_epochs=1))
    assert constant[:10] == pytest.approx([(s + 1) / 10 for s in range(10)]) and constant[10:] == [1.0] * 90


def test_warmup_multiplies_the_step_schedule():
    f = factors(TrainConfig(schedule="step", step_every=1, step_gamma=0.1, warmup_epochs=2), total=30)
    assert f[4] == pytest.approx(0.25)            # epoch 0, warm-up 5/20
    assert f[14] == pytest.approx(0.1 * 15 / 20)  # epoch 1
    assert f[25] == pytest.approx(0.01)


def test_onecycle_rises_then_anneals():
    f = factors(TrainConfig(schedule="onecycle"))
    peak = f.index(max(f))
    assert peak == 30 and f[peak] == pytest.approx(1.0)
    assert f[0] == pytest.approx(1 / ONECYCLE_START_DIV)
    assert all(a < b for a, b in zip(f[:peak], f[1:peak + 1]))
    assert all(a > b for a, b in zip(f[peak:], f[peak + 1:]))
    assert f[-1] == pytest.approx(1 / (ONECYCLE_START_DIV * ONECYCLE_FINAL_DIV))


def test_onecycle_uses_the_warmup_as_its_rise():
    f = factors(TrainConfig(schedule="onecycle", warmup_epochs=2))
    assert f.index(max(f)) == 20


def test_lr_at_scales_the_base_rate():
    config = TrainConfig(schedule="cosine", lr=0.3)
    assert lr_at(50, TOTAL, SPE, config) == pytest.approx(0.15)
    assert lr_at(0, TOTAL, SPE, config) == pytest.approx(0.3)


@settings(max_examples=200, deadline=None)
@given(schedule=st.sampled_from(SCHEDULES), epochs=st.integers(1, 20), spe=st.integers(1, 50),
       warmup=st.floats(0, 5), frac=st.floats(0, 1))
def test_factor_is_positive_and_at_most_one(schedule, epochs, spe, warmup, frac):
    config = TrainConfig(schedule=schedule, warmup_epochs=warmup, epochs=epochs)
    total = epochs * spe
    step = min(int(frac * total), total - 1)
    f = lr_factor(step, total, spe, config)
    assert math.isfinite(f) and 0 < f <= 1.0 + 1e-12

"""HealthTrace: cheap per-layer figures over the whole run, from the loop itself."""
import numpy as np
import pytest

from convnet_studio.core import events as ev
from convnet_studio.core.jobs.health_trace import HealthTrace
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.trainer import Trainer

from tests.core.toy_training import TINY_SPEC_2CONV, collect, quadrant_dataset


def test_points_cover_the_run_every_n_steps():
    trainer = Trainer(TINY_SPEC_2CONV, TrainConfig(epochs=5, batch_size=16, device="cpu"),
                      quadrant_dataset(), hooks=[HealthTrace(every=4, min_interval_s=0.0)])
    points = [e for e in collect(trainer) if isinstance(e, ev.HealthPoints)]
    assert [p.step for p in points] == [1, 4, 8, 12, 16, 20]
    first = points[0]
    assert first.layers.tolist() == [0, 3, 6, 8]         # the layers with parameters
    for p in points:
        assert np.isfinite(p.weight_norm).all() and (p.weight_norm > 0).all()
        assert np.isfinite(p.grad_norm).all() and (p.update_ratio > 0).all() and (p.update_ratio < 1).all()
    weights = dict(trainer.model.named_parameters())
    last_norm = float(np.sqrt(sum(float((w.detach() ** 2).sum()) for k, w in weights.items() if k.startswith("0."))))
    assert points[-1].weight_norm[0] == pytest.approx(last_norm, rel=1e-5)


def test_on_a_fast_net_points_are_spaced_in_time_too():
    clock = [0.0]

    def tick():                                  # each step takes 0.1 s of this fake clock
        return clock[0]

    class Ticking(HealthTrace):
        def on_step_end(self, trainer):
            clock[0] += 0.1
            return super().on_step_end(trainer)

    trainer = Trainer(TINY_SPEC_2CONV, TrainConfig(epochs=5, batch_size=16, device="cpu"),
                      quadrant_dataset(), hooks=[Ticking(every=2, min_interval_s=0.5, clock=tick)])
    points = [e for e in collect(trainer) if isinstance(e, ev.HealthPoints)]
    steps = [p.step for p in points]
    assert steps[0] == 1 and all(s % 2 == 0 for s in steps[1:])
    assert all(b - a >= 5 for a, b in zip(steps, steps[1:])), steps     # 0.5 s = 5 steps here, not 2
    assert len(steps) >= 3

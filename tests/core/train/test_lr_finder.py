"""The learning-rate finder: the model stays untouched, the curve and the named suggestion rule."""
import math

import numpy as np
import pytest
import torch

from convnet_studio.core.data.sources import load_dataset
from convnet_studio.core.model.presets import get_preset
from convnet_studio.core.train.config import ConfigError, TrainConfig
from convnet_studio.core.train.lr_finder import (FALLBACK_RULE, SUGGESTION_RULE, LRFindSettings, find_lr,
                                                 fresh_model, iter_lr_find, lr_at, suggest)
from tests.core.toy_training import TINY_SPEC, TINY_SPEC_2CONV, quadrant_dataset

CPU = torch.device("cpu")


def test_the_model_is_bit_identical_after_a_search():
    data = quadrant_dataset(n_train=64)
    config = TrainConfig(optimizer="sgd", batch_size=8, device="cpu")
    model = fresh_model(TINY_SPEC_2CONV, config, data, CPU)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    training = model.training
    result = find_lr(model, config, data, settings=LRFindSettings(steps=30))
    assert len(result.lrs) > 5
    after = model.state_dict()
    assert before.keys() == after.keys()
    for key, value in before.items():
        assert torch.equal(value, after[key]), key
    assert all(p.grad is None for p in model.parameters())
    assert model.training == training


def test_the_lr_rises_geometrically_from_start_to_end():
    settings = LRFindSettings(start_lr=1e-4, end_lr=1.0, steps=5)
    assert [round(math.log10(lr_at(i, settings)), 6) for i in range(5)] == [-4, -3, -2, -1, 0]


def test_progress_counts_each_step_and_an_exploding_loss_stops_early():
    data = quadrant_dataset(n_train=64)
    config = TrainConfig(optimizer="sgd", momentum=0.9, batch_size=8, device="cpu")
    model = fresh_model(TINY_SPEC, config, data, CPU)
    settings = LRFindSettings(start_lr=1e-3, end_lr=1e6, steps=120)
    gen = iter_lr_find(model, config, data, settings=settings)
    seen = []
    while True:
        try:
            seen.append(next(gen))
        except StopIteration as stop:
            result = stop.value
            break
    assert seen[0] == (1, 120) and [d for d, _ in seen] == list(range(1, len(seen) + 1))
    assert len(result.lrs) == len(seen) < 120, "the search should stop once the loss explodes"
    assert "non-finite" in result.stop_reason or "minimum" in result.stop_reason
    assert result.suggested_lr is not None and result.suggested_lr < result.lrs[-1]


def test_the_suggestion_is_the_steepest_descent_before_the_minimum():
    lrs = np.logspace(-5, 0, 101)
    x = np.log10(lrs)
    # flat, a fall centred at 1e-3 (steepest there), the minimum near 1e-1, then a rise
    smoothed = 2.0 - np.tanh((x + 3) * 2) + np.where(x > -1, (x + 1) * 20, 0.0)
    lr, rule = suggest(lrs, smoothed)
    assert rule == SUGGESTION_RULE
    assert lr == pytest.approx(1e-3, rel=0.15)


def test_a_curve_without_a_fall_suggests_a_tenth_of_its_minimum():
    lrs = np.logspace(-5, 0, 50)
    lr, rule = suggest(lrs, np.linspace(1.0, 5.0, 50), skip_start=0.0)
    assert rule == FALLBACK_RULE and lr == pytest.approx(1e-6)
    assert suggest(lrs, np.full(50, np.nan)) == (None, SUGGESTION_RULE)


def test_bad_settings_are_refused_in_one_sentence():
    with pytest.raises(ConfigError, match="rise"):
        LRFindSettings(start_lr=1.0, end_lr=1e-3).validate()


@pytest.mark.slow
def test_adam_on_the_seed_net_and_shapes_gets_a_sensible_suggestion():
    data = load_dataset("shapes", n_train=3000, n_val=10)
    config = TrainConfig(optimizer="adam", device="cpu")
    model = fresh_model(get_preset("seed"), config, data, CPU)
    result = find_lr(model, config, data)
    assert result.rule == SUGGESTION_RULE
    assert 1e-4 <= result.suggested_lr <= 1e-1, result.suggested_lr


def test_as_an_analysis_job_it_reports_progress_and_leaves_the_context_model_alone():
    from convnet_studio.core.jobs.kinds import JobKind
    from convnet_studio.core.jobs.lr_find_job import lr_find_job
    from convnet_studio.core.jobs.queue import JobContext, JobQueue
    from convnet_studio.core.train.lr_finder import LRFindResult
    data = quadrant_dataset(n_train=64)
    config = TrainConfig(optimizer="adam", batch_size=8, device="cpu")
    model = fresh_model(TINY_SPEC, config, data, CPU)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    queue = JobQueue()
    job = lr_find_job(config, LRFindSettings(steps=20))
    queue.submit(job)
    ctx = JobContext(model, TINY_SPEC, data, CPU)
    events = []
    while queue.has_work():
        events += queue.run_slice(ctx, budget_s=0.001)
    results = [e for e in events if getattr(e, "payload", None) is not None]
    assert len(results) == 1 and results[0].kind == JobKind.LR_FIND and results[0].job_id == job.job_id
    assert isinstance(results[0].payload, LRFindResult) and len(results[0].payload.lrs) == 20
    assert any(type(e).__name__ == "AnalysisProgress" for e in events)
    assert all(torch.equal(v, model.state_dict()[k]) for k, v in before.items())

"""Per-sample evaluation, confusion matrix and gallery helpers vs direct per-image computation."""
import math

import numpy as np
import pytest
import torch

from convnet_studio.core.model.builder import build
from convnet_studio.core.data.dataset import InMemoryDataset
from convnet_studio.core.inspect.evaluation import (
    EvalResult, cell_indices, evaluate, evaluate_tensors, hardest, row_normalised,
)
from convnet_studio.core.model.spec import Activation, BatchNorm, Conv2d, Dropout, Flatten, Linear, ModelSpec, Pool

SHAPE, K = (3, 8, 8), 4
SPEC = ModelSpec(layers=(Conv2d(5, 3, padding=1), BatchNorm(), Activation("relu"), Pool("max", 2, 2),
                         Flatten(), Dropout(0.5), Linear("classes")))


def _dataset(n_val=45, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randint(0, 256, (60, *SHAPE), generator=g, dtype=torch.uint8)
    y = torch.randint(0, K, (60,), generator=g)
    vx = torch.randint(0, 256, (n_val, *SHAPE), generator=g, dtype=torch.uint8)
    vy = torch.randint(0, K, (n_val,), generator=g)
    return InMemoryDataset("rand", tuple("abcd"), x, y, vx, vy)


@pytest.fixture
def model():
    torch.manual_seed(1)
    net = build(SPEC, SHAPE, K)
    with torch.no_grad():  # non-trivial running stats, so eval mode matters
        net[1].running_mean.uniform_(-0.5, 0.5)
        net[1].running_var.uniform_(0.5, 2.0)
    return net


def _direct(model, ds):
    """One image at a time, numpy softmax, Python counts: independent of evaluate()."""
    model.eval()
    mean = np.array(ds.mean, np.float32).reshape(-1, 1, 1)
    std = np.array(ds.std, np.float32).reshape(-1, 1, 1)
    rows = []
    for img, label in zip(ds.val_x.numpy(), ds.val_y.tolist()):
        x = (img.astype(np.float32) / 255.0 - mean) / std
        with torch.no_grad():
            logits = model(torch.from_numpy(x)[None])[0].double().numpy()
        p = np.exp(logits - logits.max())
        p /= p.sum()
        rows.append((int(np.argmax(p)), label, p.max(), p[label], -math.log(p[label])))
    return rows


def test_evaluate_matches_a_direct_per_image_count(model):
    ds = _dataset()
    result = evaluate(model.train(), ds, device="cpu", batch_size=7)
    rows = _direct(model, ds)
    counts = {}
    for pred, true, *_ in rows:
        counts[(true, pred)] = counts.get((true, pred), 0) + 1
    expected = np.array([[counts.get((t, p), 0) for p in range(K)] for t in range(K)])
    assert result.confusion.dtype == np.int64
    np.testing.assert_array_equal(result.confusion, expected)
    assert result.confusion.sum() == 45 and np.trace(expected) < 45  # the random net makes mistakes
    np.testing.assert_array_equal(result.predicted, [r[0] for r in rows])
    np.testing.assert_array_equal(result.true, [r[1] for r in rows])
    np.testing.assert_allclose(result.confidence, [r[2] for r in rows], rtol=1e-5)
    np.testing.assert_allclose(result.prob_true, [r[3] for r in rows], rtol=1e-4)
    np.testing.assert_allclose(result.loss, [r[4] for r in rows], rtol=1e-4, atol=1e-6)
    assert result.accuracy == pytest.approx(sum(r[0] == r[1] for r in rows) / 45)
    for c in range(K):
        of_c = [r for r in rows if r[1] == c]
        assert result.per_class_accuracy[c] == pytest.approx(sum(r[0] == c for r in of_c) / len(of_c))
    assert result.num_samples == 45 and result.num_classes == K


def test_evaluate_restores_the_mode_and_ignores_dropout(model):
    ds = _dataset()
    model.train()
    first, second = evaluate(model, ds), evaluate(model, ds, batch_size=1000)
    assert all(m.training for m in model.modules())
    np.testing.assert_array_equal(first.loss, second.loss)
    with pytest.raises(ValueError, match="move the model there first"):
        evaluate(model, ds, device="meta")


def test_class_without_samples_has_nan_accuracy_and_empty_split_is_nan(model):
    ds = _dataset()
    keep = ds.val_y != 3
    result = evaluate_tensors(model, ds.val_x[keep], ds.val_y[keep], ds.mean, ds.std, K)
    assert math.isnan(result.per_class_accuracy[3]) and not np.isnan(result.per_class_accuracy[:3]).any()
    empty = evaluate(model, _dataset(n_val=0))
    assert empty.confusion.shape == (K, K) and empty.confusion.sum() == 0
    assert math.isnan(empty.accuracy) and empty.loss.shape == (0,)


def test_row_normalised():
    c = np.array([[2, 2, 0], [0, 0, 0], [1, 0, 3]])
    np.testing.assert_allclose(row_normalised(c), [[0.5, 0.5, 0], [0, 0, 0], [0.25, 0, 0.75]])


def _result(true, pred, loss, k=3):
    true, pred = np.array(true), np.array(pred)
    conf = np.zeros((k, k), np.int64)
    np.add.at(conf, (true, pred), 1)
    return EvalResult(pred, true, np.ones(len(true), np.float32), np.ones(len(true), np.float32),
                      np.array(loss, np.float32), conf, np.zeros(k), 0.0)


def test_cell_indices_are_that_cell_sorted_by_loss_descending(model):
    r = _result(true=[0, 1, 0, 0, 2, 0], pred=[1, 1, 1, 0, 1, 1], loss=[0.5, 0.1, 2.0, 0.2, 1.0, 2.0])
    np.testing.assert_array_equal(cell_indices(r, 0, 1), [2, 5, 0])  # ties keep sample order
    np.testing.assert_array_equal(cell_indices(r, 2, 2), [])
    with pytest.raises(ValueError):
        cell_indices(r, 0, 3)
    real = evaluate(model, _dataset())
    seen = []
    for t in range(K):
        for p in range(K):
            idx = cell_indices(real, t, p)
            assert len(idx) == real.confusion[t, p]
            assert (real.true[idx] == t).all() and (real.predicted[idx] == p).all()
            assert (np.diff(real.loss[idx]) <= 0).all()
            seen.extend(idx.tolist())
    assert sorted(seen) == list(range(real.num_samples))


def test_hardest():
    r = _result(true=[0, 1, 2, 0], pred=[0, 0, 0, 0], loss=[0.3, 3.0, 1.0, 0.1])
    np.testing.assert_array_equal(hardest(r, 2), [1, 2])
    np.testing.assert_array_equal(hardest(r, 10), [1, 2, 0, 3])

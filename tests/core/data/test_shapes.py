"""The built-in generated ``shapes`` dataset."""
import numpy as np
import pytest
import torch

from convnet_studio.core.data import shapes
from convnet_studio.core.data.sources import load_dataset
from convnet_studio.core.data.dataset import DatasetError
from convnet_studio.core.data.shapes import CLASS_NAMES, make_shapes


@pytest.fixture(scope="module")
def small():
    return make_shapes(300, 100, seed=3)


def test_tensors_have_the_contract_types_and_shapes(small):
    assert small.name == "shapes"
    assert small.train_x.shape == (300, 3, 32, 32) and small.train_x.dtype == torch.uint8
    assert small.val_x.shape == (100, 3, 32, 32) and small.val_x.dtype == torch.uint8
    assert small.train_y.dtype == torch.int64 and small.val_y.dtype == torch.int64
    assert small.input_shape == (3, 32, 32)
    assert small.num_classes == len(CLASS_NAMES) >= 8
    assert all(name.isalpha() for name in small.class_names)


def test_classes_are_balanced(small):
    counts = torch.bincount(small.train_y, minlength=small.num_classes)
    assert counts.min() == counts.max() == 30


def test_same_seed_same_images_other_seed_other_images(small):
    again = make_shapes(300, 100, seed=3)
    other = make_shapes(300, 100, seed=4)
    assert torch.equal(small.train_x, again.train_x) and torch.equal(small.val_y, again.val_y)
    assert not torch.equal(small.train_x, other.train_x)


def test_negative_seeds_work():
    ds = make_shapes(10, 10, seed=-7)
    assert not torch.equal(ds.train_x, make_shapes(10, 10, seed=7).train_x)


def test_validation_images_do_not_depend_on_the_training_size(small):
    bigger = make_shapes(350, 100, seed=3)
    assert torch.equal(bigger.val_x, small.val_x)
    assert not torch.equal(small.train_x[:100], small.val_x)


def test_images_are_varied_and_use_the_full_range(small):
    x = small.train_x.float()
    assert x.min() < 30 and x.max() > 225
    per_image_std = x.flatten(1).std(dim=1)
    assert per_image_std.min() > 5                     # no blank images
    assert (x[:50, None] - x[None, :50]).abs().flatten(2).amax(2).add(
        torch.eye(50) * 255).min() > 0                 # no duplicates


@pytest.mark.parametrize("k", range(len(CLASS_NAMES)))
def test_each_shape_is_distinct_from_every_other(k):
    grid = np.linspace(-1.2, 1.2, 96, dtype=np.float32)
    v, u = np.meshgrid(grid, grid, indexing="ij")
    masks = [shapes._sdf(name, u, v) < 0 for name in CLASS_NAMES]
    assert 0.03 < masks[k].mean() < 0.8, "shape is empty or fills its box"
    for j, other in enumerate(masks):
        if j != k:
            iou = (masks[k] & other).sum() / (masks[k] | other).sum()
            assert iou < 0.85, f"{CLASS_NAMES[k]} looks like {CLASS_NAMES[j]}"


def test_a_linear_classifier_on_raw_pixels_does_not_generalise():
    ds = make_shapes(800, 400, seed=0)
    x = ds.train_x.double().div(255).flatten(1)
    xv = ds.val_x.double().div(255).flatten(1)
    mean = x.mean(0)
    x, xv = x - mean, xv - mean
    y = torch.nn.functional.one_hot(ds.train_y, ds.num_classes).double()
    # Ridge regression in its dual form (fewer images than pixels): w = X^T (X X^T + l I)^-1 Y.
    coef = torch.linalg.solve(x @ x.T + 1.0 * torch.eye(len(x), dtype=x.dtype), y)
    train_acc = ((x @ x.T @ coef).argmax(1) == ds.train_y).double().mean()
    val_acc = ((xv @ x.T @ coef).argmax(1) == ds.val_y).double().mean()
    assert train_acc > 0.9            # the fit itself works ...
    assert val_acc < 0.6              # ... but a linear model does not generalise


def test_load_dataset_passes_sizes_and_reports_progress():
    calls = []
    ds = load_dataset("shapes", n_train=40, n_val=10, seed=1,
                      progress=lambda done, total, msg: calls.append((done, total, msg)))
    assert ds.train_x.shape[0] == 40 and ds.val_x.shape[0] == 10
    assert calls and calls[-1][0] == calls[-1][1] == 50
    assert all(total == 50 for _, total, _ in calls)


@pytest.mark.parametrize("n_train,n_val", [(0, 10), (-1, 10), (10, -2), (2.5, 1)])
def test_bad_sizes_raise_a_one_sentence_error(n_train, n_val):
    with pytest.raises(DatasetError) as info:
        make_shapes(n_train, n_val)
    assert "\n" not in str(info.value)

"""The dataset registry and load_dataset's dispatch."""
from pathlib import Path

import pytest
import torch
from PIL import Image

from convnet_studio.core.data import sources as data
from convnet_studio.core.data.sources import (DATASETS, DEFAULT_DATASET, dataset_names, default_data_root,
                                      describe_dataset, load_dataset)
from convnet_studio.core.data.dataset import DatasetError, channel_stats

EXPECTED = ["shapes", "mnist", "fashion-mnist", "kmnist", "cifar10", "cifar100", "svhn"]


def test_registry_names_default_and_descriptions():
    assert dataset_names() == EXPECTED == list(DATASETS)
    assert DEFAULT_DATASET == "shapes"
    for name in EXPECTED:
        text = describe_dataset(name)
        assert text and "\n" not in text and text.endswith(".")
    assert describe_dataset("CIFAR-10") == DATASETS["cifar10"]
    assert "/some/folder" in describe_dataset("/some/folder")


def test_default_data_root_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    assert default_data_root() == tmp_path
    monkeypatch.delenv(data.DATA_ENV)
    assert default_data_root() == Path.home() / ".cache" / "convnet-studio" / "data"


def test_unknown_name_lists_the_choices(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DatasetError) as info:
        load_dataset("imagenet")
    assert str(info.value) == ("unknown dataset 'imagenet': choose one of shapes, mnist, "
                               "fashion-mnist, kmnist, cifar10, cifar100, svhn or give a "
                               "folder of images")


def test_a_missing_path_is_not_called_an_unknown_dataset(tmp_path):
    with pytest.raises(DatasetError, match="is not a folder"):
        load_dataset(str(tmp_path / "nowhere"))


def test_torchvision_names_use_the_data_root_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    with pytest.raises(DatasetError) as info:
        load_dataset("Fashion_MNIST", download=False)
    assert str(tmp_path / "FashionMNIST" / "raw") in str(info.value)


def test_subsets_of_loaded_datasets(tmp_path):
    for name in ("a", "b"):
        for i in range(4):
            (tmp_path / name).mkdir(exist_ok=True)
            Image.new("RGB", (8, 8), (i * 50, 0, 0)).save(tmp_path / name / f"{i}.png")
    ds = load_dataset(str(tmp_path), val_fraction=0.25, n_train=3, n_val=1)
    assert ds.train_x.shape[0] == 3 and ds.val_x.shape[0] == 1
    assert ds.train_x.dtype == torch.uint8
    with pytest.raises(DatasetError, match="whole number"):
        load_dataset("shapes", n_train=-5)


def test_channel_stats_sample_the_whole_set_not_its_first_images():
    # sorted by class, as an image folder is: dark images first, bright ones after
    x = torch.cat([torch.zeros(5000, 3, 4, 4, dtype=torch.uint8),
                   torch.full((5000, 3, 4, 4), 255, dtype=torch.uint8)])
    mean, std = channel_stats(x)
    assert mean == pytest.approx((0.5,) * 3, abs=0.01)
    assert std == pytest.approx((0.5,) * 3, abs=0.01)


@pytest.mark.parametrize("below", ["", "sub/deeper"])
def test_a_data_root_that_is_a_file_is_named(tmp_path, monkeypatch, below):
    from convnet_studio.core.data.dataset import DatasetError
    blocker = tmp_path / "file"
    blocker.write_text("x")
    root = blocker / below if below else blocker
    with pytest.raises(DatasetError, match=f"{blocker} is a file, not a folder"):
        load_dataset("mnist", data_root=str(root))
    monkeypatch.setenv("CONVNET_STUDIO_DATA", str(root))
    with pytest.raises(DatasetError, match="is a file, not a folder"):
        load_dataset("cifar10")


def test_a_download_below_a_file_fails_with_a_reason(tmp_path):
    from convnet_studio.core.util.download import DownloadFailed, download
    source = tmp_path / "source.bin"
    source.write_bytes(b"data")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DownloadFailed):
        download(source.as_uri(), blocker / "raw" / "x.gz")

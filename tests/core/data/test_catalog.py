"""The dataset sources registry: one module plus one line makes a dataset loadable everywhere."""
import subprocess
import sys

import torch

from convnet_studio.cli import main as cli_main
from convnet_studio.cli.parser import build_parser
from convnet_studio.core.data import catalog
from convnet_studio.core.data.catalog import DatasetSource, LoadOptions
from convnet_studio.core.data.dataset import InMemoryDataset
from convnet_studio.core.data.sources import dataset_names, dataset_shape, describe_dataset, load_dataset


def _fake_source(calls):
    def load(options: LoadOptions):
        calls.append(options)
        x = torch.full((6, 2, 5, 7), 9, dtype=torch.uint8)
        y = torch.tensor([0, 1, 2, 0, 1, 2])
        return InMemoryDataset("tiles", ("a", "b", "c"), x, y, x[:3], y[:3])
    return DatasetSource("tiles", "Tiles", "Six tiny test tiles in three classes.", (2, 5, 7), 3, load,
                         aliases=("tile-set",))


def test_a_registered_fake_source_is_listed_shaped_and_loadable(monkeypatch, capsys, tmp_path):
    calls = []
    monkeypatch.setattr(catalog, "DATASET_SOURCES", (*catalog.DATASET_SOURCES, _fake_source(calls)))
    assert dataset_names()[-1] == "tiles"
    assert describe_dataset("Tile_Set") == "Six tiny test tiles in three classes."
    assert dataset_shape("tiles") == ((2, 5, 7), 3) and calls == []       # known without loading
    ds = load_dataset("TILES", data_root=str(tmp_path), seed=4, n_train=2)
    assert ds.input_shape == (2, 5, 7) and ds.train_x.shape[0] == 2
    assert calls[0].data_root == tmp_path and calls[0].seed == 4 and calls[0].n_train == 2
    assert cli_main(["datasets"]) == 0
    listed = capsys.readouterr().out
    assert "tiles" in listed and "Six tiny test tiles" in listed
    assert "svhn, tiles, or a folder of images" in _train_help(build_parser())


def _train_help(parser) -> str:
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return " ".join(sub.choices["train"].format_help().split())


def test_every_source_module_is_listed_once_and_declares_plain_facts():
    assert len(set(catalog.SOURCE_MODULES)) == len(catalog.SOURCE_MODULES)
    names = [s.name for s in catalog.DATASET_SOURCES]
    aliases = [a for s in catalog.DATASET_SOURCES for a in s.aliases]
    assert len(set(names + aliases)) == len(names + aliases)
    for source in catalog.DATASET_SOURCES:
        assert len(source.input_shape) == 3 and source.num_classes >= 2
        assert source.description.endswith(".") and callable(source.load)


def test_the_registry_and_the_train_help_load_without_torch():
    code = ("import sys\n"
            "from convnet_studio.core.data import sources\n"
            "from convnet_studio.cli.parser import build_parser\n"
            "build_parser()\n"
            "print(sources.dataset_names()[0], 'torch' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["shapes", "False"]

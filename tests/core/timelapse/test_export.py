import pytest
from PIL import Image

from convnet_studio.core.timelapse.export import export_gif, export_pngs
from convnet_studio.core.timelapse.recorder import TimelapseRecorder
from convnet_studio.core.timelapse.store import TimelapseError, TimelapseStore
from convnet_studio.core.train.config import TrainConfig
from convnet_studio.core.train.trainer import Trainer
from tests.core.toy_training import FAST, TINY_SPEC_2CONV, collect, quadrant_dataset


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("run")
    collect(Trainer(TINY_SPEC_2CONV, TrainConfig(epochs=3, **FAST), quadrant_dataset(),
                    hooks=[TimelapseRecorder(run_dir, frames=9)]))
    return run_dir


def test_gif_has_one_frame_per_recorded_frame(recorded, tmp_path):
    out = tmp_path / "filters.gif"
    assert export_gif(recorded, out) == 9
    with Image.open(out) as gif:
        assert gif.format == "GIF" and gif.n_frames == 9 == len(TimelapseStore(recorded))
        assert gif.info.get("loop") == 0


def test_gif_of_feature_maps_and_pngs(recorded, tmp_path):
    with Image.open(tmp_path / "x.gif" if export_gif(recorded, tmp_path / "x.gif", what="maps", layer=3)
                    else None) as gif:
        assert gif.n_frames == 9
    paths = export_pngs(recorded, tmp_path / "pngs", layer=3)
    assert len(paths) == 9 and all(p.suffix == ".png" and p.is_file() for p in paths)
    assert paths[0].name == "frame-0000-step-0.png"


def test_a_missing_layer_is_one_sentence(recorded, tmp_path):
    with pytest.raises(TimelapseError, match="no filters of layer 1 .layers: 0, 3."):
        export_gif(recorded, tmp_path / "x.gif", layer=1)

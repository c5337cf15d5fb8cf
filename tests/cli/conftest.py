"""Fixtures the CLI tests share."""
import numpy as np
import pytest
from PIL import Image


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Three colours of 16x16 squares, 8 each: trains an epoch in a blink."""
    rng = np.random.default_rng(0)
    root = tmp_path_factory.mktemp("data") / "colours"
    for c, name in enumerate(["red", "green", "blue"]):
        (root / name).mkdir(parents=True)
        for i in range(8):
            img = rng.integers(0, 80, size=(16, 16, 3), dtype=np.uint8)
            img[..., c] += 150
            Image.fromarray(img).save(root / name / f"{i}.png")
    return root

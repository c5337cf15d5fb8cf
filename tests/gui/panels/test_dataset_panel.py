"""The dataset panel: background loading with progress, in-panel errors, facts and samples."""
from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt

from convnet_studio.gui.compute.dataset_loader import DatasetLoader
from convnet_studio.gui.panels.dataset_panel import DatasetPanel, sample_indices
from convnet_studio.gui.state import StudioState


@pytest.fixture
def panel(qtbot):
    state = StudioState()
    loader = DatasetLoader()
    panel = DatasetPanel(state, loader)
    qtbot.addWidget(panel)
    panel.show()
    yield panel
    assert loader.shutdown(2000)


def make_folder(root, classes=("cat", "dog"), per_class=6, size=12):
    rng = np.random.default_rng(0)
    for k, name in enumerate(classes):
        (root / name).mkdir(parents=True)
        for i in range(per_class):
            pixels = rng.integers(0, 255, size=(size, size, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(root / name / f"{i}.png")
    return root


def test_image_folder_loads_in_the_background_and_is_described(qtbot, panel, tmp_path):
    folder = make_folder(tmp_path / "pets")
    with qtbot.waitSignal(panel.state.datasetChanged, timeout=20000) as blocker:
        panel.load(str(folder))
        assert panel.progress.isVisible()            # shown while the loader thread works
        assert "loading" in panel.state.train_blocker()
    ds = blocker.args[0]
    assert ds.class_names == ("cat", "dog") and ds.input_shape == (3, 12, 12)
    assert not panel.progress.isVisible() and not panel.message_label.isVisible()
    assert panel.state.loading == "" and "loading" not in panel.state.train_blocker()
    assert panel.class_table.rowCount() == 2 and panel.class_table.item(1, 0).text() == "dog"
    total = int(panel.class_table.item(0, 1).text()) + int(panel.class_table.item(0, 2).text())
    assert total == 6
    assert "3×12×12" in panel.shape_label.text()
    assert panel.strip.count() == len(ds.train_y)
    with qtbot.waitSignal(panel.state.probeImageChanged, timeout=2000) as probe:
        panel.strip.imageClicked.emit(1)
    assert probe.args[0].image.shape == (3, 12, 12) and probe.args[0].key.startswith("train:")


def test_a_dataset_error_is_shown_in_the_panel(qtbot, panel, tmp_path):
    with qtbot.waitSignal(panel.loader.failed, timeout=20000) as blocker:
        panel.load(str(tmp_path / "no-such-folder"))
    assert "not a folder" in blocker.args[0]
    assert panel.message_label.isVisible() and "not a folder" in panel.message_label.text()
    assert panel.state.dataset is None and not panel.progress.isVisible()


def test_a_newer_load_supersedes_an_older_one(qtbot, panel, tmp_path):
    first = make_folder(tmp_path / "a", classes=("x", "y"))
    second = make_folder(tmp_path / "b", classes=("p", "q", "r"))
    with qtbot.waitSignal(panel.state.datasetChanged, timeout=20000) as blocker:
        panel.load(str(first))
        panel.load(str(second))
    assert blocker.args[0].class_names == ("p", "q", "r")
    qtbot.wait(200)
    assert panel.state.dataset.class_names == ("p", "q", "r")


def test_locked_while_training(panel):
    panel.state.set_run_status("running")
    assert not panel.combo.isEnabled() and panel.lock_label.isVisible()
    panel.state.set_run_status("idle")
    assert panel.combo.isEnabled()


def test_sample_indices_cover_every_class():
    labels = np.array([0] * 10 + [1] * 3 + [2] * 10)
    idx = sample_indices(labels, 3, per_class=2)
    assert sorted(set(labels[idx])) == [0, 1, 2] and len(idx) == 6


def test_builtin_list_and_folder_entry(panel):
    names = [panel.combo.itemData(i) for i in range(panel.combo.count())]
    assert names[0] == "shapes" and "cifar10" in names and names[-1] == "__folder__"
    assert panel.combo.itemData(0, Qt.ItemDataRole.ToolTipRole)


def test_the_dataset_list_reads_the_sources_registry(qtbot, monkeypatch):
    from convnet_studio.core.data import catalog
    extra = catalog.DatasetSource("tiles", "Tiles", "Test tiles.", (1, 4, 4), 2, lambda options: None)
    monkeypatch.setattr(catalog, "DATASET_SOURCES", (*catalog.DATASET_SOURCES, extra))
    loader = DatasetLoader()
    panel = DatasetPanel(StudioState(), loader)
    qtbot.addWidget(panel)
    names = [panel.combo.itemData(i) for i in range(panel.combo.count())]
    assert "tiles" in names and names.index("tiles") < names.index("__folder__")
    assert panel.combo.itemData(names.index("tiles"), Qt.ItemDataRole.ToolTipRole) == "Test tiles."
    assert loader.shutdown(2000)


def _folder_names(panel):
    return [panel.combo.itemData(i) for i in range(panel.combo.count())]


def test_a_chosen_size_and_grayscale_load_the_folder_at_that_shape(qtbot, panel, tmp_path):
    folder = make_folder(tmp_path / "pets", size=12)
    with qtbot.waitSignal(panel.state.datasetChanged, timeout=20000):
        panel.load(str(folder))
    options = panel.folder_options
    assert options.isVisible() and "12 files × 3×12×12: ≈ 5.2 kB in memory" == options.memory_label.text()
    native = options.size_combo.findData("native")
    assert options.size_combo.itemText(native) == "As the images are (12×12)"
    assert options.size_combo.model().item(native).isEnabled()
    with qtbot.waitSignal(panel.state.datasetChanged, timeout=20000) as blocker:
        options.size_combo.setCurrentIndex(options.size_combo.findData(32))
        options.size_combo.activated.emit(options.size_combo.currentIndex())
    assert blocker.args[0].input_shape == (3, 32, 32)
    assert options.memory_label.text() == "12 files × 3×32×32: ≈ 36.9 kB in memory"
    with qtbot.waitSignal(panel.state.datasetChanged, timeout=20000) as blocker:
        qtbot.mouseClick(options.gray_check, Qt.MouseButton.LeftButton)
    assert blocker.args[0].input_shape == (1, 32, 32)
    assert options.memory_label.text() == "12 files × 1×32×32: ≈ 12.3 kB in memory"
    assert "1×32×32" in panel.shape_label.text()
    with qtbot.waitSignal(panel.state.datasetChanged, timeout=20000):
        panel.load("shapes")
    assert not options.isVisible()


def test_a_size_that_does_not_fit_is_shown_red_and_refused(qtbot, panel, tmp_path, monkeypatch):
    from convnet_studio.core.data import folder_plan
    from convnet_studio.gui.panels import folder_options
    folder = make_folder(tmp_path / "pets")
    with qtbot.waitSignal(panel.state.datasetChanged, timeout=20000):
        panel.load(str(folder))
    monkeypatch.setattr(folder_options, "available_memory", lambda: 100_000)
    monkeypatch.setattr(folder_plan, "available_memory", lambda: 100_000)
    options = panel.folder_options
    with qtbot.waitSignal(panel.loader.failed, timeout=20000) as blocker:
        options.size_combo.setCurrentIndex(options.size_combo.findData(224))
        options.size_combo.activated.emit(options.size_combo.currentIndex())
    assert options.memory_label.property("tooBig") and "too much" in options.memory_label.text()
    assert "choose a smaller image size or grayscale" in blocker.args[0]
    assert panel.message_label.isVisible()
    assert panel.state.dataset.input_shape == (3, 12, 12)        # the loaded folder stays, and stays listed
    assert str(folder) in _folder_names(panel)


def test_mixed_sizes_cannot_be_kept_as_they_are(qtbot, panel, tmp_path):
    folder = make_folder(tmp_path / "pets")
    Image.new("RGB", (30, 20)).save(folder / "cat" / "wide.png")
    with qtbot.waitSignal(panel.state.datasetChanged, timeout=20000):
        panel.load(str(folder))
    options = panel.folder_options
    native = options.size_combo.findData("native")
    assert not options.size_combo.model().item(native).isEnabled()
    assert "differ in size" in options.size_combo.itemText(native)


def test_a_refused_folder_leaves_the_list_and_says_why(qtbot, panel, tmp_path):
    lonely = make_folder(tmp_path / "lonely", classes=("cat",))
    with qtbot.waitSignal(panel.loader.failed, timeout=20000):
        panel.load(str(lonely))
    assert str(lonely) not in _folder_names(panel)
    assert "only one class" in panel.message_label.text()
    assert "taken off the dataset list" in panel.message_label.text()
    empty = tmp_path / "empty"
    empty.mkdir()
    with qtbot.waitSignal(panel.loader.failed, timeout=20000):
        panel.load(str(empty))
    assert str(empty) not in _folder_names(panel) and "no images were found" in panel.message_label.text()


def test_skipped_files_are_counted_and_listed_with_reasons(qtbot, panel, tmp_path):
    folder = make_folder(tmp_path / "pets")
    (folder / "cat" / "broken.jpg").write_bytes(b"\xff\xd8 not a jpeg")
    (folder / "dog" / "empty.png").write_bytes(b"")
    with qtbot.waitSignal(panel.state.datasetChanged, timeout=20000):
        panel.load(str(folder))
    label = panel.skipped_label
    assert label.isVisible() and label.text().startswith("2 unreadable files skipped — ")
    assert "Details…" in label.text()
    label.linkActivated.emit("#skipped")
    dialog = panel.skipped_dialog
    assert dialog is not None and dialog.isVisible()
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert lines == [f"cat{os.sep}broken.jpg — {lines[0].split(' — ')[1]}", f"dog{os.sep}empty.png — the file is empty"]
    dialog.close()
    with qtbot.waitSignal(panel.state.datasetChanged, timeout=20000):
        panel.load(str(make_folder(tmp_path / "clean")))
    assert not label.isVisible()

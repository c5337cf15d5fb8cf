"""EvaluationView in the real window: the matrix against core.evaluation, cell and hardest galleries, probe."""
import re

import numpy as np
from PySide6.QtCore import Qt

from convnet_studio.core.inspect.evaluation import evaluate

from tests.gui.analysis_helpers import click_list_item, click_scene, fresh_model, wait_settled


def test_matrix_counts_equal_core_evaluate_and_galleries_follow_clicks(qtbot, studio_window):
    window = studio_window()
    view = window.views["evaluation"]
    window.select_view("evaluation")
    qtbot.waitUntil(lambda: view.evaluation() is not None, timeout=20000)
    view.flush()
    expected = evaluate(fresh_model(window), window.state.dataset)
    k = window.state.dataset.num_classes
    assert view.matrix.cell_count() == k and view.counts().shape == (k, k)
    np.testing.assert_array_equal(view.counts(), expected.confusion)
    assert view.accuracy() == expected.accuracy
    assert f"{expected.accuracy * 100:.1f}%" in view.accuracy_label.text()
    assert view.bars.bar_count() == k
    assert view.matrix.labels.texts() == [str(int(c)) for c in expected.confusion.ravel()]
    assert view.hardest_indices().tolist() == np.argsort(-expected.loss, kind="stable")[:32].tolist()

    # click the cell (true t, predicted p) with the most images off the diagonal... or any non-empty one
    conf = expected.confusion
    t, p = max(((i, j) for i in range(k) for j in range(k) if conf[i, j]), key=lambda c: (c[0] != c[1], conf[c]))
    click_scene(qtbot, view.matrix, view.matrix.cell_center_scene(t, p))
    shown = view.cell_gallery_indices()
    assert view.cell_gallery.image_count() == len(shown) == min(conf[t, p], 64)
    assert (expected.true[shown] == t).all() and (expected.predicted[shown] == p).all()
    assert (np.diff(expected.loss[shown]) <= 1e-6).all()                 # most confidently wrong first
    assert f"{conf[t, p]} image" in view.cell_caption.text()

    # clicking a gallery image makes it the probe of the feature-map and attribution views
    click_list_item(qtbot, view.cell_gallery, 0)
    probe = window.state.probe_image
    assert probe.key == f"val:{shown[0]}" and probe.label == t
    np.testing.assert_array_equal(probe.image, window.state.dataset.val_x.numpy()[shown[0]])
    view.galleries.setCurrentIndex(1)
    click_list_item(qtbot, view.hard_gallery, 1)
    assert window.state.probe_image.key == f"val:{view.hardest_indices()[1]}"

    # row-normalised view: percentages, each non-empty row summing to ~100
    view.mode_combo.setCurrentIndex(view.mode_combo.findData(True))
    view.flush()
    texts = view.matrix.labels.texts()
    assert all(s.endswith("%") for s in texts if s)
    assert "fraction" in view.matrix.color_bar.getAxis("left").labelText


def test_refreshes_after_an_epoch_and_after_training(qtbot, studio_window):
    window = studio_window(epochs=2)
    view = window.views["evaluation"]
    window.select_view("evaluation")
    wait_settled(qtbot, view)
    qtbot.waitUntil(lambda: view.evaluation() is not None, timeout=20000)
    with qtbot.waitSignal(window.state.runEnded, timeout=30000):
        qtbot.mouseClick(window.run_panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "step 12" in view.status_label.text(), timeout=20000)   # 2 epochs × 6 steps
    assert view.counts().sum() == window.state.dataset.val_x.shape[0]
    view.flush()
    off = view.counts().astype(float)
    np.fill_diagonal(off, -1)
    # nobody picked a cell: the gallery follows the biggest confusion of the newest figures
    assert view.selected_cell() == tuple(int(v) for v in np.unravel_index(int(np.argmax(off)), off.shape))


def test_a_picked_cell_stays_and_captions_fit_their_cells(qtbot, studio_window):
    window = studio_window()
    view = window.views["evaluation"]
    window.select_view("evaluation")
    qtbot.waitUntil(lambda: view.evaluation() is not None, timeout=20000)
    view.flush()
    conf = view.counts()
    t, p = max(((i, j) for i in range(len(conf)) for j in range(len(conf)) if i != j and conf[i, j]),
               key=lambda c: conf[c])
    view.select_cell(t, p)
    with qtbot.waitSignal(view.requester.result, timeout=20000):
        view.refresh()
    view.flush()
    assert view.selected_cell() == (t, p)
    for gallery in (view.cell_gallery, view.hard_gallery):
        room = gallery.gridSize().width()
        for i in range(gallery.count()):
            for line in gallery.item(i).text().split("\n"):
                assert gallery.fontMetrics().horizontalAdvance(line) < room, line


def _first_percent(caption: str) -> float:
    return float(re.search(r"(\d+)%", caption).group(1))


def test_galleries_are_in_the_order_of_the_number_they_show(qtbot, studio_window):
    window = studio_window()
    view = window.views["evaluation"]
    window.select_view("evaluation")
    qtbot.waitUntil(lambda: view.evaluation() is not None, timeout=20000)
    view.flush()
    res = view.evaluation().result
    k = res.num_classes
    checked = 0

    def check(gallery, indices, caption):
        shown = [_first_percent(gallery.item(i).text()) for i in range(gallery.count())]
        assert shown == [float(f"{res.prob_true[i]:.0%}"[:-1]) for i in indices]
        assert all(a <= b for a, b in zip(shown, shown[1:])), (caption, shown)   # the order the label says
        assert "true class" in caption and "lowest first" in caption

    check(view.hard_gallery, view.hardest_indices(), view.hard_caption.text())
    for t, p in ((t, p) for t in range(k) for p in range(k) if res.confusion[t, p] > 1):
        view.select_cell(t, p)
        check(view.cell_gallery, view.cell_gallery_indices(), view.cell_caption.text())
        checked += 1
    assert checked >= 1

"""Errors that core raises reach the Chinese window in Chinese: a damaged run file, broken spec files, a
dataset that is not downloaded, a damaged run in the Runs view and an unreadable probe image."""
from __future__ import annotations

import json

from convnet_studio.core.runs.folder import RunFolder
from convnet_studio.core.train.checkpoint import CheckpointError, load_run

from .english_left import CJK

#: English phrases of the sentences below; none may be left in the Chinese window.
ENGLISH = ("is not a ConvNet Studio run file", "refusing to load", "unknown layer type", "not valid JSON",
           "downloading is turned off", "is not valid JSON", "could not be read as an image",
           "is not an image file", "Could not", "bias must be")


def _assert_chinese(text: str, *names: str) -> None:
    assert CJK.search(text), text
    assert not [phrase for phrase in ENGLISH if phrase in text], text
    for name in names:                          # the facts of the sentence are still there
        assert name in text, (name, text)


def test_a_damaged_run_file_is_refused_in_chinese(chinese, window, qtbot, tmp_path):
    path = tmp_path / "broken.pt"
    path.write_bytes(b"this is not a run file")
    try:
        load_run(path)
    except CheckpointError as exc:
        assert "refusing to load it" in str(exc)         # the English the command line prints
    with qtbot.waitSignal(window.controller.runOpened, timeout=10000) as opened:
        window.open_run(str(path))
    assert opened.args[0] is None
    said = window.status_label.text()
    _assert_chinese(said, "broken.pt")
    assert "拒绝加载" in said and "运行文件" in said


def test_broken_spec_files_are_explained_in_chinese(chinese, window, tmp_path):
    editor = window.model_panel
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"layers": [', encoding="utf-8")
    problem = editor.load_spec_file(str(bad_json))
    _assert_chinese(problem)
    _assert_chinese(editor.error_label.text())
    assert "JSON" in editor.error_label.text() and "第 1 行" in editor.error_label.text()

    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps({"layers": [{"type": "flatten"}, {"type": "conv3d"}]}), encoding="utf-8")
    problem = editor.load_spec_file(str(unknown))
    assert problem.startswith("第 1 层：未知的层类型 'conv3d'"), problem
    _assert_chinese(editor.error_label.text(), "conv3d")


def test_a_spec_error_from_a_loaded_network_shows_in_chinese_in_the_editor(chinese, window, tmp_path):
    editor = window.model_panel
    spec = tmp_path / "bias.json"
    spec.write_text(json.dumps({"layers": [{"type": "conv2d", "out_channels": 4, "kernel_size": 3, "bias": "yes"},
                                           {"type": "flatten"}, {"type": "linear", "out_features": "classes"}]}),
                    encoding="utf-8")
    problem = editor.load_spec_file(str(spec))
    shown = editor.error_label.text() if editor.error_label.isVisibleTo(editor) else problem
    _assert_chinese(shown, "'yes'")
    assert "偏置" in shown


def test_a_dataset_that_is_not_downloaded_is_explained_in_chinese(chinese, window, qtbot, tmp_path):
    panel = window.dataset_panel
    with qtbot.waitSignal(panel.loader.failed, timeout=20000) as failed:
        panel.loader.load("mnist", str(tmp_path), download=False)
    _assert_chinese(failed.args[0], "MNIST", str(tmp_path))
    assert "下载已关闭" in failed.args[0]
    qtbot.waitUntil(lambda: panel.message_label.isVisibleTo(panel))
    _assert_chinese(panel.message_label.text(), "MNIST")


def test_a_damaged_run_in_the_runs_view_says_why_in_chinese(chinese, window, tmp_path):
    workspace = tmp_path / "ws"
    good = RunFolder.create(workspace, "good")
    broken = RunFolder.create(workspace, "broken")
    broken.meta_path.write_text("{ not json", encoding="utf-8")
    view = window.views["runs"]
    view.set_workspace(workspace)
    assert {info.id for info in view.runs} == {good.id, broken.id}
    tips = [view.table.item(row, col).toolTip() for row in range(view.table.rowCount())
            for col in range(view.table.columnCount()) if view.table.item(row, col) is not None]
    damaged = [tip for tip in tips if "run.json" in tip and broken.id in tip]
    assert damaged, tips
    _assert_chinese(damaged[0])
    assert "不是有效的 JSON" in damaged[0]


def test_an_unreadable_probe_image_is_explained_in_chinese(chinese, window, tmp_path):
    view = window.views["features"]
    fake = tmp_path / "photo.png"
    fake.write_bytes(b"no picture in here")
    assert not view.open_image_file(str(fake))
    _assert_chinese(view.error_label.text(), "photo.png")
    assert not view.open_image_file(str(tmp_path / "missing.png"))
    assert view.error_label.text() == "文件 missing.png 不存在。"

"""The newer parts of the window in Simplified Chinese: input probes and drawing, receptive fields,
CPU threads and precision, export, opening a model of your own and the notes about kept runs."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from convnet_studio.core import events as ev
from convnet_studio.core.messages import Message
from convnet_studio.gui.i18n import message_text
from convnet_studio.gui.open_model_dialog import ARCHITECTURES, OpenModelDialog
from convnet_studio.gui.views.feature_maps_view import FeatureMapsView
from convnet_studio.gui.widgets.module_tree import ModuleTree

from .english_left import english, is_english, widget_texts


def test_probe_draw_and_receptive_field_controls_are_chinese(chinese, window):
    view = window.findChild(FeatureMapsView)
    panel = view.probe_panel
    panel.set_draw_mode(True)
    texts = widget_texts(view)
    panel.set_draw_mode(False)
    texts += widget_texts(view) + widget_texts(panel.controls_box) + widget_texts(panel.controls)
    texts += [("brush", panel.brush_spin.prefix()), ("brush", panel.brush_spin.suffix())]
    assert any(text == "改变输入" for _, text in texts) and any(text == "有效感受野" for _, text in texts)
    model = window.model_panel.table.model()
    headers = [model.headerData(col, _horizontal(), _display()) for col in range(model.columnCount())]
    tips = [model.headerData(col, _horizontal(), _tooltip()) for col in range(model.columnCount())]
    assert "感受野" in headers and "跳距" in headers
    left = english(texts + [("header", h) for h in headers if h] + [("header tip", t) for t in tips if t])
    assert not left, "\n".join(left)


def test_threads_and_precision_labels_are_chinese(chinese, window):
    panel = window.run_panel
    hparams = window.hparams_panel
    assert hparams.widgets["threads"].specialValueText() == "自动"
    panel._on_run_started(ev.RunStarted("cpu", 10, 5, 0, 0, 1234, "fp32"))
    reasons = [ev.ThreadsChanged(0, 3, reason) for reason in _thread_reasons()]
    for event in reasons:
        panel._on_threads(event)
        label, tip = panel.compute_label.text(), panel.compute_label.toolTip()
        assert "CPU 线程" in label and not is_english(label) and not is_english(tip), (label, tip)


def test_export_open_model_and_kept_run_texts_are_chinese(chinese, window, qtbot):
    texts = [("export format", title) for title in window.export_files.titles().values()]
    texts.append(("export problem", window.export_files.problem()))
    texts += [("export stage", message_text(Message(key, format="onnx")))
              for key in ("export.preparing", "export.writing", "export.checking")]
    texts.append(("tensorboard", message_text(Message("tensorboard.missing", install="pip install x"))))
    dialog = OpenModelDialog(window)
    qtbot.addWidget(dialog)
    texts += widget_texts(dialog) + [("title", dialog.windowTitle())]
    tree = ModuleTree()
    qtbot.addWidget(tree)
    texts += widget_texts(tree)
    for action in ("open_model", "export_model", "tensorboard"):
        act = window.actions_by_name[action]
        texts += [(action, act.text()), (action + " tip", act.statusTip())]
    for context, source in (("TrainingWorker", "This run is not being kept in the runs folder ({0}); training "
                                               "goes on, and File ▸ Save run can keep it."),
                            ("RunController", "The opened model has {0} classes and the dataset {1}; evaluate it "
                                              "on a dataset with its classes, or fine-tune it on this one first."),
                            ("HParamsPanel", "Head only (opened model)"),
                            ("ImageFileDrop", "Open an image")):
        texts.append((context, QCoreApplication.translate(context, source)))
    left = english([(where, text) for where, text in texts if text and text not in ARCHITECTURES])
    assert not left, "\n".join(left)


def _thread_reasons():
    from convnet_studio.core.messages import joined
    three = Message("threads.many", n=3)
    return [Message("threads.fixed"), Message("threads.measuring"), Message("threads.one_core"),
            Message("threads.rate_fell", before="1,200", after="300"),
            Message("threads.fastest_vs", threads=Message("threads.one", n=1), rate="900",
                    others=joined([Message("threads.rate", threads=three, rate="400")]))]


def _horizontal():
    from PySide6.QtCore import Qt
    return Qt.Orientation.Horizontal


def _display():
    from PySide6.QtCore import Qt
    return Qt.ItemDataRole.DisplayRole


def _tooltip():
    from PySide6.QtCore import Qt
    return Qt.ItemDataRole.ToolTipRole


def test_the_watch_window_and_time_lapse_controls_are_chinese(chinese, window, qtbot, tmp_path):
    from convnet_studio.core.runs.folder import RunFolder
    from convnet_studio.gui.watch_window import WatchWindow
    from convnet_studio.gui.widgets.timelapse_scrubber import TimelapseScrubber

    folder = RunFolder.create(tmp_path, "elsewhere")
    watch = WatchWindow(folder.path, studio=None, poll_ms=100000)
    qtbot.addWidget(watch)
    texts = widget_texts(watch) + [("title", watch.windowTitle())]
    for scrubber in window.findChildren(TimelapseScrubber):
        texts += widget_texts(scrubber)
    for action in ("watch_run", "open_timelapse", "export_timelapse"):
        act = window.actions_by_name[action]
        texts += [(action, act.text()), (action + " tip", act.statusTip())]
    left = english([(where, text) for where, text in texts if text and text != folder.path.name])
    assert not left, "\n".join(left)
    watch.close()

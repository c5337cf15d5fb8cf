"""The window in Simplified Chinese: no menu, panel, tab, tooltip or reachable dialog still shows
its English source (names such as Adam, ReLU or CIFAR-10 excepted)."""
from __future__ import annotations

import dataclasses

import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QGraphicsTextItem, QMessageBox

from convnet_studio.core.inspect.health import LayerHealth, diagnose
from convnet_studio.core.model.layers import LAYER_KINDS
from convnet_studio.core.model.spec import ModelSpec
from convnet_studio.gui.dialogs import ShortcutsDialog, about_text, ask_continue_or_restart, ask_unsaved_run
from convnet_studio.gui.i18n import message_text
from convnet_studio.gui.i18n.language_menu import choose_language
from convnet_studio.gui.messages import STATUS_TEXT
from convnet_studio.gui.widgets.layer_table import LayerSettingsEditor

from .english_left import english, is_english, menu_texts, widget_texts


def _plot_texts(window) -> list[tuple[str, str]]:
    """Titles, legends and axis labels of every pyqtgraph plot in the window."""
    found = []
    for view in window.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, pg.LabelItem):
                found.append((f"plot label in {type(view.parent()).__name__}", item.text))
            elif isinstance(item, QGraphicsTextItem):
                found.append((f"plot text in {type(view.parent()).__name__}", item.toPlainText()))
    return found


def test_the_english_check_flags_sentences_and_lets_names_and_chinese_pass():
    assert is_english("Load a dataset first.") and is_english("&File") and is_english("Epoch 3/10")
    assert not is_english("Adam") and not is_english("CIFAR-10") and not is_english("Conv2d 6, k5")
    assert not is_english("62,006 个参数") and not is_english("文件(&F)") and not is_english("3×32×32")


def test_menus_panels_views_and_tooltips_are_chinese(chinese, window):
    texts = []
    for action in window.menuBar().actions():
        texts.append(("menu bar", action.text()))
        texts.extend(menu_texts(action.menu()))
    texts.extend(widget_texts(window))
    texts.extend(_plot_texts(window))
    texts.extend(("status", STATUS_TEXT[key]) for key in STATUS_TEXT)
    assert len(texts) > 300
    left = english(texts)
    assert not left, f"{len(left)} texts are still English:\n" + "\n".join(left[:60])
    assert window.menuBar().actions()[0].text() == "文件(&F)"


def test_every_layer_editor_is_chinese(chinese, qtbot):
    texts = []
    for kind in LAYER_KINDS:
        editor = LayerSettingsEditor(kind.spec(), (3, 32, 32), kind=kind)
        qtbot.addWidget(editor)
        texts.extend(widget_texts(editor))
    left = english(texts)
    assert not left, "\n".join(left)


def test_a_network_error_is_explained_in_chinese(chinese, window):
    spec = window.state.spec
    conv = next(i for i, layer in enumerate(spec.layers) if layer.kind == "conv2d")
    layers = list(spec.layers)
    layers[conv] = dataclasses.replace(layers[conv], kernel_size=64)
    window.state.set_spec(ModelSpec(layers=tuple(layers), name=spec.name))
    error = window.model_panel.error_label.text()
    assert "这个网络无法构建" in error and "卷积核" in error and not is_english(error)
    left = english(widget_texts(window.model_panel) + [("info", window.info_label.text())])
    assert not left, "\n".join(left)


def test_health_warnings_and_dataset_descriptions_are_chinese(chinese):
    sick = [LayerHealth(0, "Conv2d 6, k5", grad_norm=1e-9, update_ratio=0.5, dead_fraction=0.95),
            LayerHealth(1, "Linear 10", grad_norm=10.0)]
    warnings = [message_text(w) for w in diagnose(sick)]
    assert len(warnings) == 3 and all(not is_english(w) for w in warnings), warnings
    assert "梯度消失" in warnings[0] and "第 0 层（Conv2d 6, k5）" in warnings[0]
    from convnet_studio.core.data.sources import dataset_names, describe_dataset
    for name in dataset_names():
        assert not is_english(message_text(describe_dataset(name))), name


def _answer_next_dialog(found: list, button=QMessageBox.StandardButton.Cancel):
    """Read the next modal dialog's texts, then close it with ``button``."""
    def read():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, read)
            return
        found.extend(widget_texts(box))
        found.append(("title", box.windowTitle()))
        if isinstance(box, QMessageBox) and box.button(button) is not None:
            box.button(button).click()
        else:
            box.reject()
    QTimer.singleShot(0, read)


def test_the_dialogs_are_chinese_with_qt_own_buttons_translated(chinese, window, qtbot):
    texts = []
    _answer_next_dialog(texts)
    assert ask_continue_or_restart(window, 1200) is None
    _answer_next_dialog(texts)
    assert ask_unsaved_run(window, "标题", "正文") == "cancel"
    window.interactive = True
    window.settings.save_language("zh_CN")     # a change of language, so the restart question is asked (and read)
    _answer_next_dialog(texts, QMessageBox.StandardButton.No)
    choose_language(window, "en")
    window.interactive = False
    assert window.settings.language() == "en"
    shortcuts = ShortcutsDialog(window.menuBar(), window)
    qtbot.addWidget(shortcuts)
    texts.extend(widget_texts(shortcuts))
    texts.append(("about", about_text().split("<table>")[0]))
    left = english(texts)
    assert not left, "\n".join(left)
    shown = {text for _, text in texts}
    assert "取消" in shown and "从第 1,200 步继续" in shown and "保存" in shown      # Qt's own buttons too
    assert "切换语言" in shown                     # the restart question was asked and answered

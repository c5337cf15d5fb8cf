"""Finding widget text that is still the English source in a translated window."""
from __future__ import annotations

import re

from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QComboBox, QDockWidget, QGroupBox, QLabel, QLineEdit, QMenu,
    QProgressBar, QTabWidget, QWidget,
)

#: Names that stay as they are in every language: libraries, layer and optimiser names, datasets, formats.
NAMES = {
    "ConvNet", "Studio", "PyTorch", "torchvision", "PySide", "PySide6", "Qt", "pyqtgraph", "Python",
    "Adam", "AdamW", "SGD", "RMSprop", "ReLU", "LeakyReLU", "GELU", "ELU", "Sigmoid", "Tanh", "Nesterov",
    "Conv2d", "MaxPool", "AvgPool", "BatchNorm", "GroupNorm", "Dropout", "Flatten", "GlobalAvgPool", "Linear",
    "Residual", "LayerNorm", "InstanceNorm", "ResNet", "VGG", "CNN", "Grad", "CAM",
    "CIFAR", "MNIST", "Fashion", "KMNIST", "SVHN", "SciPy", "Zalando", "Kuzushiji", "Street", "View",
    "CUDA", "GPU", "CPU", "MPS", "Apple", "RGB", "PNG", "CSV", "JSON", "ETA", "bfloat16", "English",
    "Ctrl", "Shift", "Return", "Enter", "Esc", "Del",
    "Viridis", "Magma", "Inferno", "Plasma", "classes",
    "seed", "seed_bn", "vgg_small", "resnet_small", "mlp", "shapes", "Shapes",
    "mnist", "fashion", "kmnist", "cifar10", "cifar100", "svhn",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


def is_english(text: str) -> bool:
    """True for text with no Chinese in it and a word that is not a name (numbers and symbols pass)."""
    text = re.sub(r"<[^>]+>|&\w+;|\(&\w\)|&", " ", text or "")       # markup and mnemonics
    if CJK.search(text):
        return False
    return any(word not in NAMES and sum(c.isalpha() for c in word) >= 2 for word in WORD.findall(text))


def widget_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for the user-visible texts of ``root`` and its children (not their menus)."""
    found = []

    def add(widget, what, text):
        if text:
            found.append((f"{type(widget).__name__}({widget.objectName()}).{what}", text))

    for w in [root, *root.findChildren(QWidget)]:
        add(w, "toolTip", w.toolTip())
        add(w, "statusTip", w.statusTip())
        if isinstance(w, (QLabel, QAbstractButton)):
            add(w, "text", w.text())
        if isinstance(w, QGroupBox):
            add(w, "title", w.title())
        if isinstance(w, QDockWidget):
            add(w, "windowTitle", w.windowTitle())
        if isinstance(w, QLineEdit):
            add(w, "placeholder", w.placeholderText())
        if isinstance(w, QProgressBar):
            add(w, "format", w.format().replace("%p%", "").replace("%v", "").replace("%m", ""))
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, f"item{i}", w.itemText(i))
                add(w, f"item{i}.toolTip", w.itemData(i, Qt.ItemDataRole.ToolTipRole)
                    if isinstance(w.itemData(i, Qt.ItemDataRole.ToolTipRole), str) else "")
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w, f"tab{i}", w.tabText(i))
                add(w, f"tab{i}.toolTip", w.tabToolTip(i))
        if isinstance(w, QAbstractItemView) and w.model() is not None \
                and not isinstance(w.model(), QAbstractListModel):
            model = w.model()
            for col in range(model.columnCount()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.headerData(col, Qt.Orientation.Horizontal, role)
                    add(w, f"header{col}", value if isinstance(value, str) else "")
    return found


def menu_texts(menu: QMenu, path: str = "") -> list[tuple[str, str]]:
    """(where, text) for every action of ``menu`` and its submenus: text, tooltip, status tip."""
    found = []
    where = f"{path}/{menu.title()}"
    for action in menu.actions():
        if action.isSeparator():
            continue
        for what, text in (("text", action.text()), ("statusTip", action.statusTip())):
            if text:
                found.append((f"{where}/{action.text()}.{what}", text))
        if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
            found.append((f"{where}/{action.text()}.toolTip", action.toolTip()))
        if action.menu() is not None:
            found.extend(menu_texts(action.menu(), where))
    return found


def english(texts: list[tuple[str, str]]) -> list[str]:
    return [f"{where}: {text!r}" for where, text in texts if is_english(text)]

"""Helpers for the analysis-view tests: waiting for answers, clicking pyqtgraph scenes, reference models."""
from __future__ import annotations

import torch
from PySide6.QtCore import QPoint, QPointF, Qt

from convnet_studio.core.model.builder import build


def wait_settled(qtbot, view, timeout: int = 20000) -> None:
    """Until the view has asked for something and got its answer."""
    qtbot.waitUntil(lambda: view.is_settled(), timeout=timeout)


def click_scene(qtbot, graphics_view, scene_pos: QPointF) -> None:
    """A real left click at a scene position of a pyqtgraph GraphicsView."""
    pos = graphics_view.mapFromScene(scene_pos)
    qtbot.mouseClick(graphics_view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos.x(), pos.y()))


def click_list_item(qtbot, list_widget, row: int) -> None:
    rect = list_widget.visualItemRect(list_widget.item(row))
    qtbot.mouseClick(list_widget.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def fresh_model(window):
    """The model the worker looks at before any training: built the same way, in this thread."""
    state = window.state
    torch.manual_seed(int(state.config.seed))
    model = build(state.spec, state.dataset.input_shape, state.dataset.num_classes)
    return model.eval()

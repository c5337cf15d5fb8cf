"""TileCanvas: a left click on a tile says which tile; elsewhere, or another button, nothing."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt

from convnet_studio.gui.widgets.tile_canvas import TileCanvas
from convnet_studio.gui.widgets.tile_grid import pack_tiles


def _canvas(qtbot) -> TileCanvas:
    canvas = TileCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 400)
    canvas.show()
    qtbot.waitExposed(canvas)
    mosaic, layout = pack_tiles(np.full((4, 8, 8), 200, np.uint8), cols=2, scale=4, sep=2)
    canvas.set_mosaic(mosaic, layout)
    return canvas


def _widget_point(canvas: TileCanvas, x: float, y: float):
    """Where mosaic pixel (x, y) is on the canvas widget."""
    scene = canvas.image_item.mapToScene(QPointF(x, y))
    return canvas.mapFromScene(scene)


def test_a_left_click_on_a_tile_names_it(qtbot):
    canvas = _canvas(qtbot)
    clicked = []
    canvas.tileClicked.connect(clicked.append)
    tile = canvas.layout_info.tile_w + canvas.layout_info.sep          # the second column starts here
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=_widget_point(canvas, tile + 10, tile + 10))
    assert clicked == [3]
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.RightButton, pos=_widget_point(canvas, 10, 10))
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=_widget_point(canvas, -50, -50))
    assert clicked == [3]

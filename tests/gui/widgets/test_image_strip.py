"""ImageStrip: thumbnails in a row; clicking or arrow keys report the index, the pick is highlighted."""
import numpy as np
import pytest
from PySide6.QtCore import Qt

from convnet_studio.gui.widgets.image_strip import ImageStrip, array_to_qimage


@pytest.fixture
def strip(qtbot):
    strip = ImageStrip(thumb_size=40)
    qtbot.addWidget(strip)
    strip.resize(300, strip.height())
    images = np.random.default_rng(0).integers(0, 255, (12, 3, 16, 16), dtype=np.uint8)
    strip.set_images(images, [f"image {i}" for i in range(12)])
    strip.show()
    qtbot.waitExposed(strip)
    return strip


def click(qtbot, strip, index):
    rect = strip.visualItemRect(strip.item(index))
    qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_thumbnails_and_tooltips(strip):
    assert strip.count() == 12
    assert strip.item(3).toolTip() == "image 3"
    assert strip.iconSize().width() == 40


def test_click_emits_index_and_highlights(strip, qtbot):
    with qtbot.waitSignal(strip.imageClicked) as blocker:
        click(qtbot, strip, 2)
    assert blocker.args == [2]
    assert strip.selected() == 2


def test_arrow_key_moves_and_emits(strip, qtbot):
    click(qtbot, strip, 1)
    with qtbot.waitSignal(strip.imageClicked) as blocker:
        qtbot.keyClick(strip, Qt.Key.Key_Right)
    assert blocker.args == [2]


def test_set_selected_highlights_without_emitting(strip, qtbot):
    with qtbot.assertNotEmitted(strip.imageClicked):
        strip.set_selected(5)
    assert strip.selected() == 5
    strip.set_selected(-1)
    assert strip.selected() == -1


def test_scrolls_horizontally_only(strip):
    assert strip.horizontalScrollBar().maximum() > 0        # 12 thumbnails do not fit in 300 px
    assert strip.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_grey_and_colour_arrays_convert_to_qimage():
    grey = np.arange(64, dtype=np.uint8).reshape(1, 8, 8)
    qimage = array_to_qimage(grey)
    assert (qimage.width(), qimage.height()) == (8, 8)
    assert qimage.pixelColor(7, 0).red() == 7 and qimage.pixelColor(0, 1).red() == 8
    rgb = np.zeros((3, 4, 6), np.uint8)
    rgb[1] = 200
    qimage = array_to_qimage(rgb)
    assert (qimage.width(), qimage.height()) == (6, 4)
    color = qimage.pixelColor(5, 3)
    assert (color.red(), color.green(), color.blue()) == (0, 200, 0)

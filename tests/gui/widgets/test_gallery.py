"""Gallery: caption lines are not wrapped or cut in their cells."""
import numpy as np

from convnet_studio.gui.widgets.gallery import Gallery


def test_cells_are_as_wide_as_the_longest_caption_line(qtbot):
    gallery = Gallery()
    qtbot.addWidget(gallery)
    gallery.resize(500, 300)
    gallery.show()
    captions = ["crescent 12%\n→ triangle 85%", "ring 3%\n→ diamond 100%", "star 40%\ncorrect"]
    gallery.set_images(np.zeros((3, 3, 16, 16), np.uint8), captions)
    room = gallery.gridSize().width()
    for caption in captions:
        for line in caption.split("\n"):
            assert gallery.fontMetrics().horizontalAdvance(line) < room, line
    gallery.set_images(np.zeros((1, 1, 16, 16), np.uint8), ["a\nb"])    # short captions: the usual cells
    assert gallery.gridSize().width() == 64 + 30

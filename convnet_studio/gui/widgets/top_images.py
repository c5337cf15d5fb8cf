"""TopImages: the validation images that excite one unit most, whole or cut to what its receptive field covers."""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from .gallery import Gallery

WHOLE, PATCH = "whole", "patch"


class TopImages(QWidget):
    """A title, a whole-images-or-patches choice and a gallery of one unit's top validation images.

    ``imageChosen(index)`` gives the validation index of the image the user clicked.
    """

    imageChosen = Signal(int)

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.indices = np.zeros(0, np.int64)      # the validation indices of the images shown
        self.title = QLabel(self.tr("Top validation images"))
        self.title.setWordWrap(True)
        self.patch_combo = QComboBox()
        self.patch_combo.addItem(self.tr("Whole images"), WHOLE)
        self.patch_combo.addItem(self.tr("Receptive-field patches"), PATCH)
        self.patch_combo.setToolTip(self.tr("Show the whole images, or only the part the unit can see around its "
                                            "strongest response."))
        self.gallery = Gallery(thumb_size=72)
        self.gallery.setToolTip(self.tr("Click an image to look at it in Feature maps and Attribution."))
        self.gallery.imageClicked.connect(self._on_click)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.patch_combo)
        layout.addWidget(self.gallery, 1)

    def clear(self) -> None:
        """Show no images (the title stays)."""
        self.gallery.set_images(None)
        self.indices = np.zeros(0, np.int64)

    def reset(self) -> None:
        """Show no images, under the plain title."""
        self.clear()
        self.title.setText(self.tr("Top validation images"))

    def show_unit(self, examples, unit: int, dataset, spec, unit_name: str) -> None:
        """Show channel ``unit``'s top images of ``examples`` (``analysis.UnitExamples``) from ``dataset``'s
        validation set; patches are cut by ``spec``'s receptive fields, and the title names ``unit_name``."""
        idx, values, pos = examples.indices[unit], examples.values[unit], examples.positions[unit]
        images, labels = dataset.val_x.numpy(), dataset.val_y.numpy()
        names = list(dataset.class_names)
        patches = self.patch_combo.currentData() == PATCH
        from ...core.inspect.unit_examples import receptive_box   # imports torch, loaded by now
        crops = []
        for i, (r, c) in zip(idx, pos):
            image = images[i]
            box = receptive_box(spec, examples.layer_index, image.shape[1:], int(r), int(c)) \
                if patches and r >= 0 and isinstance(examples.layer_index, int) else None
            crops.append(image if box is None else image[:, box[0]:box[1], box[2]:box[3]])
        self.indices = idx.copy()
        self.gallery.clear()
        captions = [f"{values[j]:.3g}\n{names[labels[i]]}" for j, i in enumerate(idx)]
        tip = self.tr("Validation image {index} ({name}): strongest response {value:.4g}")
        tips = [tip.format(index=i, name=names[labels[i]], value=values[j]) for j, i in enumerate(idx)]
        for j, crop in enumerate(crops):          # patches may differ in size at the borders
            self.gallery.add_image(crop, captions[j], tips[j])
        title = (self.tr("The {count} validation patches its receptive field covers that excite {unit} most")
                 if patches else self.tr("The {count} validation images that excite {unit} most"))
        self.title.setText(title.format(count=len(idx), unit=unit_name))

    def _on_click(self, position: int) -> None:
        if 0 <= position < len(self.indices):
            self.imageChosen.emit(int(self.indices[position]))

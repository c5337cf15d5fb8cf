"""ProbePicker: where the probe image comes from: a strip of validation images or an image file."""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.data.image_io import load_image_file
from ...core.inspect.probe_source import ProbeKind, ProbeSource
from ..i18n import error_text
from ..support.style import series_colors
from .image_strip import ImageStrip

STRIP_IMAGES = 64


def _numpy(x) -> np.ndarray:
    return x.numpy() if hasattr(x, "numpy") else np.asarray(x)


class ProbePicker(QWidget):
    """The dataset's first validation images in a strip and an Open image… button, above a line that
    says why an image file could not be used. What is picked becomes the state's probe image; the
    owner connects ``strip.imageClicked`` and ``open_button``."""

    def __init__(self, state, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._state = state
        self.strip = ImageStrip()
        self.strip.setToolTip(self.tr("Validation images: click one to see what the network makes of it."))
        self.open_button = QPushButton(self.tr("Open image…"))
        self.open_button.setToolTip(self.tr("Look at an image file of your own (you can also drop one here). "
                                            "It is cropped to a square and resized to the network's input."))
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        self.error_label.setStyleSheet(f"color: rgb{series_colors(self.palette())['wrong']};")
        top = QHBoxLayout()
        top.addWidget(self.strip, 1)
        top.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.error_label)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.error_label.setStyleSheet(f"color: rgb{series_colors(self.palette())['wrong']};")
        super().changeEvent(event)

    def set_dataset(self, dataset) -> None:
        """Show ``dataset``'s first validation images (None: none). The probe follows: the same file
        again in the new input shape, or else the first validation image."""
        if dataset is None:
            self.strip.set_images(None)
            return
        images = _numpy(dataset.val_x)[:STRIP_IMAGES]
        labels = _numpy(dataset.val_y)[:STRIP_IMAGES]
        names = list(dataset.class_names)
        caption = self.tr("validation image {index}: {name}")
        captions = [caption.format(index=i, name=names[int(y)] if 0 <= int(y) < len(names) else y)
                    for i, y in enumerate(labels)]
        self.strip.set_images(images, captions)
        probe = getattr(self._state, "probe_image", None)
        source = None if probe is None else probe.source
        if not (source is not None and source.kind is ProbeKind.FILE and self.open_image_file(source.path)) \
                and len(images):
            self.pick_val(0)

    def pick_val(self, index: int) -> None:
        """Look at validation image ``index`` of the dataset (nothing happens if there is none)."""
        dataset = getattr(self._state, "dataset", None)
        if dataset is None or not 0 <= index < int(dataset.val_x.shape[0]):
            return
        image = _numpy(dataset.val_x)[index]
        label = int(_numpy(dataset.val_y)[index])
        self._state.set_probe_image(ProbeSource.val(index), image, label)

    def open_image_file(self, path) -> bool:
        """Use an image file as the probe; on failure show why in the error label and return False."""
        shape = getattr(self._state, "input_shape", None)
        if shape is None:
            dataset = getattr(self._state, "dataset", None)
            shape = tuple(dataset.input_shape) if dataset is not None else (3, 32, 32)
        try:
            image = load_image_file(path, shape)
        except ValueError as exc:
            self.show_error(error_text(exc))
            return False
        self.show_error("")
        self.strip.set_selected(-1)
        self._state.set_probe_image(ProbeSource.file(path), image, None)
        return True

    def show_error(self, text: str) -> None:
        """Show ``text`` in the error label (empty hides it)."""
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def show_source(self, source: ProbeSource) -> None:
        """Highlight the strip's image when the probe is one of them, else none."""
        self.strip.set_selected(source.index if source.kind is ProbeKind.VAL else -1)

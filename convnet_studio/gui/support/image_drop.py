"""ImageFileDrop: open an image file from a dialog or by dropping it on the widget (a mixin)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QFileDialog

from ..i18n import QT_TRANSLATE_NOOP, translate

IMAGE_FILTER = QT_TRANSLATE_NOOP("ImageFileDrop", "Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp *.ppm "
                                                 "*.pgm);;All files (*)")


class ImageFileDrop:
    """For a QWidget with ``open_image_file(path)``: ``_ask_open`` and drag-and-drop of a local file."""

    def _ask_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, translate("ImageFileDrop", "Open an image"), "",
                                              translate("ImageFileDrop", IMAGE_FILTER))
        if path:
            self.open_image_file(path)

    @staticmethod
    def _dropped_file(event) -> Optional[str]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                return url.toLocalFile()
        return None

    def dragEnterEvent(self, event) -> None:
        if self._dropped_file(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        path = self._dropped_file(event)
        if path:
            event.acceptProposedAction()
            self.open_image_file(path)
        else:
            event.ignore()

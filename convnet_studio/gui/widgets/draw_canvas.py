"""DrawCanvas: paint an input image with the mouse (brush size, colour, clear).

The canvas holds ``scale`` × the network's input size in pixels; ``input_image`` averages
each ``scale``×``scale`` block (an exact area resize) to the input's ``(C, H, W)`` uint8.
``drawn`` carries that image after every stroke segment.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

#: The canvas is about this many pixels on a side, in whole multiples of the input size.
CANVAS_PIXELS = 224


def block_mean(pixels: np.ndarray, scale: int) -> np.ndarray:
    """``(H*s, W*s, C)`` uint8 -> ``(C, H, W)`` uint8: the rounded mean of each ``s``×``s`` block."""
    hs, ws, c = pixels.shape
    blocks = pixels.reshape(hs // scale, scale, ws // scale, scale, c).astype(np.float64)
    return np.rint(blocks.mean(axis=(1, 3))).astype(np.uint8).transpose(2, 0, 1).copy()


class DrawCanvas(QWidget):
    """A black canvas of the input's shape (grey or colour) the user paints on."""

    drawn = Signal(object)          # uint8 (C, H, W) at the input shape

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip(self.tr("Paint with the left mouse button; the network looks at every stroke."))
        self.brush = 2.0                        # in input pixels
        self.color = QColor(255, 255, 255)
        self._last: Optional[QPointF] = None
        self.set_input_shape((1, 28, 28))

    # ------------------------------------------------------------------ public API
    def set_input_shape(self, shape) -> None:
        """Start a fresh canvas for input ``(C, H, W)`` (1 channel: grey, 3: colour)."""
        c, h, w = (int(v) for v in shape)
        self.channels, self.input_hw = c, (h, w)
        self.scale = max(1, CANVAS_PIXELS // max(h, w))
        fmt = QImage.Format.Format_Grayscale8 if c == 1 else QImage.Format.Format_RGB888
        self._image = QImage(w * self.scale, h * self.scale, fmt)
        self._image.fill(QColor(0, 0, 0))
        self.update()

    def set_brush(self, size: float) -> None:
        """Brush diameter in input pixels."""
        self.brush = max(0.5, float(size))

    def set_color(self, color: QColor) -> None:
        self.color = QColor(color)

    def clear(self) -> None:
        """Paint everything black again and report the empty image."""
        self._image.fill(QColor(0, 0, 0))
        self.update()
        self.drawn.emit(self.input_image())

    def pixels(self) -> np.ndarray:
        """The canvas as uint8 ``(H*scale, W*scale, C)`` (a copy)."""
        img = self._image
        bpl = img.bytesPerLine()
        raw = np.frombuffer(img.constBits(), np.uint8, count=bpl * img.height()).reshape(img.height(), bpl)
        width = img.width() * (1 if self.channels == 1 else 3)
        return raw[:, :width].reshape(img.height(), img.width(), -1).copy()

    def input_image(self) -> np.ndarray:
        """The drawing at the input's shape: uint8 ``(C, H, W)``."""
        return block_mean(self.pixels(), self.scale)

    def canvas_point(self, pos) -> QPointF:
        """A widget position -> canvas pixel coordinates."""
        target = self._target()
        return QPointF((pos.x() - target.x()) * self._image.width() / max(target.width(), 1),
                       (pos.y() - target.y()) * self._image.height() / max(target.height(), 1))

    def widget_point(self, x: float, y: float) -> QPointF:
        """Input pixel (x, y) -> widget coordinates (for tests and demos that draw)."""
        target = self._target()
        h, w = self.input_hw
        return QPointF(target.x() + (x + 0.5) * target.width() / w, target.y() + (y + 0.5) * target.height() / h)

    def stroke(self, points) -> None:
        """Paint a line through input-pixel points (as a mouse drag would) and report once."""
        pts = [QPointF((x + 0.5) * self.scale, (y + 0.5) * self.scale) for x, y in points]
        self._paint(pts)
        self.drawn.emit(self.input_image())

    # ------------------------------------------------------------------ painting
    def _target(self) -> QRectF:
        side = min(self.width() / self._image.width(), self.height() / self._image.height())
        w, h = self._image.width() * side, self._image.height() * side
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def _paint(self, points) -> None:
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(self.color, self.brush * self.scale, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        if len(points) == 1:
            painter.drawPoint(points[0])
        for a, b in zip(points, points[1:]):
            painter.drawLine(a, b)
        painter.end()
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        painter.drawImage(self._target(), self._image)
        painter.end()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._last = self.canvas_point(event.position())
            self._paint([self._last])
            self.drawn.emit(self.input_image())

    def mouseMoveEvent(self, event) -> None:
        if self._last is not None and event.buttons() & Qt.MouseButton.LeftButton:
            point = self.canvas_point(event.position())
            self._paint([self._last, point])
            self._last = point
            self.drawn.emit(self.input_image())

    def mouseReleaseEvent(self, event) -> None:
        self._last = None

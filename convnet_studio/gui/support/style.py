"""Colours for the pyqtgraph views, taken from the application palette, and the panels' error box.

The GUI shell owns the theme (light or dark); the views follow the palette so a
plot never shows a white canvas in a dark window or the reverse.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette


#: a panel's message label while it reports a problem (a red box that reads in light and dark themes)
ERROR_STYLE = ("QLabel { background: rgba(220, 38, 38, 40); border: 1px solid rgba(220, 38, 38, 160);"
               " border-radius: 4px; padding: 6px; }")


def is_dark(palette: QPalette) -> bool:
    """True when the palette's window colour is dark."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def canvas_colors(palette: QPalette) -> tuple[QColor, QColor]:
    """(background, foreground) for plots and image canvases."""
    return palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)


def series_colors(palette: QPalette) -> dict[str, tuple]:
    """RGB colours of the metric series, tuned for contrast on the palette's canvas."""
    if is_dark(palette):
        return {"train": (96, 165, 250), "val": (251, 146, 60), "lr": (167, 139, 250),
                "marker": (250, 204, 21), "bar": (96, 165, 250), "true": (74, 222, 128),
                "wrong": (248, 113, 113)}
    return {"train": (29, 78, 216), "val": (234, 88, 12), "lr": (109, 40, 217),
            "marker": (161, 98, 7), "bar": (59, 130, 246), "true": (22, 163, 74),
            "wrong": (220, 38, 38)}


def style_graphics_view(view: pg.GraphicsView, palette: QPalette) -> None:
    """Paint a pyqtgraph GraphicsView's background with the palette's canvas colour."""
    background, _ = canvas_colors(palette)
    view.setBackground(background)


def style_plot_item(plot: pg.PlotItem, palette: QPalette) -> None:
    """Axes, labels and legend text of a PlotItem in the palette's text colour."""
    _, foreground = canvas_colors(palette)
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        axis.setPen(foreground)
        axis.setTextPen(foreground)
    plot.titleLabel.setAttr("color", foreground)
    if plot.titleLabel.text:
        plot.titleLabel.setText(plot.titleLabel.text)
    legend = plot.legend
    if legend is not None:
        legend.setLabelTextColor(foreground)
        for _sample, label in legend.items:
            label.setText(label.text, color=foreground)
        bg, _ = canvas_colors(palette)
        fill = QColor(bg)
        fill.setAlpha(200)
        legend.setBrush(fill)
        border = QColor(foreground)
        border.setAlpha(70)
        legend.setPen(border)

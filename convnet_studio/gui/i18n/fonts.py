"""Fonts for Chinese text: prefer a CJK family that is installed, after the default one.

Qt on Linux already falls back through fontconfig for glyphs the default font lacks; naming
the CJK families explicitly keeps Chinese in one consistent sans-serif face (fontconfig may
otherwise pick a serif or a Japanese variant). On a system without any CJK font nothing
changes (and Chinese text shows as boxes: install ``fonts-noto-cjk``).
"""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

#: Simplified-Chinese sans-serif families, best first (Linux, Windows, macOS).
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans SC")


def installed_cjk_families() -> list[str]:
    """The CJK_FAMILIES installed here, in order of preference."""
    have = set(QFontDatabase.families())
    return [f for f in CJK_FAMILIES if f in have]


def use_cjk_fonts(app: QApplication, language: str) -> list[str]:
    """For Chinese, append the installed CJK families to the application font's family list; returns them."""
    if not language.startswith("zh"):
        return []
    families = installed_cjk_families()
    if families:
        font = QFont(app.font())
        font.setFamilies([*font.families(), *families])
        app.setFont(font)
    return families

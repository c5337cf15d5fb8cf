"""What the studio remembers between launches (QSettings): layout, last spec, hyperparameters.

Values are stored as plain strings (JSON) or byte arrays, so a settings file from
an older or newer version never crashes the app: anything unreadable is ignored.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QByteArray, QSettings

from ..core.train.config import ConfigError, TrainConfig
from ..core.model.spec import ModelSpec, SpecError

ORGANIZATION = "ConvNetStudio"
APPLICATION = "ConvNet Studio"


class Settings:
    """Typed access to the studio's QSettings (the user's, or an INI file at ``path``)."""

    def __init__(self, path: Optional[str | Path] = None):
        if path is None:
            self._qs = QSettings(ORGANIZATION, APPLICATION)
        else:
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def qsettings(self) -> QSettings:
        return self._qs

    def sync(self) -> None:
        self._qs.sync()

    def clear(self) -> None:
        self._qs.clear()

    # ------------------------------------------------------------ window
    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._qs.setValue("window/geometry", geometry)
        self._qs.setValue("window/state", state)

    def window_geometry(self) -> Optional[QByteArray]:
        return self._bytes("window/geometry")

    def window_state(self) -> Optional[QByteArray]:
        return self._bytes("window/state")

    def save_view(self, name: str) -> None:
        self._qs.setValue("window/view", str(name))

    def last_view(self) -> str:
        value = self._qs.value("window/view")
        return value if isinstance(value, str) else ""

    # ------------------------------------------------------------ spec and config
    def save_spec(self, spec: ModelSpec) -> None:
        self._qs.setValue("model/spec_json", spec.to_json())

    def last_spec(self) -> Optional[ModelSpec]:
        """The last edited spec, or None if absent or unreadable."""
        text = self._qs.value("model/spec_json")
        if not isinstance(text, str) or not text:
            return None
        try:
            return ModelSpec.from_json(text)
        except SpecError:
            return None

    def save_config(self, config: TrainConfig) -> None:
        self._qs.setValue("train/config_json", json.dumps(config.to_dict()))

    def last_config(self) -> Optional[TrainConfig]:
        """The last hyperparameters, or None if absent or unreadable."""
        text = self._qs.value("train/config_json")
        if not isinstance(text, str) or not text:
            return None
        try:
            return TrainConfig.from_dict(json.loads(text))
        except (ValueError, TypeError, ConfigError):
            return None

    # ------------------------------------------------------------ data
    def save_data_root(self, root: str) -> None:
        self._qs.setValue("data/root", str(root))

    def data_root(self) -> str:
        value = self._qs.value("data/root")
        return value if isinstance(value, str) else ""

    # ------------------------------------------------------------ language
    def save_language(self, language: str) -> None:
        """``"en"``, ``"zh_CN"``, or ``""`` to follow the system locale (see gui/i18n/install.py)."""
        self._qs.setValue("ui/language", str(language))

    def language(self) -> str:
        value = self._qs.value("ui/language")
        return value if isinstance(value, str) else ""
    # ------------------------------------------------------------ logging
    def save_tensorboard_logs(self, on: bool) -> None:
        self._qs.setValue("train/tensorboard_logs", "true" if on else "false")

    def tensorboard_logs(self) -> bool:
        """Whether runs write TensorBoard logs (off unless turned on)."""
        return self._qs.value("train/tensorboard_logs") == "true"

    # ------------------------------------------------------------ helpers
    def _bytes(self, key: str) -> Optional[QByteArray]:
        value = self._qs.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, (bytes, bytearray)) and value:
            return QByteArray(bytes(value))
        return None

"""Hyperparameters panel: every TrainConfig field with a learner-friendly tooltip.

While a run is live only lr, momentum and weight decay stay editable; their edits
are debounced (announced once they pause for ``LIVE_DEBOUNCE_MS``) through
``liveHParamsEdited`` for the run controller to pass to the trainer.
"""
from __future__ import annotations

from typing import Optional, Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget,
)
from superqt.utils import qdebounced

from ...core.train import config as C
from ..i18n import QT_TRANSLATE_NOOP, error_text
from ..state import StudioState
from ..widgets.number_widgets import LearningRateEditor, SciSpinBox

LIVE_DEBOUNCE_MS = 100
LOCK_REASON = QT_TRANSLATE_NOOP("HParamsPanel", "Locked while training: only the learning rate, momentum and weight "
                                                "decay can change during a run. Stop the run to change the rest.")
NO_CUDA_REASON = QT_TRANSLATE_NOOP("HParamsPanel", "There is no CUDA GPU here: training runs in full precision.")
CPU_DEVICE_REASON = QT_TRANSLATE_NOOP("HParamsPanel", "The chosen device is not a CUDA GPU: training runs in full "
                                                      "precision.")
NESTEROV_REASON = QT_TRANSLATE_NOOP("HParamsPanel", "Nesterov momentum applies to the SGD optimizer only.")

LABELS = {
    "optimizer": {
        "sgd": "SGD",
        "adam": "Adam",
        "adamw": "AdamW",
        "rmsprop": "RMSprop",
    },
    "schedule": {
        "constant": QT_TRANSLATE_NOOP("HParamsPanel", "Constant"),
        "step": QT_TRANSLATE_NOOP("HParamsPanel", "Step decay"),
        "cosine": QT_TRANSLATE_NOOP("HParamsPanel", "Cosine"),
        "onecycle": QT_TRANSLATE_NOOP("HParamsPanel", "One-cycle"),
    },
    "loss": {
        "cross_entropy": QT_TRANSLATE_NOOP("HParamsPanel", "Cross-entropy"),
        "mse": QT_TRANSLATE_NOOP("HParamsPanel", "Mean squared error"),
    },
    "augment": {
        "none": QT_TRANSLATE_NOOP("HParamsPanel", "None"),
        "flip": QT_TRANSLATE_NOOP("HParamsPanel", "Random flip"),
        "crop": QT_TRANSLATE_NOOP("HParamsPanel", "Random crop"),
        "flip+crop": QT_TRANSLATE_NOOP("HParamsPanel", "Flip + crop"),
    },
    "device": {
        "auto": QT_TRANSLATE_NOOP("HParamsPanel", "Auto (best available)"),
        "cpu": "CPU",
        "cuda": QT_TRANSLATE_NOOP("HParamsPanel", "CUDA GPU"),
        "mps": QT_TRANSLATE_NOOP("HParamsPanel", "Apple GPU (MPS)"),
    },
}

TIPS = {
    "optimizer": QT_TRANSLATE_NOOP("HParamsPanel", "How the weights are updated from the gradients. Adam adapts the "
                                                   "step size per weight and is forgiving; SGD with momentum is the "
                                                   "classic choice and often generalises well."),
    "lr": QT_TRANSLATE_NOOP("HParamsPanel", "Learning rate: how big each update step is. Too high and the loss jumps "
                                            "or explodes; too low and learning crawls. Adam: try 1e-4 to 3e-3; SGD: "
                                            "1e-3 to 0.1. Can change while training."),
    "momentum": QT_TRANSLATE_NOOP("HParamsPanel", "Momentum: how much of the previous update direction carries over "
                                                  "(Adam's beta1). 0.9 is typical; 0 turns it off. Can change while "
                                                  "training."),
    "nesterov": QT_TRANSLATE_NOOP("HParamsPanel", "Nesterov momentum: look ahead along the momentum before computing "
                                                  "the gradient (SGD only)."),
    "weight_decay": QT_TRANSLATE_NOOP("HParamsPanel", "Weight decay: gently pulls every weight towards zero, against "
                                                      "overfitting. 0 to 5e-4 is typical (AdamW often 1e-2). Can "
                                                      "change while training."),
    "batch_size": QT_TRANSLATE_NOOP("HParamsPanel", "Batch size: images per update step. Bigger batches give smoother"
                                                    " gradients and use the hardware better but update less often. "
                                                    "32–256 is typical."),
    "epochs": QT_TRANSLATE_NOOP("HParamsPanel", "Epochs: how many times the network sees the whole training set."),
    "schedule": QT_TRANSLATE_NOOP("HParamsPanel", "Learning-rate schedule: how the learning rate changes over the "
                                                  "run. Constant keeps it; step decay cuts it every few epochs; "
                                                  "cosine and one-cycle lower it smoothly to near zero."),
    "warmup_epochs": QT_TRANSLATE_NOOP("HParamsPanel", "Warm-up: grow the learning rate from near zero over this many"
                                                       " epochs first, which steadies the start of training. 0–2 is "
                                                       "typical."),
    "step_every": QT_TRANSLATE_NOOP("HParamsPanel", "Step decay: multiply the learning rate by the factor every this "
                                                    "many epochs."),
    "step_gamma": QT_TRANSLATE_NOOP("HParamsPanel", "Step decay factor: what the learning rate is multiplied by at "
                                                    "each step (0.1 = ten times smaller)."),
    "loss": QT_TRANSLATE_NOOP("HParamsPanel", "Loss: what the network is trained to make small. Cross-entropy is the "
                                              "standard for classification."),
    "label_smoothing": QT_TRANSLATE_NOOP("HParamsPanel", "Label smoothing: aim for 90% instead of 100% confidence on "
                                                         "the right class (at 0.1), which curbs over-confidence. "
                                                         "0–0.2 is typical; cross-entropy only."),
    "augment": QT_TRANSLATE_NOOP("HParamsPanel", "Augmentation: show slightly changed copies of the training images "
                                                 "(mirrored, shifted) so the network learns what matters rather than "
                                                 "memorising pixels."),
    "seed": QT_TRANSLATE_NOOP("HParamsPanel", "Random seed: the same seed gives the same starting weights, batches "
                                              "and augmentation. Runs repeat bit for bit when the CPU thread count is"
                                              " fixed too (Auto may pick another count, which rounds sums "
                                              "differently)."),
    "device": QT_TRANSLATE_NOOP("HParamsPanel", "Where training runs. Only devices that exist on this computer are "
                                                "listed."),
    "mixed_precision": QT_TRANSLATE_NOOP("HParamsPanel", "Mixed precision: on a GPU, compute in 16-bit floats where "
                                                         "safe — bfloat16 where the GPU has it (compute capability "
                                                         "8.0+), else float16 with loss scaling — faster, same "
                                                         "results in practice. Ignored on the CPU."),
    "threads": QT_TRANSLATE_NOOP("HParamsPanel", "CPU threads for training. Auto measures which count is fastest "
                                                 "right now and adapts when other programs get busy (on a busy "
                                                 "computer one thread is often much faster than all). A number fixes "
                                                 "it."),
}

LIVE = set(C.LIVE_HPARAMS)


class HParamsPanel(QWidget):
    """Edits ``state.config``; emits ``liveHParamsEdited(lr, momentum, weight_decay)`` during runs."""

    liveHParamsEdited = Signal(float, float, float)

    def __init__(self, state: StudioState, parent: Optional[QWidget] = None,
                 devices: Optional[Sequence[str]] = None):
        """``devices``: the device names to offer; None asks PyTorch (importing it) now. A window that
        has not loaded PyTorch yet passes ``("auto", "cpu")`` and calls ``set_devices`` once it has."""
        super().__init__(parent)
        self.state = state
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self._running = False
        self._cuda = False              # whether a CUDA GPU is offered: set with the devices below
        self._committing = False

        self.lock_label = QLabel(self.tr(LOCK_REASON))
        self.lock_label.setWordWrap(True)
        self.lock_label.setObjectName("lockNote")
        self.lock_label.hide()
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setObjectName("errorNote")
        self.message_label.hide()

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)   # long (translated) labels go above
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form = form
        self._add_combo("optimizer", self.tr("Optimizer"), C.OPTIMIZERS)
        self.lr_editor = LearningRateEditor()
        self._add_row("lr", self.tr("Learning rate"), self.lr_editor)
        self.lr_editor.valueChanged.connect(self._on_live_edit)
        self._add_double("momentum", self.tr("Momentum"), 0.0, 0.999, 0.01, 3, live=True)
        wd = SciSpinBox(0.0, 1.0, factor=10 ** 0.25, floor=1e-6)
        self._add_row("weight_decay", self.tr("Weight decay"), wd)
        wd.valueChanged.connect(self._on_live_edit)
        self._add_check("nesterov", self.tr("Nesterov momentum"))
        self._add_int("batch_size", self.tr("Batch size"), 1, 8192)
        self._add_int("epochs", self.tr("Epochs"), 1, 10000)
        self._add_combo("schedule", self.tr("LR schedule"), C.SCHEDULES)
        self._add_double("warmup_epochs", self.tr("Warm-up epochs"), 0.0, 100.0, 0.5, 1)
        self._add_int("step_every", self.tr("Step every (epochs)"), 1, 1000)
        self._add_double("step_gamma", self.tr("Step factor"), 0.01, 1.0, 0.05, 2)
        self._add_combo("loss", self.tr("Loss"), C.LOSSES)
        self._add_double("label_smoothing", self.tr("Label smoothing"), 0.0, 0.5, 0.05, 2)
        self._add_combo("augment", self.tr("Augmentation"), C.AUGMENTS)
        self._add_int("seed", self.tr("Seed"), 0, 2 ** 31 - 1)
        if devices is None:
            from ...core.train.device import available_devices
            devices = available_devices()
        self._cuda = "cuda" in devices
        self._add_combo("device", self.tr("Device"), tuple(devices))
        self._add_check("mixed_precision", self.tr("Mixed precision (GPU)"))
        self._add_int("threads", self.tr("CPU threads"), 0, 1024)
        self.widgets["threads"].setSpecialValueText(self.tr("Auto"))

        # Fine-tuning an opened model: not a TrainConfig field, so not among self.widgets.
        self.head_only_check = QCheckBox()
        self.head_only_check.setToolTip(self.tr("Fine-tuning an opened model: train only its new classifier head "
                                                "(every other layer frozen), or all layers when unticked."))
        self.head_only_label = QLabel(self.tr("Head only (opened model)"))
        form.addRow(self.head_only_label, self.head_only_check)
        self.head_only_check.toggled.connect(state.set_head_only)
        state.headOnlyChanged.connect(self._show_head_only)
        state.openedModelChanged.connect(lambda _info: self._show_head_only(state.head_only))
        self._show_head_only(state.head_only)

        box = QVBoxLayout(self)
        box.addWidget(self.lock_label)
        box.addLayout(form)
        box.addWidget(self.message_label)
        box.addStretch(1)

        # A spin box held down edits many times a second: the run hears the value it settles on.
        self._send_live_soon = qdebounced(self._send_live, LIVE_DEBOUNCE_MS)

        state.configChanged.connect(self._show_config)
        state.runStatusChanged.connect(self._on_run_status)
        self._show_config(state.config)

    # ------------------------------------------------------------------ building
    def _add_row(self, name: str, label: str, widget: QWidget) -> None:
        widget.setToolTip(self.tr(TIPS[name]))
        lab = QLabel(label)
        lab.setToolTip(self.tr(TIPS[name]))
        lab.setBuddy(widget)
        self.form.addRow(lab, widget)
        self.widgets[name] = widget
        self.labels[name] = lab

    def _add_combo(self, name: str, label: str, values: tuple) -> None:
        w = QComboBox()
        for v in values:
            w.addItem(self.tr(LABELS[name].get(v, v)), v)
        self._add_row(name, label, w)
        w.currentIndexChanged.connect(self._on_edit)

    def _add_int(self, name: str, label: str, lo: int, hi: int) -> None:
        w = QSpinBox()
        w.setRange(lo, hi)
        w.setKeyboardTracking(False)
        self._add_row(name, label, w)
        w.valueChanged.connect(self._on_edit)

    def _add_double(self, name: str, label: str, lo: float, hi: float, step: float, decimals: int,
                    live: bool = False) -> None:
        w = QDoubleSpinBox()
        w.setRange(lo, hi)
        w.setSingleStep(step)
        w.setDecimals(decimals)
        w.setKeyboardTracking(False)
        self._add_row(name, label, w)
        w.valueChanged.connect(self._on_live_edit if live else self._on_edit)

    def _add_check(self, name: str, label: str) -> None:
        w = QCheckBox()
        self._add_row(name, label, w)
        w.toggled.connect(self._on_edit)

    # ------------------------------------------------------------------ reading / writing widgets
    def read_config(self) -> C.TrainConfig:
        """A TrainConfig from the widgets (fields the panel lacks keep the state's values)."""
        values = {}
        for name, w in self.widgets.items():
            if isinstance(w, LearningRateEditor):
                values[name] = float(w.value())
            elif isinstance(w, QComboBox):
                values[name] = w.currentData()
            elif isinstance(w, QCheckBox):
                if name == "mixed_precision" and not w.isEnabledTo(self):
                    continue             # shown unticked because it could not apply: the choice is kept
                values[name] = w.isChecked()
            elif isinstance(w, QSpinBox):
                values[name] = int(w.value())
            elif isinstance(w, QDoubleSpinBox):
                values[name] = float(w.value())
        if values.get("optimizer") != "sgd":
            values["nesterov"] = False
        return self.state.config.replace(**values)

    @Slot(object)
    def _show_config(self, config: C.TrainConfig) -> None:
        if self._committing:
            return
        for name, w in self.widgets.items():
            value = getattr(config, name)
            w.blockSignals(True)
            if isinstance(w, LearningRateEditor):
                w.setValue(float(value))
            elif isinstance(w, QComboBox):
                index = w.findData(value)
                if index < 0:  # e.g. a saved "cuda" config on a machine without a GPU
                    w.addItem(self.tr(LABELS.get(name, {}).get(value, str(value))), value)
                    index = w.count() - 1
                w.setCurrentIndex(index)
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
                w.setValue(value)
            w.blockSignals(False)
        self._update_enabled()

    def _mixed_precision_applies(self) -> bool:
        """Mixed precision only changes anything on a CUDA GPU: one exists and the device may pick it."""
        return self._cuda and self.widgets["device"].currentData() in ("auto", "cuda")

    def _why_fixed(self, name: str) -> str:
        """Why the field ``name`` cannot change now ("" when it can)."""
        if self._running and name not in LIVE:
            return self.tr(LOCK_REASON)
        if name == "nesterov" and self.widgets["optimizer"].currentData() != "sgd":
            return self.tr(NESTEROV_REASON)
        if name == "mixed_precision" and not self._mixed_precision_applies():
            return self.tr(CPU_DEVICE_REASON if self._cuda else NO_CUDA_REASON)
        if name in ("step_every", "step_gamma") and self.widgets["schedule"].currentData() != "step":
            return self.tr("Used by the step decay schedule only.")
        if name == "label_smoothing" and self.widgets["loss"].currentData() != "cross_entropy":
            return self.tr("Used with the cross-entropy loss only.")
        return ""

    def _update_enabled(self) -> None:
        """Enable exactly the fields that can change now, their labels with them."""
        mixed = self.widgets["mixed_precision"]
        mixed.blockSignals(True)
        mixed.setChecked(bool(self.state.config.mixed_precision) and self._mixed_precision_applies())
        mixed.blockSignals(False)
        for name, w in self.widgets.items():
            why = self._why_fixed(name)
            w.setEnabled(not why)
            self.labels[name].setEnabled(not why)
            tip = self.tr(TIPS[name]) + (f"\n\n{why}" if why else "")
            w.setToolTip(tip)
            self.labels[name].setToolTip(tip)

    def set_devices(self, devices: Sequence[str]) -> None:
        """Offer ``devices`` in the Device box; the config's device stays chosen (listed even if absent)."""
        self._cuda = "cuda" in devices
        w = self.widgets["device"]
        w.blockSignals(True)
        w.clear()
        for v in devices:
            w.addItem(self.tr(LABELS["device"].get(v, v)), v)
        w.blockSignals(False)
        self._show_config(self.state.config)

    # ------------------------------------------------------------------ edits
    def _commit(self) -> bool:
        try:
            config = self.read_config().validate()
        except C.ConfigError as exc:
            self.message_label.setText(error_text(exc))
            self.message_label.show()
            return False
        self.message_label.hide()
        self._committing = True
        try:
            self.state.set_config(config)
        finally:
            self._committing = False
        return True

    @Slot()
    def _on_edit(self, *_args) -> None:
        if self._running:
            return
        self._commit()
        self._update_enabled()

    @Slot()
    def _on_live_edit(self, *_args) -> None:
        if self._commit() and self._running:
            self._send_live_soon()

    @Slot()
    def _send_live(self) -> None:
        cfg = self.state.config
        self.liveHParamsEdited.emit(float(cfg.lr), float(cfg.momentum), float(cfg.weight_decay))

    @Slot(str)
    def _on_run_status(self, status: str) -> None:
        self._running = status != "idle"
        self.lock_label.setVisible(self._running)
        self._update_enabled()
        self.head_only_check.setEnabled(not self._running)

    def _show_head_only(self, head_only: bool) -> None:
        """The head-only choice, shown while a model is open."""
        opened = getattr(self.state, "opened_model", None) is not None
        self.head_only_label.setVisible(opened)
        self.head_only_check.setVisible(opened)
        blocked = self.head_only_check.blockSignals(True)
        self.head_only_check.setChecked(bool(head_only))
        self.head_only_check.blockSignals(blocked)

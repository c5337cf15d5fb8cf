"""AccuracyTracker: the validation accuracy of the model shown now, never an older model's.

Accuracies come from epoch ends (all filters on) and from evaluation jobs (with the filters
switched off at the time the job was asked for). Each is kept with the training step of the
weights it measured. The tracker also follows the step of the current weights, from every
event that carries one, and forgets everything when the model is replaced (new spec or
dataset, a new run from another step); answers to jobs asked for before that are ignored.
``text`` says the accuracy plainly when it is the current weights', names its step when the
weights have moved on, and is "" when nothing is known.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import QObject, Signal

# core.jobs.analysis.EVALUATION, named here so that the views using this need not import torch.
EVALUATION = "evaluation"

LesionKey = tuple     # ((layer, (channel, ...)), ...) sorted; () when every filter is on


def lesion_key(lesions) -> LesionKey:
    """A hashable, ordered form of ``{layer: channels}``."""
    items = [(k if isinstance(k, str) else int(k), v) for k, v in dict(lesions or {}).items()]
    items.sort(key=lambda kv: (isinstance(kv[0], str), kv[0]))      # spec indices, then module paths
    return tuple((k, tuple(sorted(int(c) for c in v))) for k, v in items if v)


@dataclass(frozen=True)
class Measured:
    """A validation accuracy of the weights at ``step`` with the filters ``lesions`` off."""
    step: int
    accuracy: float
    lesions: LesionKey = ()
    baseline: Optional[float] = None      # the same weights with every filter on (when ``lesions``)


def _pct(value: float) -> str:
    return f"{value:.1%}"


class AccuracyTracker(QObject):
    """Follows ``state``'s signals; ``changed`` is emitted when ``text`` changes."""

    changed = Signal(str)

    def __init__(self, state, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._state = state
        self._plain: Optional[Measured] = None          # every filter on
        self._lesioned: Optional[Measured] = None       # the newest measurement with filters off
        self._model_step: Optional[int] = None
        self._asked: dict[int, LesionKey] = {}           # evaluation job id -> lesions when asked
        self._text = ""
        state.specChanged.connect(self._on_model_replaced)
        state.datasetChanged.connect(self._on_model_replaced)
        state.runStarted.connect(self._on_run_started)
        state.analysisRequested.connect(self._on_requested)
        state.analysisResult.connect(self._on_result)
        state.epochEnded.connect(self._on_epoch)
        state.snapshotReady.connect(lambda e: self._saw_step(e.step))
        state.batchMetrics.connect(lambda e: self._saw_step(int(e.steps[-1]) if len(e.steps) else None))
        state.pausedAt.connect(lambda e: self._saw_step(e.step))
        state.runEnded.connect(lambda e: self._saw_step(e.step))
        state.runStatusChanged.connect(lambda _s: self._update())
        state.lesionsChanged.connect(lambda _l: self._update())

    # ------------------------------------------------------------------ queries
    @property
    def text(self) -> str:
        """One sentence about the accuracy of the current weights with the current lesions, or ""."""
        return self._text

    @property
    def model_step(self) -> Optional[int]:
        """The training step of the current weights, once an event has said it."""
        return self._model_step

    def current(self) -> Optional[Measured]:
        """The measurement for the current lesions, whatever its step (None: none since the model changed)."""
        key = lesion_key(getattr(self._state, "lesions", {}))
        if not key:
            return self._plain
        return self._lesioned if self._lesioned is not None and self._lesioned.lesions == key else None

    # ------------------------------------------------------------------ slots
    def _on_model_replaced(self, _value=None) -> None:
        self._plain = self._lesioned = None
        self._model_step = None
        self._asked.clear()
        self._update()

    def _on_run_started(self, event) -> None:
        start = int(event.start_step)
        self._asked.clear()               # asked of the model before the run: maybe not this one
        self._model_step = start
        if self._plain is not None and self._plain.step > start:
            self._plain = None
        if self._lesioned is not None and self._lesioned.step > start:
            self._lesioned = None
        self._update()

    def _on_requested(self, job) -> None:
        if getattr(job, "kind", None) == EVALUATION:
            self._asked[int(job.job_id)] = lesion_key(getattr(self._state, "lesions", {}))

    def _on_result(self, event) -> None:
        if event.kind != EVALUATION or event.job_id not in self._asked:
            return
        lesions = self._asked.pop(event.job_id)
        payload = event.payload
        if event.error or payload is None:
            return
        step = int(event.step)
        accuracy = float(payload.result.accuracy)
        if lesions and payload.lesions:
            self._lesioned = Measured(step, accuracy, lesions, payload.baseline_accuracy)
            if payload.baseline_accuracy is not None:
                self._keep_plain(Measured(step, float(payload.baseline_accuracy)))
        else:
            self._keep_plain(Measured(step, accuracy))
        self._saw_step(step)

    def _on_epoch(self, event) -> None:
        self._keep_plain(Measured(int(event.step), float(event.val_acc)))
        self._saw_step(int(event.step))

    def _keep_plain(self, measured: Measured) -> None:
        if self._plain is None or measured.step >= self._plain.step:
            self._plain = measured

    def _saw_step(self, step) -> None:
        if step is not None and (self._model_step is None or int(step) > self._model_step):
            self._model_step = int(step)
        self._update()

    # ------------------------------------------------------------------ text
    def _update(self) -> None:
        text = self._describe()
        if text != self._text:
            self._text = text
            self.changed.emit(text)

    def _describe(self) -> str:
        m = self.current()
        if m is None:
            return ""
        if m.lesions:
            value = self.tr("with them off: {accuracy}").format(accuracy=_pct(m.accuracy))
            if m.baseline is not None:
                value += self.tr(" (with all on: {accuracy})").format(accuracy=_pct(m.baseline))
        else:
            value = _pct(m.accuracy)
        now = self._model_step
        if now is None or m.step >= now:
            return self.tr("Validation accuracy {value}.").format(value=value)
        if getattr(self._state, "run_status", "idle") == "running":
            return self.tr("Validation accuracy {value} at step {step:,}.").format(value=value, step=m.step)
        return self.tr("Not evaluated yet at step {now:,} (validation accuracy {value} at step {step:,}).").format(
            now=now, value=value, step=m.step)

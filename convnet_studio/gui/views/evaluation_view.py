"""EvaluationView: where the net goes wrong — confusion matrix, per-class accuracy, galleries.

The validation set is evaluated off the GUI thread (``analysis_jobs.evaluation_job``, with
the filters switched off in the Filters view) at each epoch end while the view is shown,
when a run ends, when lesions change, and on Refresh. Clicking a cell lists its images,
highest loss first; each caption leads with the probability the net gave the true class,
the number the galleries are sorted by (lowest first). Clicking any image makes it the
probe image of the Feature maps and Attribution views.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout,
                               QWidget)

from ...core.jobs.kinds import EVALUATION
from ...core.events import RunEnded
from ...core.inspect.probe_source import ProbeSource
from ..i18n import QT_TRANSLATE_NOOP, message_text
from ..widgets.confusion_plot import ClassBars, ConfusionPlot
from ..support.deferred_redraw import DeferredRedraw
from ..widgets.buttons import shrinkable
from ..widgets.gallery import Gallery
from ..support.job_requester import JobRequester
from ..support.staged_redraw import StagedRedraw

REDRAW_MS = 50
GALLERY_MAX = 64
HARDEST = 32
MIN_INTERVAL_MS = 1500
ORDER_TEXT = QT_TRANSLATE_NOOP("EvaluationView", "sorted by the probability given to the true class, lowest first")
HARD_CAPTION = QT_TRANSLATE_NOOP("EvaluationView", "The {count} validation images with the highest loss, {order}.")


def _captioned(caption: QLabel, gallery: Gallery) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(2, 2, 2, 2)
    layout.addWidget(caption)
    layout.addWidget(gallery, 1)
    return page


def _pct(value: Optional[float]) -> str:
    return "—" if value is None or not np.isfinite(value) else f"{value * 100:.1f}%"


class EvaluationView(QWidget):
    """Confusion matrix (counts or row-normalised), per-class accuracy, and image galleries."""

    def __init__(self, state, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._state = state
        self._eval = None                  # analysis_jobs.Evaluation shown now
        self._step: Optional[int] = None
        self._cell: Optional[tuple] = None
        self._cell_picked = False          # True once the user chose a cell; else it follows the figures
        self._cell_indices = np.zeros(0, np.int64)
        self._hard_indices = np.zeros(0, np.int64)
        self._val: Optional[tuple] = None  # (images uint8 numpy, labels numpy) of the dataset
        self._stale = True
        self.requester = JobRequester(state, EVALUATION, self._make_job, MIN_INTERVAL_MS, self)
        self.requester.result.connect(self._on_result)
        self.requester.progress.connect(self._on_progress)
        self._redraws = DeferredRedraw(self, self._redraw, REDRAW_MS, only_when_visible=False)
        self._gallery_stages = StagedRedraw(self, REDRAW_MS)
        self._build_ui()
        state.epochEnded.connect(self._on_model_moved)
        state.runEnded.connect(self._on_model_moved)
        state.lesionsChanged.connect(lambda _l: self.refresh())
        state.datasetChanged.connect(self._on_model_replaced)
        state.specChanged.connect(self._on_model_replaced)
        state.openedModelChanged.connect(self._on_model_replaced)

    def _build_ui(self) -> None:
        self.accuracy_label = QLabel(self.tr("Validation accuracy: —"))
        font = QFont(self.accuracy_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.accuracy_label.setFont(font)
        self.mode_combo = QComboBox()
        self.mode_combo.addItem(self.tr("Counts"), False)
        self.mode_combo.addItem(self.tr("Row-normalised"), True)
        self.mode_combo.setToolTip(self.tr("Counts of images, or each row divided by its total: the fraction of a "
                                   "true class predicted as each class."))
        self.mode_combo.currentIndexChanged.connect(self._redraws.mark)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Evaluate the validation set with the current weights now."))
        self.refresh_button.clicked.connect(lambda: self.refresh())
        shrinkable(self.refresh_button)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.accuracy_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.accuracy_label, 1)
        top.addWidget(QLabel(self.tr("Show")))
        top.addWidget(self.mode_combo)
        top.addWidget(self.refresh_button)

        self.matrix = ConfusionPlot()
        self.matrix.setToolTip(self.tr("Click a cell to see its images."))
        self.matrix.cellClicked.connect(self.select_cell)
        self.bars = ClassBars()
        self.bars.setToolTip(self.tr("Accuracy of each true class (rows as in the matrix); the dashed line is "
                             "the overall accuracy."))
        bars_box = QWidget()
        bars_layout = QVBoxLayout(bars_box)
        bars_layout.setContentsMargins(0, 0, 0, 0)
        bars_layout.addWidget(QLabel(self.tr("Per-class accuracy")))
        bars_layout.addWidget(self.bars, 1)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.matrix)
        upper.addWidget(bars_box)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 1)
        upper.setSizes([600, 220])

        self.cell_caption = QLabel(self.tr("Click a cell of the matrix to see its images here."))
        self.cell_caption.setWordWrap(True)
        self.cell_gallery = Gallery()
        self.cell_gallery.imageClicked.connect(lambda i: self._pick(self._cell_indices, i))
        self.hard_caption = QLabel(self.tr(HARD_CAPTION).format(count=HARDEST, order=self.tr(ORDER_TEXT)))
        self.hard_caption.setWordWrap(True)
        self.hard_gallery = Gallery()
        self.hard_gallery.imageClicked.connect(lambda i: self._pick(self._hard_indices, i))
        self.galleries = QTabWidget()
        self.galleries.addTab(_captioned(self.cell_caption, self.cell_gallery), self.tr("Selected cell"))
        self.galleries.addTab(_captioned(self.hard_caption, self.hard_gallery), self.tr("Hardest examples"))
        self.galleries.setToolTip(self.tr("Click an image to look at it in Feature maps and Attribution."))

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.galleries)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([420, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.status_label)      # a line of its own: beside the figures it wrapped
        layout.addWidget(splitter, 1)
        self._show_empty()

    # ------------------------------------------------------------------ public API
    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def refresh(self) -> bool:
        """Evaluate now (superseding a running evaluation)."""
        return self.requester.request(now=True)

    def is_settled(self) -> bool:
        """True when nothing is being computed for this view."""
        return self.requester.settled

    def evaluation(self):
        """The ``analysis_jobs.Evaluation`` shown now, or None."""
        return self._eval

    def counts(self) -> Optional[np.ndarray]:
        return None if self._eval is None else self._eval.result.confusion

    def accuracy(self) -> Optional[float]:
        return None if self._eval is None else self._eval.result.accuracy

    def flush(self) -> None:
        """Draw whatever is pending now (matrix, bars and galleries)."""
        self._redraws.flush()
        self._gallery_stages.flush()

    def select_cell(self, true_cls: int, pred_cls: int) -> None:
        """Fill the cell gallery with cell (true, predicted)'s images, highest loss first."""
        self._cell = (int(true_cls), int(pred_cls))
        self._cell_picked = True
        self.matrix.select_cell(*self._cell)
        self.galleries.setCurrentIndex(0)
        self._fill_cell_gallery()

    def selected_cell(self) -> Optional[tuple]:
        """(true, predicted) of the cell whose images are listed, or None."""
        return self._cell

    def cell_gallery_indices(self) -> np.ndarray:
        return self._cell_indices.copy()

    def hardest_indices(self) -> np.ndarray:
        return self._hard_indices.copy()

    # ------------------------------------------------------------------ requests
    def _make_job(self):
        if self._state.dataset is None or self._state.spec_error is not None:
            return None
        from ...core.jobs.analysis import evaluation_job   # imports torch: only once a job is asked for
        return evaluation_job(self._state.lesions)

    def _on_model_moved(self, event=None) -> None:
        """The weights changed: an epoch ended (refresh calmly) or the run ended (refresh now), if
        the view is shown; otherwise when it is shown next."""
        if self.isVisible():
            self.requester.request(now=isinstance(event, RunEnded))
        else:
            self._stale = True

    def _on_model_replaced(self, _value=None) -> None:
        self.requester.forget()
        self._eval, self._val, self._cell = None, None, None
        self._cell_picked = False
        self._stale = True
        self._show_empty()
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and not self.requester.busy:
            self.refresh()
        else:
            self._redraws.shown()

    # ------------------------------------------------------------------ answers
    def _on_result(self, event) -> None:
        if event.error:
            self.status_label.setText(self.tr("Could not evaluate: {reason}").format(reason=message_text(event.error))
                                      if event.error != "Cancelled."
                                      else self.tr("Evaluation cancelled."))
            return
        ev = event.payload
        ds = self._state.dataset
        if ds is None or ev.result.num_samples != int(ds.val_x.shape[0]) or ev.result.num_classes != ds.num_classes:
            return
        self._stale = False
        self._eval, self._step = ev, event.step
        self._redraws.mark()

    def _on_progress(self, event) -> None:
        if event.total:
            self.status_label.setText(self.tr("Evaluating the validation set… {percent}%").format(
                percent=100 * event.done // event.total))

    # ------------------------------------------------------------------ drawing
    def _names(self) -> list[str]:
        ds = self._state.dataset
        names = list(getattr(ds, "class_names", ()) or ())
        k = ds.num_classes if ds is not None else len(names)
        return [names[i] if i < len(names) else str(i) for i in range(k)]

    def _show_empty(self) -> None:
        self.matrix.set_matrix(np.zeros((0, 0)), [], np.zeros((0, 0), np.int64), False)
        self.bars.set_accuracies(None)
        for gallery in (self.cell_gallery, self.hard_gallery):
            gallery.set_images(None)
            gallery.shown_key = None
        self._cell_indices = self._hard_indices = np.zeros(0, np.int64)
        self.accuracy_label.setText(self.tr("Validation accuracy: —"))
        self.status_label.setText(self.tr("Evaluating the validation set…") if self._state.dataset is not None
                                  else self.tr("Load a dataset to evaluate the network."))
        self.cell_caption.setText(self.tr("Click a cell of the matrix to see its images here."))

    def _redraw(self) -> None:
        if self._eval is None:
            return
        res, names = self._eval.result, self._names()
        from ...core.inspect.evaluation import row_normalised   # torch is loaded once results come
        normalised = bool(self.mode_combo.currentData())
        values = row_normalised(res.confusion) if normalised else res.confusion
        self.matrix.set_matrix(values, names, res.confusion, normalised)
        self.bars.set_accuracies(res.per_class_accuracy, res.accuracy, names)
        self.accuracy_label.setText(self.tr("Validation accuracy: {accuracy}").format(accuracy=_pct(res.accuracy)))
        n_off = sum(len(c) for _, c in self._eval.lesions)
        lesion_text = ""
        if self._eval.baseline_accuracy is not None:
            lesion_text = (self.tr(" · {count} filter switched off ({accuracy} with all on)") if n_off == 1 else
                           self.tr(" · {count} filters switched off ({accuracy} with all on)")).format(
                count=n_off, accuracy=_pct(self._eval.baseline_accuracy))
        self.status_label.setText(self.tr("{count:,} validation images · model at step {step}{lesions} · mean loss "
                                          "{loss:.3f}").format(count=res.num_samples, step=self._step,
                                                               lesions=lesion_text, loss=res.mean_loss))
        if not self._cell_picked and res.num_samples:     # show the biggest confusion of these figures
            off = res.confusion.astype(np.float64)
            np.fill_diagonal(off, -1.0)
            self._cell = tuple(int(v) for v in np.unravel_index(int(np.argmax(off)), off.shape))
        if self._cell is not None:
            self.matrix.select_cell(*self._cell)
        # The galleries fill in later turns of the event loop, so no single one holds the GUI long.
        self._gallery_stages.start([self._fill_hard_gallery, self._fill_cell_gallery])

    def _fill_hard_gallery(self) -> None:
        if self._eval is None:
            return
        from ...core.inspect.evaluation import hardest
        self._hard_indices = hardest(self._eval.result, HARDEST)
        self._fill_gallery(self.hard_gallery, self._hard_indices)

    def _fill_cell_gallery(self) -> None:
        if self._eval is None or self._cell is None:
            return
        res, names = self._eval.result, self._names()
        t, p = self._cell
        from ...core.inspect.evaluation import cell_indices
        found = cell_indices(res, t, p)
        self._cell_indices = found[:GALLERY_MAX]
        what = self.tr("correct") if t == p else self.tr("wrong")
        more = self.tr(", showing the first {count}").format(count=GALLERY_MAX) if found.size > GALLERY_MAX else ""
        order = self.tr(", {order}").format(order=self.tr(ORDER_TEXT)) if found.size > 1 else ""
        caption = (self.tr("True {true}, predicted {predicted}: {count} image ({what}{more}){order}.")
                   if found.size == 1
                   else self.tr("True {true}, predicted {predicted}: {count} images ({what}{more}){order}."))
        self.cell_caption.setText(caption.format(true=names[t], predicted=names[p], count=found.size, what=what,
                                                 more=more, order=order))
        self._fill_gallery(self.cell_gallery, self._cell_indices)

    def _fill_gallery(self, gallery: Gallery, indices: np.ndarray) -> None:
        res, names = self._eval.result, self._names()
        images, _ = self._val_arrays()
        captions, tips = [], []
        for i in indices:
            pred, true = names[res.predicted[i]], names[res.true[i]]
            # the first number is the one the galleries are sorted by
            verdict = self.tr("correct") if pred == true else f"→ {pred} {res.confidence[i]:.0%}"
            captions.append(f"{true} {res.prob_true[i]:.0%}\n{verdict}")
            tips.append(self.tr("Validation image {index}: predicted {predicted} ({confidence:.1%}), true {true} "
                                "({p_true:.1%}), loss {loss:.2f}").format(index=i, predicted=pred,
                                                                          confidence=res.confidence[i], true=true,
                                                                          p_true=res.prob_true[i], loss=res.loss[i]))
        key = (tuple(int(i) for i in indices), tuple(captions))
        if getattr(gallery, "shown_key", None) != key:       # unchanged galleries are not rebuilt
            gallery.shown_key = key
            gallery.set_images(images[indices] if len(indices) else None, captions, tips)

    def _val_arrays(self) -> tuple:
        if self._val is None:
            ds = self._state.dataset
            self._val = (ds.val_x.numpy(), ds.val_y.numpy())
        return self._val

    def _pick(self, indices: np.ndarray, position: int) -> None:
        if not 0 <= position < len(indices):
            return
        images, labels = self._val_arrays()
        i = int(indices[position])
        self._state.set_probe_image(ProbeSource.val(i), images[i], int(labels[i]))

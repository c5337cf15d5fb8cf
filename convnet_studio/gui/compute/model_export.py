"""Export the worker's last run (trained here or opened from a file), on the compute thread."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from ...core.errors import one_sentence
from ...core.messages import Message, as_sentence, reason_of
from ..i18n import message_text, translate


def export_run(run, dataset, fmt: str, path: str, progress: Callable[[str], None]) -> tuple[str, str]:
    """(what was written, as a sentence; "") or ("", why not). ``run`` is a ``RunState``.

    ``dataset``: the ``InMemoryDataset`` the run trained on, or None for an opened run (its
    saved input shape and classes, else its dataset's, are used).
    """
    from ...core.export import TITLES, ExportError, export, target_from_state
    try:
        if dataset is not None:
            shape, classes, names, name = (tuple(dataset.input_shape), int(dataset.num_classes),
                                           tuple(dataset.class_names), dataset.name)
        else:
            shape, classes, names, name = _opened_shape(run)
        target = target_from_state(run, name, shape, classes, names, source=Path(path).name)
        result = export(target, fmt, path, progress)
    except ExportError as exc:
        said = reason_of(exc)
        return "", message_text(as_sentence(said)) if isinstance(said, Message) else _sentence(str(exc))
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, the user reads one sentence
        return "", message_text(one_sentence(exc))
    files = ", ".join(p.name for p in result.files)
    return (translate("ModelExport", "Exported {format} to {files}: its logits differ from the model's by at most "
                                     "{diff} on {checked}.").format(format=TITLES[fmt], files=files,
                                                                    diff=f"{result.max_abs_diff:.2g}",
                                                                    checked=result.checked_on)), ""


def _opened_shape(run) -> tuple[tuple, int, tuple, Optional[str]]:
    from ...core.data.sources import dataset_shape
    from ...core.export import ExportError
    if run.input_shape and run.num_classes:
        shape, classes = tuple(run.input_shape), int(run.num_classes)
    else:
        try:
            shape, classes = dataset_shape(run.dataset_name)
        except Exception:  # noqa: BLE001
            raise ExportError(f"the run does not say its input shape, and its dataset {run.dataset_name!r} "
                              f"cannot tell it; load that dataset and train or export from the command line") from None
    return shape, classes, tuple(f"class {k}" for k in range(classes)), run.dataset_name


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."

"""The screenshot demo's probe step: a transformed probe image or a drawing in the feature-maps view."""
from __future__ import annotations

from typing import Callable, Optional

#: A stroke like a hand-drawn "7", in fractions of the input's width and height.
SEVEN = ((0.22, 0.2), (0.78, 0.2), (0.62, 0.45), (0.45, 0.82))
ANSWER_TIMEOUT_S = 10


def show_probe(window, transform=None, draw: bool = False,
               wait: Optional[Callable] = None) -> None:
    """Open the feature-maps view's probe controls at ``transform`` and/or draw a stroke on its
    canvas, then wait (``wait(seconds, until=..., signals=...)``) for the network's answer."""
    view = window.views.get("features")
    if view is None:
        return
    state, panel = window.state, view.probe_panel
    answers = []
    state.snapshotReady.connect(answers.append)
    try:
        if transform is not None:
            panel.controls_box.setChecked(True)
            panel.controls.set_transform(transform)
        if draw:
            panel.set_draw_mode(True)
            _, h, w = state.input_shape
            panel.brush_spin.setValue(max(1.5, h / 10))
            if wait is not None:
                wait(0.2)                     # the empty canvas's answer comes first
            answers.clear()
            panel.canvas.stroke([(x * (w - 1), y * (h - 1)) for x, y in SEVEN])
        if wait is not None:
            wait(ANSWER_TIMEOUT_S, until=lambda: bool(answers) and bool(answers[-1].feature_maps),
                 signals=(state.snapshotReady,))
            wait(0.3)                         # an answer still on its way for an older image
    finally:
        state.snapshotReady.disconnect(answers.append)
    view.flush()

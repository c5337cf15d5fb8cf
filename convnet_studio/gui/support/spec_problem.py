"""What a view says instead of waiting when the network in the Model panel cannot be built."""
from __future__ import annotations

from ..i18n import message_text, translate


def cannot_build_text(state, action: str) -> str:
    """Why the network cannot ``action`` (e.g. "look at this image") and where to fix it; "" when it can.

    Names the layer and the reason as the Model panel's error line does, so the user can find
    the row it marks (the row of the layer, or the last row for whole-network problems).
    """
    error = getattr(state, "spec_error", None)
    if error is None:
        return ""
    reason = message_text(error.message).strip().rstrip(".。")
    index = error.layer_index
    layers = getattr(getattr(state, "spec", None), "layers", ())
    if index is not None and 0 <= index < len(layers):
        return translate("spec_problem", "The network must be fixed before it can {action}. Layer {index} ({label}): "
                                         "{reason}. Fix it in the Model panel, where its row is marked with a warning "
                                         "sign.").format(action=action, index=index, label=layers[index].label,
                                                         reason=reason)
    return translate("spec_problem", "The network must be fixed before it can {action}: {reason}. Fix it in the "
                                     "Model panel, which says the same below its layer table.").format(
        action=action, reason=reason)

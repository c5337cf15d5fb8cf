"""The analysis job behind the feature-maps view's effective-receptive-field overlay."""
from __future__ import annotations

from typing import Optional

import numpy as np

from ..inspect.effective_field import effective_field
from .kinds import JobKind
from .queue import AnalysisJob, JobContext


def effective_field_job(image_uint8: np.ndarray, layer: int, channel: int, row: Optional[int], col: Optional[int],
                        transform=None) -> AnalysisJob:
    """A job whose payload is the ``(H, W)`` input-gradient magnitude of one unit (``effective_field``)."""
    image = np.array(image_uint8, dtype=np.uint8, copy=True)

    def run(ctx: JobContext) -> np.ndarray:
        return effective_field(ctx.model, image, ctx.mean, ctx.std, layer, channel, row, col, transform)
    return AnalysisJob(JobKind.EFFECTIVE_FIELD, run)

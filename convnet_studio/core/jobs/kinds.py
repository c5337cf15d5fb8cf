"""The kinds of the analysis jobs the views ask for, without torch (the jobs are in ``analysis``)."""
from __future__ import annotations

from ..util.text_enum import TextEnum


class JobKind(TextEnum):
    """The kinds of the jobs made in ``analysis`` (``AnalysisJob.kind``; the queue runs any other text too)."""
    EVALUATION = "evaluation"
    ATTRIBUTION = "attribution"
    UNITS = "units"
    UNIT_EXAMPLES = "unit_examples"
    HEALTH = "health"
    EFFECTIVE_FIELD = "effective_field"


EVALUATION, ATTRIBUTION, UNITS = JobKind.EVALUATION, JobKind.ATTRIBUTION, JobKind.UNITS
UNIT_EXAMPLES, HEALTH = JobKind.UNIT_EXAMPLES, JobKind.HEALTH

"""The learning-rate finder as an analysis job: it runs on the model's thread, on a copy of its weights."""
from __future__ import annotations

from ..train.config import TrainConfig
from ..train.lr_finder import LRFindSettings, iter_lr_find
from .kinds import JobKind
from .queue import AnalysisJob, JobContext


def lr_find_job(config: TrainConfig, settings: LRFindSettings = LRFindSettings()) -> AnalysisJob:
    """Search from the context's model (the last trained one, or a fresh one) with ``config``'s
    optimizer, batch size, loss and augmentation; progress per step, an ``LRFindResult`` at the end."""
    config, settings = config.validate(), settings.validate()

    def run(ctx: JobContext):
        return (yield from iter_lr_find(ctx.model, config, ctx.dataset, ctx.device, settings))

    return AnalysisJob(JobKind.LR_FIND, run)

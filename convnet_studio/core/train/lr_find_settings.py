"""The learning-rate finder's settings, without torch (the CLI's parser reads their defaults)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .config import ConfigError


@dataclass(frozen=True)
class LRFindSettings:
    """How the search runs: the lr range, the number of steps, smoothing and the stop rule."""
    start_lr: float = 1e-5
    end_lr: float = 1.0
    steps: int = 300
    smoothing: float = 0.9          # EMA factor of the smoothed loss (0: no smoothing)
    diverge_factor: float = 4.0     # stop once the smoothed loss exceeds this times its minimum
    skip_start: float = 0.1         # share of the first points not considered for the suggestion

    def validate(self) -> "LRFindSettings":
        """Return self, or raise ConfigError naming the first bad value."""
        if not (0 < self.start_lr < self.end_lr and math.isfinite(self.end_lr)):
            raise ConfigError(f"the learning-rate range must rise from a positive start, "
                              f"not {self.start_lr:g} to {self.end_lr:g}")
        if not (isinstance(self.steps, int) and self.steps >= 5):
            raise ConfigError(f"the finder needs at least 5 steps, not {self.steps!r}")
        if not 0 <= self.smoothing < 1:
            raise ConfigError(f"smoothing must be in [0, 1), not {self.smoothing!r}")
        if not self.diverge_factor > 1:
            raise ConfigError(f"the divergence factor must be above 1, not {self.diverge_factor!r}")
        if not 0 <= self.skip_start < 1:
            raise ConfigError(f"the skipped start share must be in [0, 1), not {self.skip_start!r}")
        return self

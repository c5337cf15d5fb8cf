"""The per-layer health figures of the current run, as the ``HealthTrace`` hook sent them (no Qt, no torch)."""
from __future__ import annotations

#: At most this many points per layer; older ones are thinned (every other one dropped).
MAX_POINTS = 4000


class HealthHistory:
    """Layer index -> ``[(step, weight norm, grad norm, update ratio)]`` in step order."""

    def __init__(self):
        self.points: dict[int, list[tuple]] = {}

    def __len__(self) -> int:
        return len({p[0] for points in self.points.values() for p in points})

    def add(self, event) -> None:
        """Append one ``events.HealthPoints``; NaN figures become None (unknown)."""
        for k, layer in enumerate(event.layers):
            values = [float(v[k]) for v in (event.weight_norm, event.grad_norm, event.update_ratio)]
            entry = (int(event.step), *(v if v == v else None for v in values))
            points = self.points.setdefault(int(layer), [])
            if points and points[-1][0] >= entry[0]:
                points[:] = [p for p in points if p[0] < entry[0]]
            points.append(entry)
            if len(points) > MAX_POINTS:
                points[:] = points[::2]

    def truncate_after(self, step: int) -> None:
        """Forget the points after ``step`` (a run continued from an earlier position)."""
        self.points = {layer: [p for p in points if p[0] <= step] for layer, points in self.points.items()}
        self.points = {layer: points for layer, points in self.points.items() if points}

    def clear(self) -> None:
        self.points = {}

    def copy(self) -> dict[int, list[tuple]]:
        return {layer: list(points) for layer, points in self.points.items()}

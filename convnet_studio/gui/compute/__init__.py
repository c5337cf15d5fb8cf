"""The compute thread: the worker that owns every tensor, the run controller, the dataset loader."""

"""Helpers the views share: redraw throttling, job requests, style, metric buffers."""

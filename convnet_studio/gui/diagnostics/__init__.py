"""Tools that watch the window itself: the stall probe, the GC guard, the screenshot self-demo."""

"""The lessons in the window: a dialog to pick and start one, and the session that trains its runs."""

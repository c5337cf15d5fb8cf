"""Reusable widgets the views and panels compose."""

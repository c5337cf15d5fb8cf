"""Runs kept on disk: one folder per training run in a workspace (see the run-folder contract).

``paths`` finds the workspace, ``folder`` reads and writes one run folder, ``recorder``
writes a folder while a ``Trainer`` runs, ``workspace`` lists and deletes runs, and
``branch`` starts a child run from a parent's checkpoint.
"""

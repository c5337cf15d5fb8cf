"""One module per central tab of the window; ``registry.VIEWS`` lists them in order.

This package's ``__init__`` and ``registry`` import no Qt, so the CLI can read the registry.
"""

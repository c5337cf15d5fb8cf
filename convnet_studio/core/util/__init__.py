"""Small helpers with no domain knowledge: atomic writes, deferred signals, OpenMP pool handling, downloads."""

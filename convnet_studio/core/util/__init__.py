"""Small helpers with no domain knowledge: atomic writes, OpenMP pool handling."""

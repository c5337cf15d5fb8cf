"""The analysis job queue and the jobs built on core.inspect that the views ask for."""

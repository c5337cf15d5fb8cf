"""The Qt-free core: specs, builder, data, trainer, probes, checkpoints."""

"""A network is data: the spec, the layer kinds, shape rules, the builder and the presets."""

"""Datasets as in-memory tensors: the sources registry, built-in shapes, torchvision sets, image folders."""

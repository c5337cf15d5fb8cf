"""ConvNet Studio: a desktop playground for convolutional networks."""
__version__ = "0.1.0"

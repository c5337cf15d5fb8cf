"""The ``convnet-studio`` argument parser: window options, then one sub-parser per command."""
from __future__ import annotations

import argparse

from .arguments import Parser, nonneg_float
from .commands import command_modules

VIEWS = ("plots", "filters", "features", "dataset", "model", "evaluation", "attribution", "units", "health")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command (exposed for tests and docs)."""
    p = Parser(prog="convnet-studio", description="A desktop playground for convolutional networks. "
               "Without a command, opens the studio window.")
    p.add_argument("--screenshot", metavar="PATH", help="open the window, train briefly, save a PNG of it, exit")
    p.add_argument("--train-seconds", type=nonneg_float, default=8.0, help="with --screenshot: seconds to train")
    p.add_argument("--view", choices=VIEWS, default="features", help="with --screenshot: the view to show")
    p.add_argument("--size", default="1280x800", help="with --screenshot: window size WxH")
    p.add_argument("--preset", dest="gui_preset", default=None, help=argparse.SUPPRESS)
    p.add_argument("--dataset", dest="gui_dataset", default=None, help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", parser_class=Parser)
    for module in command_modules():
        module.add_parser(sub)
    return p

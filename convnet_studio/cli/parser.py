"""The ``convnet-studio`` argument parser: window options, then one sub-parser per command."""
from __future__ import annotations

import argparse

from ..gui.views.registry import DEFAULT_VIEW, selectable_names
from .arguments import Parser, nonneg_float, positive_int
from .commands import command_modules


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command (exposed for tests and docs)."""
    p = Parser(prog="convnet-studio", description="A desktop playground for convolutional networks. "
               "Without a command, opens the studio window.")
    p.add_argument("--screenshot", metavar="PATH", help="open the window, train briefly, save a PNG of it, exit")
    p.add_argument("--train-seconds", type=nonneg_float, default=8.0, help="with --screenshot: seconds to train")
    p.add_argument("--view", choices=selectable_names(), default=DEFAULT_VIEW,
                   help="with --screenshot: the view or panel to show")
    p.add_argument("--size", default="1280x800", help="with --screenshot: window size WxH")
    p.add_argument("--replay-step", type=int, default=None, metavar="STEP",
                   help="with --screenshot: show the time-lapse frame recorded at (or last before) STEP")
    p.add_argument("--replay-dir", default=None, metavar="RUN_DIR",
                   help="with --screenshot: replay this run folder's time-lapse instead of the demo run's own")
    p.add_argument("--probe-transform", metavar="CHANGES", default=None,
                   help="with --screenshot: change the probe image, e.g. 'shift=3,0;rotate=15;patch=14,14,6' "
                        "(shift, rotate, scale, flip=h|v|hv, brightness, contrast, noise, seed, patch)")
    p.add_argument("--draw-demo", action="store_true",
                   help="with --screenshot: draw a stroke on the feature-maps view's canvas and show its maps")
    p.add_argument("--preset", dest="gui_preset", default=None, help=argparse.SUPPRESS)
    p.add_argument("--dataset", dest="gui_dataset", default=None, help=argparse.SUPPRESS)
    p.add_argument("--model", dest="gui_model", metavar="NAME_OR_PATH",
                   help="with --screenshot: open your own model (torchvision name, .pt or .py file) instead of training")
    p.add_argument("--weights", dest="gui_weights", metavar="FILE|pretrained", help="with --model: its weights")
    p.add_argument("--pretrained", dest="gui_pretrained", action="store_true", default=False,
                   help="with --model NAME: torchvision's pretrained weights (downloaded into torch hub's cache "
                        "unless there)")
    p.add_argument("--trust-code", dest="gui_trust_code", action="store_true", default=False,
                   help="with --model FILE.py: run that Python file")
    p.add_argument("--input-size", dest="gui_input_size", type=positive_int, metavar="N",
                   help="with --model: the side of its square input images")
    sub = p.add_subparsers(dest="command", parser_class=Parser)
    for module in command_modules():
        module.add_parser(sub)
    return p

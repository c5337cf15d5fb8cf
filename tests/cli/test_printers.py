"""The train command's printers: each reads a table keyed by event type; the JSON lines are exact."""
import numpy as np

from convnet_studio.cli.printers import JsonPrinter, TextPrinter
from convnet_studio.core import events as ev

EPOCH = ev.EpochEnd(epoch=1, step=8, train_loss=0.5, train_acc=0.75, val_loss=0.25, val_acc=0.875,
                    img_per_s=1000.0, seconds=2.0, lr=0.001)


def test_json_lines_are_byte_identical(capsys):
    printer = JsonPrinter()
    for event in (ev.RunStarted("cpu", 8, 8, 0, 0, 100, "fp32"), ev.ThreadsChanged(0, 2, "measuring"),
                  ev.ThreadsChanged(5, 1, "fastest now: 1 thread"),
                  ev.BatchMetrics(1, np.array([1]), np.array([0.5]), np.array([0.5]), 0.001, 10.0, 1, 8, 8),
                  EPOCH, ev.RunEnded(ev.EndReason.COMPLETED, "finished 1 epochs", 8, 1, 2.5)):
        printer(event)
    assert capsys.readouterr().out == (
        '{"event": "start", "device": "cpu", "precision": "fp32", "params": 100, "steps_per_epoch": 8, '
        '"total_steps": 8, "start_epoch": 0}\n'
        '{"event": "epoch", "epoch": 1, "train_loss": 0.5, "train_acc": 0.75, "val_loss": 0.25, '
        '"val_acc": 0.875, "img_per_s": 1000.0, "seconds": 2.0, "threads": 1, '
        '"threads_reason": "fastest now: 1 thread"}\n'
        '{"event": "done", "reason": "completed", "epochs": 1, "val_acc": 0.875, "seconds": 2.5, '
        '"img_per_s": 1000.0}\n')


def test_failed_runs_print_no_summary(capsys):
    for printer in (JsonPrinter(), TextPrinter(epochs=1)):
        printer(ev.RunEnded(ev.EndReason.DIVERGED, "the loss became NaN", 3, 0, 1.0))
        printer(ev.RunEnded(ev.EndReason.ERROR, "Broken.", 3, 0, 1.0))
    assert capsys.readouterr().out == ""


def test_text_lines(capsys):
    printer = TextPrinter(epochs=3)
    printer.tty = False
    for event in (ev.RunStarted("cpu", 24, 8, 0, 0, 1234), ev.ThreadsChanged(0, 1, "measuring"),
                  ev.ThreadsChanged(3, 1, "fastest now: 1 thread"), ev.HParamsChanged(4, 0.01, 0.9, 0.0), EPOCH,
                  ev.Snapshot(8, 1), ev.RunEnded(ev.EndReason.STOPPED, "stopped by the user", 8, 1, 2.5)):
        printer(event)
    assert capsys.readouterr().out.splitlines() == [
        "training on cpu (fp32): 1,234 parameters, 8 steps per epoch",
        "threads: 1 (measuring)",
        "hyperparameters now: lr 0.01, momentum 0.9, weight decay 0",
        "epoch 1/3: train loss 0.5000 acc 75.0% | val loss 0.2500 acc 87.5% | 1,000 img/s, 2.0 s",
        "stopped after 2.5 s",
    ]

"""The main window's menu bar: File, Run, View, Lessons, Help (actions call the window's methods)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from .lessons.dialog import show_lessons
from .panels.lr_finder_dialog import show_lr_finder
from .views import registry


def _action(window, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window) -> dict[str, QAction]:
    """Create the menus of ``window`` (a MainWindow) and return the actions by name."""
    bar = window.menuBar()
    acts: dict[str, QAction] = {}

    file_menu = bar.addMenu("&File")
    acts["new"] = _action(window, file_menu, "&New", window.new_session, QKeySequence.StandardKey.New,
                          "Start over with the seed network and default hyperparameters")
    acts["open_run"] = _action(window, file_menu, "&Open run…", window.run_files.open_dialog, QKeySequence.StandardKey.Open,
                               "Open a saved run; Train then continues it")
    acts["save_run"] = _action(window, file_menu, "&Save run…", window.run_files.save_dialog, QKeySequence.StandardKey.Save,
                               "Save the trained weights, hyperparameters and history")
    acts["open_model"] = _action(window, file_menu, QCoreApplication.translate("Menus", "Open &model…"),
                                 window.open_model_dialog, "Ctrl+Alt+O",
                                 QCoreApplication.translate("Menus", "Look inside a torchvision, TorchScript or "
                                                                     "Python model of your own"))
    acts["watch_run"] = _action(window, file_menu, QCoreApplication.translate("Menus", "&Watch run folder…"),
                                window.watched_runs.open_dialog, None,
                                QCoreApplication.translate("Menus", "Follow a run that another process trains "
                                                                    "(e.g. convnet-studio train under torchrun)"))
    file_menu.addSeparator()
    acts["open_spec"] = _action(window, file_menu, "Open &spec…", window.model_panel.open_spec_dialog,
                                "Ctrl+Shift+O", "Load a network from a JSON spec file")
    acts["save_spec"] = _action(window, file_menu, "Save s&pec…", window.model_panel.save_spec_dialog,
                                "Ctrl+Shift+S", "Save the network as a JSON spec file")
    file_menu.addSeparator()
    acts["export_model"] = _action(window, file_menu, "Export &model…", window.export_files.dialog, None,
                                   "Write the trained network as a PyTorch script, ONNX, TorchScript or weights")
    acts["export_png"] = _action(window, file_menu, "Export plots as &PNG…", window.export_png_dialog, "Ctrl+E",
                                 "Save the training curves as an image")
    acts["export_csv"] = _action(window, file_menu, "Export metrics as &CSV…", window.export_csv_dialog,
                                 "Ctrl+Shift+E", "Save the per-step and per-epoch metrics as CSV files")
    acts["open_timelapse"] = _action(window, file_menu, "Open &time-lapse…", window.timelapse_files.open_dialog,
                                     None, "Replay how the filters and feature maps of a kept run folder formed")
    acts["export_timelapse"] = _action(window, file_menu, "Export time-lapse as &GIF…",
                                       window.timelapse_files.export_dialog, None,
                                       "Save the time-lapse shown as an animated GIF or PNG frames")
    file_menu.addSeparator()
    acts["quit"] = _action(window, file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit,
                           "Close ConvNet Studio (a running training is stopped first)")

    run_menu = bar.addMenu("&Run")
    for name in ("train", "pause", "resume", "stop"):
        run_menu.addAction(window.run_panel.actions[name])
    run_menu.addSeparator()
    run_menu.addAction(window.tensorboard.action)
    acts["tensorboard"] = window.tensorboard.action
    acts["lr_find"] = _action(window, run_menu, QCoreApplication.translate("Menus", "Find &learning rate…"),
                              lambda: show_lr_finder(window), None, QCoreApplication.translate(
                                  "Menus", "Try rising learning rates on a copy of the network and suggest one"))

    view_menu = bar.addMenu("&View")
    for dock in window.docks.values():
        view_menu.addAction(dock.toggleViewAction())
    view_menu.addSeparator()
    for view in registry.VIEWS:
        act = _action(window, view_menu, view.title, window.show_view_by_sender, view.shortcut,
                      f"Show the {view.title} view")
        act.setData(view.name)
        acts[f"view_{view.name}"] = act
    view_menu.addSeparator()
    acts["reset_layout"] = _action(window, view_menu, "&Reset layout", window.reset_layout, None,
                                   "Put every panel back where it started")

    lessons_menu = bar.addMenu(QCoreApplication.translate("Menus", "&Lessons"))
    acts["lessons"] = _action(window, lessons_menu, QCoreApplication.translate("Menus", "&Lessons…"),
                              lambda: show_lessons(window), None, QCoreApplication.translate(
                                  "Menus", "Experiments that change one knob and show what it does"))

    help_menu = bar.addMenu("&Help")
    acts["shortcuts"] = _action(window, help_menu, "&Keyboard shortcuts", window.show_shortcuts,
                                QKeySequence.StandardKey.HelpContents, "List every keyboard shortcut")
    acts["about"] = _action(window, help_menu, "&About ConvNet Studio", window.show_about, None,
                            "Version information")
    return acts

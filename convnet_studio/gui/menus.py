"""The main window's menu bar: File, Run, View, Lessons, Help (actions call the window's methods)."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from .lessons.dialog import show_lessons
from .panels.lr_finder_dialog import show_lr_finder
from .views import registry
from .i18n import translate
from .i18n.language_menu import add_language_menu


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

    file_menu = bar.addMenu(translate("menus", "&File"))
    acts["new"] = _action(window, file_menu, translate("menus", "&New"), window.new_session,
                          QKeySequence.StandardKey.New,
                          translate("menus", "Start over with the seed network and default hyperparameters"))
    acts["open_run"] = _action(window, file_menu, translate("menus", "&Open run…"), window.run_files.open_dialog,
                               QKeySequence.StandardKey.Open,
                               translate("menus", "Open a saved run; Train then continues it"))
    acts["save_run"] = _action(window, file_menu, translate("menus", "&Save run…"), window.run_files.save_dialog,
                               QKeySequence.StandardKey.Save,
                               translate("menus", "Save the trained weights, hyperparameters and history"))
    acts["open_model"] = _action(window, file_menu, translate("menus", "Open &model…"),
                                 window.open_model_dialog, "Ctrl+Alt+O",
                                 translate("menus", "Look inside a torchvision, TorchScript or "
                                                    "Python model of your own"))
    acts["watch_run"] = _action(window, file_menu, translate("menus", "&Watch run folder…"),
                                window.watched_runs.open_dialog, None,
                                translate("menus", "Follow a run that another process trains "
                                                   "(e.g. convnet-studio train under torchrun)"))
    file_menu.addSeparator()
    acts["open_spec"] = _action(window, file_menu, translate("menus", "Open &spec…"),
                                window.model_panel.open_spec_dialog, "Ctrl+Shift+O",
                                translate("menus", "Load a network from a JSON spec file"))
    acts["save_spec"] = _action(window, file_menu, translate("menus", "Save s&pec…"),
                                window.model_panel.save_spec_dialog, "Ctrl+Shift+S",
                                translate("menus", "Save the network as a JSON spec file"))
    file_menu.addSeparator()
    acts["export_model"] = _action(window, file_menu, translate("menus", "Export &model…"),
                                   window.export_files.dialog, None,
                                   translate("menus", "Write the trained network as a PyTorch script, ONNX, "
                                                      "TorchScript or weights"))
    acts["export_png"] = _action(window, file_menu, translate("menus", "Export plots as &PNG…"),
                                 window.export_png_dialog, "Ctrl+E",
                                 translate("menus", "Save the training curves as an image"))
    acts["export_csv"] = _action(window, file_menu, translate("menus", "Export metrics as &CSV…"),
                                 window.export_csv_dialog, "Ctrl+Shift+E",
                                 translate("menus", "Save the per-step and per-epoch metrics as CSV files"))
    acts["open_timelapse"] = _action(window, file_menu, translate("menus", "Open &time-lapse…"),
                                     window.timelapse_files.open_dialog, None,
                                     translate("menus", "Replay how the filters and feature maps of a kept run "
                                                        "folder formed"))
    acts["export_timelapse"] = _action(window, file_menu, translate("menus", "Export time-lapse as &GIF…"),
                                       window.timelapse_files.export_dialog, None,
                                       translate("menus", "Save the time-lapse shown as an animated GIF or PNG "
                                                          "frames"))
    file_menu.addSeparator()
    acts["quit"] = _action(window, file_menu, translate("menus", "&Quit"), window.close, QKeySequence.StandardKey.Quit,
                           translate("menus", "Close ConvNet Studio (a running training is stopped first)"))

    run_menu = bar.addMenu(translate("menus", "&Run"))
    for name in ("train", "pause", "resume", "stop"):
        run_menu.addAction(window.run_panel.actions[name])
    run_menu.addSeparator()
    run_menu.addAction(window.tensorboard.action)
    acts["tensorboard"] = window.tensorboard.action
    acts["lr_find"] = _action(window, run_menu, translate("menus", "Find &learning rate…"),
                              lambda: show_lr_finder(window), None,
                              translate("menus", "Try rising learning rates on a copy of the network and suggest one"))

    view_menu = bar.addMenu(translate("menus", "&View"))
    for dock in window.docks.values():
        view_menu.addAction(dock.toggleViewAction())
    view_menu.addSeparator()
    for view in registry.VIEWS:
        title = translate("views", view.title)
        act = _action(window, view_menu, title, window.show_view_by_sender, view.shortcut,
                      translate("menus", "Show the {view} view").format(view=title))
        act.setData(view.name)
        acts[f"view_{view.name}"] = act
    view_menu.addSeparator()
    for code, action in add_language_menu(window, view_menu).items():
        acts[f"language_{code}"] = action
    acts["reset_layout"] = _action(window, view_menu, translate("menus", "&Reset layout"), window.reset_layout, None,
                                   translate("menus", "Put every panel back where it started"))

    lessons_menu = bar.addMenu(translate("menus", "&Lessons"))
    acts["lessons"] = _action(window, lessons_menu, translate("menus", "&Lessons…"),
                              lambda: show_lessons(window), None,
                              translate("menus", "Experiments that change one knob and show what it does"))

    help_menu = bar.addMenu(translate("menus", "&Help"))
    acts["shortcuts"] = _action(window, help_menu, translate("menus", "&Keyboard shortcuts"), window.show_shortcuts,
                                QKeySequence.StandardKey.HelpContents,
                                translate("menus", "List every keyboard shortcut"))
    acts["about"] = _action(window, help_menu, translate("menus", "&About ConvNet Studio"), window.show_about, None,
                            translate("menus", "Version information"))
    return acts

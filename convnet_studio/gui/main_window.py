"""MainWindow: panels in left docks, views in central tabs, menus, status bar, persistence.

The window owns the ``StudioState``, the ``RunController`` (compute thread + worker)
and the ``DatasetLoader`` (sharing that thread). It imports no torch: it is painted
first, and its ``StartupSequence`` then loads PyTorch and the dataset behind it.
Closing it stops a live run, optionally offers to save it, joins the thread and saves
the layout and settings.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QSizePolicy, QTabWidget, QWidget

from ..core import events
from ..core.inspect.probe_source import ProbeKind, ProbeSource
from ..core.train.config import TrainConfig
from ..core.model.presets import DEFAULT_PRESET, get_preset
from .compute.dataset_loader import DatasetLoader
from .dialogs import Answers, ShortcutsDialog, show_about
from .i18n import message_text, translate
from .export_files import ExportFiles, TensorBoardToggle
from .menus import build_menus
from .messages import STATUS_TEXT, run_end_message
from .panels.dataset_panel import DatasetPanel
from .panels.hparams_panel import HParamsPanel
from .panels.model_editor import ModelEditorPanel
from .panels.run_panel import RunPanel
from .run_files import RunFiles
from .timelapse_files import TimelapseFiles
from .watch_window import WatchedRuns
from .compute.run_controller import RunController
from .settings import Settings
from .startup import STARTUP_DEVICES, StartupSequence, loading_message
from .support.dock_layout import DockLayout
from .support.shortcut_priority import ShortcutPriority
from .state import StudioState
from .views import registry


class MainWindow(QMainWindow):
    """The studio window. ``interactive=False`` skips every dialog (tests, screenshot mode)."""

    def __init__(self, settings: Optional[Settings] = None, spec=None, config: Optional[TrainConfig] = None,
                 dataset: Optional[str] = "shapes", interactive: bool = True, restore: bool = True,
                 parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.settings = settings if settings is not None else Settings()
        self.interactive = interactive
        #: What to answer instead of asking when ``interactive`` is False.
        self.answers = Answers()
        self._closed = False
        self._run_note = ""
        if spec is None:
            spec = (self.settings.last_spec() if restore else None) or get_preset(DEFAULT_PRESET)
        if config is None:
            config = (self.settings.last_config() if restore else None) or TrainConfig()
        self.state = StudioState(spec, config, self)
        self.controller = RunController(self.state, self)
        self.loader = DatasetLoader(self.controller.thread, self)

        self.setWindowTitle("ConvNet Studio")

        self.dataset_panel = DatasetPanel(self.state, self.loader)
        self.model_panel = ModelEditorPanel(self.state)
        self.hparams_panel = HParamsPanel(self.state, devices=STARTUP_DEVICES)
        self.run_panel = RunPanel(self.state, self.controller)
        self.hparams_panel.liveHParamsEdited.connect(self._on_live_hparams)
        self.run_files = RunFiles(self)
        self.watched_runs = WatchedRuns(self)
        self.export_files = ExportFiles(self)
        self.tensorboard = TensorBoardToggle(self)
        self.run_panel.ask_continue = self.run_files.ask_continue
        self.state.set_spec_guard(lambda _spec: self.run_files.settle(self.tr("Changing the network")))
        self.dataset_panel.set_data_root(self.settings.data_root())

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.views: dict[str, QWidget] = {}
        for entry in registry.VIEWS:
            self.views[entry.name] = entry.load()(self.state)
            self.tabs.addTab(self.views[entry.name], translate("views", entry.title))
        self.plots_view = self.views["plots"]           # the File menu's exports read its curves
        self.tabs.setCurrentWidget(self.views[registry.DEFAULT_VIEW])
        self.setCentralWidget(self.tabs)

        self.dock_layout = DockLayout(self, self.dataset_panel, self.model_panel, self.hparams_panel, self.run_panel)
        self.docks = self.dock_layout.docks
        self.timelapse_files = TimelapseFiles(self)
        self.actions_by_name = build_menus(self)
        self._shortcut_priority = ShortcutPriority(self)

        self.status_label = QLabel(STATUS_TEXT["idle"])
        # a long message must never widen the window: it is clipped instead
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status_label.setMinimumWidth(50)
        self.info_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.info_label)

        self.state.runStatusChanged.connect(self._on_status)
        self.state.runStarted.connect(self._on_run_started)
        self.state.runEnded.connect(self._on_run_ended)
        self.state.runNote.connect(self._on_run_note)
        self.state.datasetChanged.connect(self._on_dataset)
        self.state.shapesChanged.connect(self.update_file_actions)
        self.state.shapesChanged.connect(self._show_network_info)
        self.run_panel.statusMessage.connect(self.say)
        self.loader.started.connect(self._on_load_started)
        self.loader.failed.connect(self._on_load_failed)
        self.controller.saveFinished.connect(self.run_files.on_saved)
        self.controller.runOpened.connect(self.run_files.on_run_opened)
        self.controller.modelOpened.connect(self._on_model_opened)
        self.model_panel.module_tree.closeRequested.connect(self.controller.close_model)
        self.controller.hasRunChanged.connect(self.update_file_actions)

        self.resize(1280, 800)
        if restore:
            self.dock_layout.start(self.settings.window_geometry(), self.settings.window_state())
            if self.settings.last_view() in self.views:
                self.select_view(self.settings.last_view())
        else:
            self.dock_layout.start()
        self.update_file_actions()
        self._show_network_info()
        self.startup = StartupSequence(self, dataset)

    # ------------------------------------------------------------------ layout
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.startup.window_shown()
        self.dock_layout.shown()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        self.startup.window_painted()

    @Slot()
    def reset_layout(self) -> None:
        """Put every dock back where it started."""
        self.dock_layout.reset()

    def view_names(self) -> list[str]:
        """Names ``select_view`` accepts: the central views, then the panels."""
        return [*self.views, *self.docks]

    def select_view(self, name: str) -> None:
        """Show a view ("plots", "filters", "features", "evaluation", ...) or raise a panel ("dataset", ...)."""
        if name in self.views:
            self.tabs.setCurrentWidget(self.views[name])
        elif name in self.docks:
            self.docks[name].show()
            self.docks[name].raise_()
        else:
            raise ValueError(f"unknown view {name!r}; choose from {', '.join([*self.views, *self.docks])}")

    @Slot()
    def show_view_by_sender(self) -> None:
        action = self.sender()
        if action is not None:
            self.select_view(action.data())

    # ------------------------------------------------------------------ status bar
    @Slot(str)
    def say(self, text: str) -> None:
        """Tell the user what the app is doing (status bar; the tooltip holds the whole text)."""
        self.status_label.setText(text)
        self.status_label.setToolTip(text)

    @Slot(str)
    def _on_status(self, status: str) -> None:
        if status == "running":
            info = self.state.run_info
            self.say((self.tr("Training on {device}…").format(device=info.device) if info is not None
                      else STATUS_TEXT[status])
                     + (f" {self._run_note}" if self._run_note else ""))
            self._run_note = ""
        elif status != "idle":
            self.say(STATUS_TEXT[status])
        self.update_file_actions()

    @Slot(object)
    def _on_run_started(self, event: events.RunStarted) -> None:
        self._show_network_info()

    @Slot()
    def _show_network_info(self) -> None:
        """The device of the last run and the parameters of the network as edited (shape inference)."""
        info = self.state.run_info
        device = f"{info.device} · " if info is not None else ""
        if self.state.spec_error is not None:
            self.info_label.setText(device + self.tr("network cannot be built"))
        else:
            self.info_label.setText(device + self.tr("{count:,} parameters").format(count=self.state.totals[0]))

    @Slot(object)
    def _on_run_ended(self, event: events.RunEnded) -> None:
        self.say(run_end_message(event, self.state.last_epoch, self.controller.run_is_kept))

    @Slot(object)
    def _on_run_note(self, event: events.RunNote) -> None:
        self._run_note = message_text(event.message)
        self.say(self._run_note)

    @Slot(str)
    def _on_load_started(self, name: str) -> None:
        self.say(loading_message(self.state.torch_loading, Path(name).name or name))

    @Slot(str)
    def _on_load_failed(self, message: str) -> None:
        self.say(self.tr("Could not load the dataset; the Data panel says why."))
        self.docks["dataset"].show()
        self.docks["dataset"].raise_()

    @Slot(object)
    def _on_dataset(self, ds) -> None:
        c, h, w = ds.input_shape
        self.say(self.tr("Loaded {name}: {count:,} training images of {c}×{h}×{w}, {classes} classes.").format(
            name=ds.name, count=int(ds.train_x.shape[0]), c=c, h=h, w=w, classes=ds.num_classes))
        probe = self.state.probe_image
        stale = (probe is None or probe.source.kind is ProbeKind.TRAIN
                 or tuple(probe.image.shape) != tuple(ds.input_shape))
        if stale and int(ds.val_x.shape[0]):
            self.state.set_probe_image(ProbeSource.val(0), ds.val_x.numpy()[0], int(ds.val_y.numpy()[0]))
        self.update_file_actions()

    @Slot()
    def update_file_actions(self, *_args) -> None:
        """File actions enabled as they can be used: nothing while training, Save once a run exists."""
        idle = not self.state.is_running
        for name in ("new", "open_run", "open_spec"):
            self.actions_by_name[name].setEnabled(idle)
        self.actions_by_name["save_run"].setEnabled(idle and self.controller.has_run)
        self.actions_by_name["export_model"].setEnabled(idle and self.controller.has_run)

    # ------------------------------------------------------------------ live hyperparameters
    @Slot(float, float, float)
    def _on_live_hparams(self, lr: float, momentum: float, weight_decay: float) -> None:
        self.controller.set_live_hparams(lr=lr, momentum=momentum, weight_decay=weight_decay)

    # ------------------------------------------------------------------ file actions
    @Slot()
    def new_session(self) -> None:
        """Start over: the seed network, default hyperparameters, no trained run."""
        if self.state.is_running or not self.run_files.settle(self.tr("A new session")):
            return
        self.controller.forget_run()
        self.controller.close_model()
        self.state.set_spec(get_preset(DEFAULT_PRESET))
        self.state.set_config(TrainConfig())
        self.plots_view.clear()
        self.update_file_actions()
        self.say(self.tr("New session: the seed network with default hyperparameters."))

    @Slot()
    def open_model_dialog(self) -> None:
        """File ▸ Open model…: ask for a model, then open it in the compute thread."""
        from .open_model_dialog import OpenModelDialog
        dialog = OpenModelDialog(self)
        if dialog.exec() and dialog.source() is not None:
            self.open_model(dialog.source())

    def open_model(self, source) -> None:
        """Open the ``ModelSource`` in the compute thread; the views show it once it is open."""
        self.say(self.tr("Opening {0}…").replace("{0}", source.title))
        self.controller.open_model(source)

    @Slot(object, str)
    def _on_model_opened(self, info, error: str) -> None:
        if info is None:
            self.say(error)
            return
        c, h, w = info.meta.input_shape
        self.say(self.tr("Opened {0}: {1} parameters, {2} classes, {3}×{4}×{5} inputs.")
                 .replace("{0}", info.source.title).replace("{1}", f"{info.total_params:,}")
                 .replace("{2}", str(info.meta.num_classes)).replace("{3}", str(c)).replace("{4}", str(h))
                 .replace("{5}", str(w)))

    def open_run(self, path: str) -> None:
        self.say(self.tr("Opening {path}…").format(path=path))
        self.controller.open_run(path)

    @Slot()
    def export_png_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export plots"), "plots.png",
                                              self.tr("PNG image (*.png)"))
        if path:
            self._export(self.plots_view.export_png, path)

    @Slot()
    def export_csv_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export metrics"), "metrics.csv",
                                              self.tr("CSV (*.csv)"))
        if path:
            self._export(self.plots_view.export_csv, path)

    def _export(self, export, path: str) -> None:
        try:
            written = export(path)
        except OSError as exc:
            self.say(self.tr("Could not export to {path}: {reason}.").format(path=path, reason=exc.strerror or exc))
            return
        names = ", ".join(Path(p).name for p in (written if isinstance(written, list) else [written or path]))
        self.say(self.tr("Exported {names}.").format(names=names))

    # ------------------------------------------------------------------ help
    @Slot()
    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.menuBar(), self).show()

    @Slot()
    def show_about(self) -> None:
        show_about(self)

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event) -> None:
        if self._closed:
            event.accept()
            return
        save_path = None
        if self.state.is_running and self.interactive and not self.controller.run_is_kept:
            answer = QMessageBox.question(
                self, self.tr("Training is running"),
                self.tr("Training is still running; closing stops it. Save the run before closing?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
            if answer == QMessageBox.StandardButton.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Save:
                save_path = self.run_files.ask_run_path()
        elif not self.state.is_running and self.controller.has_unsaved_run:
            answer, save_path = self.run_files.ask_before_closing()
            if answer == "cancel":
                event.ignore()
                return
        self.shutdown()
        if save_path:
            error = self.controller.save_run_blocking(save_path)
            if error and self.interactive:
                QMessageBox.warning(self, self.tr("Could not save the run"), message_text(error))
        event.accept()

    @property
    def is_closed(self) -> bool:
        """True once ``shutdown`` ran (the compute thread is stopped)."""
        return self._closed

    def shutdown(self, timeout_ms: int = 2000) -> bool:
        """Stop training and loading, join the compute thread, save settings. True if the thread ended."""
        if self._closed:
            return True
        self._closed = True
        self.loader.cancel()
        self.watched_runs.close_all()
        ended = self.controller.shutdown(timeout_ms)
        for view in self.views.values():
            stop = getattr(view, "stop", None)
            if callable(stop):
                stop()
        self._save_settings()
        return ended

    def _save_settings(self) -> None:
        s = self.settings
        s.save_window(self.saveGeometry(), self.saveState())
        current = self.tabs.currentWidget()
        s.save_view(next((n for n, v in self.views.items() if v is current), registry.DEFAULT_VIEW))
        s.save_spec(self.state.spec)
        s.save_config(self.state.config)
        s.save_data_root(self.dataset_panel.data_root())
        s.sync()

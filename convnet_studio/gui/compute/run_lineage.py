"""RunLineage: what a new run goes on from, and which run folder keeps it.

A run asked to continue the last run (same network, same data) goes on from the last run's
state, in the last run's folder. Otherwise it resumes a run opened from a file when that run
fits (the same spec and dataset), in a new folder that starts with the file's history; or it
starts afresh in a new folder. Between runs the lineage remembers the opened run and the folder
the last run was kept in. It lives in the compute thread with the worker, which tells the user
what came of it.
"""
from __future__ import annotations


class RunLineage:
    """The opened run the next matching run resumes, and the folder the last run was kept in."""

    def __init__(self):
        self.opened = None              # a RunState opened from a file, used by the next matching run
        self.opened_path = ""           # the file self.opened came from
        self.last_folder = None         # the RunFolder the last run was kept in
        self.continuing = False         # the run being built goes on from the last run

    def open(self, path: str, run) -> None:
        """Remember ``run``, opened from ``path``: the next run that fits resumes it, in a new folder."""
        self.opened, self.opened_path = run, path
        self.last_folder = None

    def forget(self) -> None:
        """Drop the opened run and the last run's folder (File > New)."""
        self.opened = None
        self.last_folder = None

    def resume_for(self, request, last_trainer):
        """The ``RunState`` the run of ``request`` goes on from: the last run's (when asked to continue it
        and it fits), else the opened run when it matches (only one run resumes it), else None."""
        run = None
        self.continuing = False
        if (request.continue_run and last_trainer is not None and last_trainer.model is not None
                and last_trainer.spec == request.spec
                and getattr(last_trainer, "model_factory", None) == request.model_factory):
            ds, last_ds = request.dataset, last_trainer.dataset
            if (last_ds.name, tuple(last_ds.input_shape)) == (ds.name, tuple(ds.input_shape)):
                run = last_trainer.state_for_checkpoint()
                self.opened = None
                self.continuing = True
        if run is None:
            run = self._take_opened(request)
        return run

    def folder_for(self, request, resume):
        """The run folder that keeps the run of ``request``: the last run's when it goes on from it,
        else a new one in the runs workspace, started with ``resume``'s history.

        ``RunFolderError`` when the workspace takes no new folder.
        """
        from ...core.runs.branch import write_history
        from ...core.runs.folder import RunFolder, RunFolderError
        from ...core.runs.paths import workspace_dir
        from ...core.runs.recorder import dataset_meta
        folder = self.last_folder if self.continuing else None
        if folder is None:
            opened_path = self.opened_path if resume is not None and not self.continuing else ""
            extra = {"resumed_from_file": opened_path} if opened_path else {}
            factory, spec = request.model_factory, request.spec
            if factory is not None:           # an opened model: its source record instead of a spec
                extra["model"] = factory.to_dict()
            try:
                folder = RunFolder.create(workspace_dir(request.runs_dir),
                                          spec.name if spec is not None else factory.source.title,
                                          spec=spec.to_dict() if spec is not None else None,
                                          config=request.config.to_dict(),
                                          dataset=dataset_meta(request.dataset), **extra)
            except RunFolderError:
                self.last_folder = None
                raise
            if resume is not None:
                try:
                    write_history(folder, resume)
                except RunFolderError:
                    pass                        # the recorder meets the same problem and says so
        self.last_folder = folder
        return folder

    def _take_opened(self, request):
        run = self.opened
        if run is None or run.spec != request.spec or request.model_factory is not None:
            return None
        name = getattr(request.dataset, "name", None)
        if name is not None and run.dataset_name not in ("", name):
            return None
        self.opened = None
        return run

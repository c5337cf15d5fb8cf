"""English templates of the error sentences a person meets in the window (files, datasets, runs,
opened models, lessons, exports); ``core/messages.py`` adds them to its ``CATALOGUE``.

Each id names the error's room and what went wrong; the fields are ``str.format`` fields. The
English text is what the command line prints, so it must not change when a template moves here.
"""
from __future__ import annotations

ERROR_TEMPLATES: dict[str, str] = {
    # ---- network specs (core/model): files and the Model panel
    "spec.at_layer": "layer {index}: {reason}",
    "spec.cannot_read_file": "cannot read spec file {path}: {reason}",
    "spec.file_too_large": "cannot read spec file {path}: it is larger than {kb} KB, far more than any network spec",
    "spec.file_not_utf8": "cannot read spec file {path}: it is not UTF-8 text",
    "spec.bad_json": "not valid JSON ({what} at line {line}, column {column})",
    "spec.json_too_deep": "not a network spec: its JSON is nested far too deeply",
    "spec.huge_number": "not a network spec: it holds a number with thousands of digits",
    "spec.layer_not_object": "a layer must be a JSON object, not {type}",
    "spec.unknown_layer_type": "unknown layer type {kind!r} (known: {known})",
    "spec.unknown_field": "{kind} has no field {field!r} (fields: {fields})",
    "spec.not_an_object": "a model spec must be a JSON object with a 'layers' list",
    "spec.no_layers_list": "a model spec needs a 'layers' list",
    # ---- run files (core/train/checkpoint.py)
    "checkpoint.cannot_write": "cannot write the run file {path}: {reason}",
    "checkpoint.cannot_save": "cannot save the run to {path!r}: {reason}",
    "checkpoint.refused": "{path} is not a ConvNet Studio run file or contains code; refusing to load it",
    "checkpoint.damaged": "the run file {path} is damaged ({what}); it cannot be used",
    "checkpoint.checksum": "its tensors do not match the checksum saved with them",
    "checkpoint.no_such_file": "cannot read the run file {path}: no such file",
    "checkpoint.cannot_read": "cannot read the run file {path}: {reason}",
    "checkpoint.newer": "{path} was written by a newer ConvNet Studio; update to load it",
    "checkpoint.unusable": "{path} holds an unusable run: {reason}",
    # ---- run folders (core/runs)
    "runs.no_free_name": "cannot find a free run name in {workspace}",
    "runs.cannot_create": "cannot create a run folder in {workspace}: {reason}",
    "runs.cannot_read": "cannot read {path}: {reason}",
    "runs.cannot_write": "cannot write {path}: {reason}",
    "runs.meta_not_text": "{path} is not text",
    "runs.meta_bad_json": "{path} is not valid JSON",
    "runs.meta_foreign": "{path} is not a ConvNet Studio run description",
    "runs.meta_newer": "{path} was written by a newer ConvNet Studio",
    "runs.no_checkpoint": "run {run} has no {which} checkpoint (it has: {have})",
    "runs.none": "none",
    "runs.cannot_read_workspace": "cannot read the runs folder {workspace}: {reason}",
    "runs.no_run": "no run {ref!r} in {workspace}",
    "runs.ambiguous": "{ref!r} matches {count} runs ({names}); give more of the id",
    "runs.not_a_run_folder": "{path} does not look like a run folder; it was left alone",
    "runs.still_running": "run {run} is still running; stop it before deleting it",
    "runs.cannot_delete": "cannot delete {path}: {reason}",
    "runs.cannot_branch": "run {run} cannot be branched: {reason}",
    "runs.nothing_to_train": "nothing to train: the {checkpoint} checkpoint of {run} has {epoch} epoch(s) done and "
                             "epochs is the total, so it must be more than {epoch}",
    "runs.mid_epoch": "the {checkpoint} checkpoint of {run} is in the middle of an epoch; branch from best or an "
                      "epoch checkpoint to change the batch size",
    # ---- datasets (core/data)
    "dataset.unknown": "unknown dataset '{name}': choose one of {names} or give a folder of images",
    "dataset.folder_only_options": "the image size and grayscale choices are for image folders: {name}'s images are "
                                   "{c}×{h}×{w}, so leave them out",
    "dataset.cannot_read_folder": "cannot read the folder {path} ({reason}): check that you may read it",
    "dataset.not_a_folder_or_name": "{path} is not a folder: give a folder with one sub-folder of images per class, "
                                    "or one of {names}",
    "dataset.not_a_folder": "{path} is not a folder: give a folder with one sub-folder of images per class",
    "dataset.unreadable_folder": "cannot read the folder {path} ({reason}): check that it exists and that you may "
                                 "read it",
    "dataset.data_root_is_file": "the data folder {root} cannot be used: {folder} is a file, not a folder (set the "
                                 "data folder, or ${env}, to a folder)",
    "dataset.data_root_unreachable": "cannot reach the data folder {root} ({reason})",
    "dataset.sizes_differ": "the images in {folder} are not all the same size (e.g. {a} and {b}): choose a size "
                            "such as {choice}",
    "dataset.bad_image_size": "the image size must be a positive number, (height, width) or '{native}', not "
                              "{value!r}",
    "dataset.too_large_grayscale": "{n:,} grayscale images of {w}×{h} pixels from {folder} need about {need} of "
                                   "memory to load, but only {have} is available: choose a smaller image size or "
                                   "grayscale",
    "dataset.too_large_colour": "{n:,} colour images of {w}×{h} pixels from {folder} need about {need} of memory "
                                "to load, but only {have} is available: choose a smaller image size or grayscale",
    "dataset.bad_val_fraction": "the validation fraction must be at least 0 and below 1, not {value!r}",
    "dataset.no_class_folders_loose": "{path} has no class folders with images (the images are not sorted into "
                                      "class sub-folders): put each class's images in its own sub-folder, e.g. "
                                      "{cat} and {dog}",
    "dataset.no_class_folders_empty": "{path} has no class folders with images (no images were found): put each "
                                      "class's images in its own sub-folder, e.g. {cat} and {dog}",
    "dataset.one_class": "{path} has images for only one class ('{name}'): a classifier needs at least two, so add "
                         "a sub-folder of images for each class",
    "dataset.none_readable": "none of the {count} image files in {path} could be read: check that they are real "
                             "image files",
    "dataset.too_few_readable": "{path} has readable training images for fewer than two classes: add readable "
                                "images for each class",
    "dataset.svhn_needs_scipy": "reading SVHN needs SciPy, which is not installed: run `pip install scipy` and try "
                                "again",
    "dataset.damaged": "{path} is damaged or not the expected file ({reason}): delete it and download it again, or "
                       "replace it with the original",
    "dataset.missing_no_download": "{title} is not in {where} (downloading is turned off): put {what} in {where}",
    "dataset.missing_download_failed": "{title} is not in {where} and could not be downloaded (no internet? "
                                       "{failure}): put {what} in {where}",
    "download.bad_address": "bad address {url}",
    "download.lookup_timed_out": "looking up {host} timed out",
    "download.unreachable": "cannot reach {host}",
    "download.damaged": "{name} arrived damaged (checksum mismatch)",
    # ---- probe images (core/data/image_io.py)
    "image.no_such_file": "The file {name} does not exist.",
    "image.not_an_image": "{name} is not an image file this app can read.",
    "image.unreadable": "{name} could not be read as an image: {reason}",
    # ---- opened models (core/model/external)
    "model.no_pretrained": "torchvision has no pretrained weights for {name}",
    "model.weights_not_here": "torchvision's pretrained weights for {name} are not on this computer: put {file} "
                              "(from {url}) into {folder}, or pass a weights file",
    "model.weights_download_failed": "torchvision's pretrained weights for {name} could not be downloaded ({reason}): "
                                     "download {url} yourself and put it, named {file}, into {folder}",
    "model.no_such_torchvision_model": "torchvision has no classification model called {name!r}; try resnet18, "
                                       "mobilenet_v3_small or efficientnet_b0",
    "model.bad_input_size": "the input size must be at least 1 pixel, not {size}",
    "model.no_weights_file": "the weights file {path} does not exist",
    "model.unreadable_weights": "{name} is not a readable PyTorch weights file (damaged, or not weights)",
    "model.no_state_dict": "{name} holds no state dict of weights",
    "model.other_architecture": "{name} holds weights for another architecture: {details}",
    "model.wrong_input": "{title} cannot take {dims} inputs ({reason}); choose another input size",
    "model.not_scores": "{title} gives {shape} for one image, not one row of class scores",
    "model.unknown_text": "{text!r} is neither a torchvision model name (e.g. resnet18) nor a TorchScript (.pt) or "
                          "Python (.py) file",
    "model.not_python": "{name} cannot be read as a Python file",
    "model.python_failed": "running {name} failed: {error}",
    "model.no_such_class": "{name} defines no nn.Module subclass called {cls}",
    "model.not_one_class": "{name} must define exactly one nn.Module subclass (it defines {found}); name one as "
                           "{name}:ClassName",
    "model.needs_arguments": "{what} in {name} cannot be built without arguments: {error}",
    "model.not_a_module": "{what} in {name} did not give an nn.Module",
    "model.untrusted_code": "{name} is Python code and runs with your permissions: open it only if you trust it "
                            "(--trust-code on the command line)",
    "model.no_python_file": "the Python file {path} does not exist",
    "model.no_torchscript_file": "the TorchScript file {name} does not exist",
    "model.not_torchscript": "{name} is not a TorchScript model file (damaged, or saved another way; save one with "
                             "torch.jit.save)",
    # ---- exports (core/export)
    "export.no_code_rule": "layer {index} ({what}) cannot be written as PyTorch code yet: its kind declares no code "
                           "rule; export the network as ONNX or TorchScript instead",
    "export.cannot_write": "cannot write {path}: {reason}",
    "export.not_logits": "the model returns {type} rather than one batch of logits, so its export cannot be "
                         "checked; only classifiers can be exported",
    "export.unfit_network": "the run's network cannot take {dataset} images: {reason}",
    "export.weights_do_not_fit": "the weights in {source} do not fit its network on {dataset}: {reason}",
    "export.the_run": "the run",
    "export.no_model": "the run has neither a network spec nor a model source, so its model cannot be rebuilt",
    "export.cannot_rebuild": "the run's model cannot be rebuilt for {dataset} images: {reason}",
    "export.unknown_input_shape": "cannot tell the network's input shape from the dataset {dataset!r}: {reason}",
    "export.script_needs_spec": "only a network built in the studio (from a spec) can be written as a training "
                                "script; export this model as ONNX, TorchScript or a state_dict instead",
    "export.script_suffix": "the script file {path} should end in .py: it is Python code",
    "export.folder_is_file": "cannot write {path}: part of its folder path is a file, not a folder",
    "export.not_traceable": "the model cannot be traced to TorchScript: {reason}",
    # ---- lessons (core/lessons)
    "lesson.cannot_read": "cannot read the lesson file {path}: {reason}",
    "lesson.too_large": "{path} is far larger than any lesson file",
    "lesson.bad_json": "{path} is not valid JSON ({reason})",
    "lesson.no_such_lesson": "there is no lesson {name!r}; choose one of {names}",
    "lesson.misnamed": "the lesson file {name}.json names itself {actual!r}",
    "lesson.not_a_lesson": "{where} is not a lesson file (its format must be {format!r})",
    "lesson.wrong_version": "{where} has version {version!r}; this studio reads version {expected}",
    "lesson.fits_not": "{where}: the network does not fit {dataset}: {reason}",
    # ---- hyperparameters (core/train/config.py): run files, lessons
    "config.not_one_of": "{name} must be one of {allowed}, not {value!r}",
    "config.lr": "learning rate must be a positive number, not {value!r}",
    "config.batch_size": "batch size must be a whole number of at least 1, not {value!r}",
    "config.epochs": "epochs must be a whole number of at least 1, not {value!r}",
    "config.momentum": "momentum must be in [0, 1), not {value!r}",
    "config.weight_decay": "weight decay must be zero or positive, not {value!r}",
    "config.label_smoothing": "label smoothing must be in [0, 1), not {value!r}",
    "config.warmup_epochs": "warm-up epochs must be zero or positive, not {value!r}",
    "config.step_every": "step schedule period must be at least 1 epoch, not {value!r}",
    "config.step_gamma": "step schedule factor must be in (0, 1], not {value!r}",
    "config.nesterov": "Nesterov momentum only applies to the sgd optimizer",
    "config.threads": "threads must be a whole number from 0 (automatic) to 1024, not {value!r}",
    "config.metrics_hz": "metrics rate must be positive, not {value!r}",
    # ---- time-lapses, fine-tuning, layer settings read from files
    "timelapse.none": "{path} has no time-lapse",
    "timelapse.unreadable": "the time-lapse in {path} cannot be read ({reason})",
    "timelapse.foreign": "{path} is not a time-lapse description",
    "timelapse.newer": "the time-lapse in {path} was written by a newer version",
    "timelapse.incomplete": "{path} is incomplete",
    "timelapse.no_frames": "the time-lapse in {path} has no frames",
    "timelapse.cut_short": "frame {index} of the time-lapse in {path} is cut short",
    "finetune.channels": "{title} takes {model_channels}-channel images, and this dataset has {channels} channels",
    "spec.unknown_pool_mode": "unknown pool mode {mode!r} (choose from: {choices})",
    "spec.bias_not_bool": "bias must be true or false, not {value!r}",
    "spec.unknown_activation": "unknown activation {fn!r} (choose from: {choices})",
    "spec.bad_out_features": "out features must be a whole number or 'classes', not {value!r}",
    "spec.dropout_not_number": "dropout probability p must be a number, not {p!r}",
    # ---- devices, precision, logging, ONNX, time-lapse exports
    "export.onnx_failed": "the model cannot be exported to ONNX: {reason}",
    "config.precision_unknown": "precision must be one of auto, {choices}, not {value!r}",
    "config.precision_unsupported": "this torch cannot compute in {precision} on the {device} device; choose fp32 "
                                    "or auto",
    "config.no_native_bf16": "this GPU has no native bfloat16 (it needs compute capability 8.0); choose fp16 or "
                             "auto",
    "config.tensorboard_unwritable": "cannot write TensorBoard logs to {path}: {reason}",
    "config.reflect_padding": "reflect padding of {padding} pixels needs images larger than {padding}x{padding}, "
                              "not {h}x{w}",
    "config.no_cuda": "no CUDA GPU is available here; choose the device auto or cpu",
    "config.no_such_gpu": "there is no CUDA GPU number {index}; this machine has {count}",
    "config.no_mps": "Apple's MPS backend is not available here; choose the device auto or cpu",
    "timelapse.no_frames_yet": "the time-lapse in {path} has no frames yet",
    "timelapse.no_layer": "the time-lapse has no {what} of layer {layer} (layers: {choices})",
}

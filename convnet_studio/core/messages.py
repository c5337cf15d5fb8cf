"""Sentences that core says to a person, kept as catalogue entries so a GUI can translate them.

Core never imports Qt, so it cannot call ``tr()``. Instead a user-visible sentence built here
is a ``Message``: an ordinary ``str`` holding the English text (the CLI, logs and tests read it
as before) that also remembers its catalogue ``id`` and named ``fields``. The GUI looks the id's
English template up in its translations and formats the translated template with the same fields
(``convnet_studio.gui.i18n.message_text``). Field values that are Messages themselves are
translated the same way.

Every template lives in ``CATALOGUE``; ``make translations`` copies them into the GUI's
translation sources, so a new id needs no other registration.
"""
from __future__ import annotations

from typing import Any

from .error_messages import ERROR_TEMPLATES

#: id -> English template (``str.format`` syntax with named fields).
CATALOGUE: dict[str, str] = {
    # ---- errors (core/errors.py)
    "error.out_of_memory": "The device ran out of memory; try a smaller batch size or a smaller network.",
    # ---- layer health warnings (core/inspect/health.py)
    # ---- TensorBoard logging (core/train/tensorboard_log.py)
    "tensorboard.missing": "TensorBoard logs need the tensorboard extra: {install}",
    # ---- model export stages (core/export/__init__.py)
    "export.preparing": "Preparing test images",
    "export.writing": "Writing {format}",
    "export.checking": "Checking the export",
    # ---- CPU thread choices (core/train/thread_tuner.py, adaptive_threads.py)
    "threads.fixed": "fixed in the settings",
    "threads.one_core": "one CPU core: one thread",
    "threads.measuring": "measuring which thread count is fastest",
    "threads.remembered": "{threads}, as the last run of this network ({rate} img/s); watching the rate",
    "threads.rate_fell": "the rate fell from {before} to {after} img/s: measuring again",
    "threads.fastest": "fastest now: {threads} at {rate} img/s",
    "threads.fastest_vs": "fastest now: {threads} at {rate} img/s (vs {others})",
    "threads.rate": "{threads} {rate}",
    "threads.one": "{n} thread",
    "threads.many": "{n} threads",
    "health.layer_name": "layer {index} ({label})",
    "health.module_name": "{path} ({label})",
    "health.not_finite": "Gradients are not finite (NaN or infinity) in {layer}: training has diverged; "
                         "lower the learning rate.",
    "health.no_gradient": "No gradient reaches {layer} (its gradient is exactly zero), so it cannot learn; "
                          "look for dead units or saturated activations between it and the output.",
    "health.vanishing": "Gradients vanish: {first} gets {factor} times smaller gradients than {last}, so the "
                        "early layers barely learn; use ReLU instead of sigmoid or tanh, add BatchNorm, or use a "
                        "shallower or residual network.",
    "health.exploding_ratio": "Gradients explode: {first} gets {factor} times larger gradients than {last}; "
                              "lower the learning rate or add BatchNorm.",
    "health.infinitely_many": "infinitely many",
    "health.exploding_norm": "Gradients explode: {layer} has a gradient norm of {norm:.2g}; lower the learning "
                             "rate or clip gradients.",
    "health.dead_units": "Most units of {layer} are dead: {fraction:.0%} output zero for every image; lower "
                         "the learning rate or use LeakyReLU or BatchNorm.",
    "health.lr_too_large": "The learning rate is probably too large: one step changes the weights of {layer} "
                           "by {ratio:.0%} (about 0.1% is healthy).",
    # ---- how a training run ended (core/train/trainer.py, run_end.py)
    "run.stopped_by_user": "stopped by the user at step {step} (epoch {epoch})",
    "run.finished": "finished {epochs} epochs",
    "run.diverged": "the loss became {what} at step {step} (epoch {epoch}): {suspects} is probably too high; "
                    "the weights from step {kept} are kept",
    "run.nan": "NaN",
    "run.infinite": "infinite",
    "run.suspect_lr": "the learning rate {lr:g}",
    "run.suspect_lr_wd": "the learning rate {lr:g} or the weight decay {wd:g}",
    # ---- the layer table's settings column (core/model/layers/*.py describe)
    "layer.describe.channels": "{n} ch",
    "layer.describe.stride": "stride {n}",
    "layer.describe.pad": "pad {n}",
    "layer.describe.no_bias": "no bias",
    "layer.describe.outputs": "{n} outputs",
    "layer.describe.classes": "classes",
    "layer.describe.groups": "{n} groups",
    # ---- datasets (the descriptions of registered datasets are defined in core/data/catalog)
    "dataset.folder": "Images from the folder {name}, one sub-folder per class.",
    # ---- network spec errors (core/model): the Model panel's error line and dialogs
    "shape.flat": "a flat vector of {n} values",
    "shape.maps": "{dims} feature maps",
    "spec.not_whole": "{field} must be a whole number, not {value}",
    "spec.too_small": "{field} must be at least {minimum}, not {value}",
    "spec.too_large": "{field} must be at most {maximum}, not {value}",
    "spec.needs_maps": "{what} needs C×H×W feature maps, but its input is {shape}; move it before the Flatten "
                       "or GlobalAvgPool",
    "spec.kernel_too_large": "the {k}×{k} kernel is larger than its {size} input, so the feature maps would "
                             "shrink to nothing; use a smaller kernel, add padding or remove an earlier pooling layer",
    "spec.kernel_too_large_padded": "the {k}×{k} kernel is larger than its {size} input (padded to {padded}), so "
                                    "the feature maps would shrink to nothing; use a smaller kernel, add padding or "
                                    "remove an earlier pooling layer",
    "spec.window_too_large": "the {k}×{k} pooling window is larger than its {size} input, so the feature maps would "
                             "shrink to nothing; use a smaller pooling window or remove an earlier pooling layer",
    "spec.window_too_large_padded": "the {k}×{k} pooling window is larger than its {size} input (padded to "
                                    "{padded}), so the feature maps would shrink to nothing; use a smaller pooling "
                                    "window or remove an earlier pooling layer",
    "spec.padding_too_large": "padding {padding} is more than a {k}×{k} kernel can use (at most {most}); the extra "
                              "border would only produce outputs that see nothing but zeros",
    "spec.linear_needs_flat": "a Linear layer needs a flat vector, but its input is {shape}; add a Flatten or "
                              "GlobalAvgPool before it",
    "spec.already_flat": "the input is already {shape}; remove this Flatten",
    "spec.groups_do_not_divide": "GroupNorm splits its {c} input channels into {groups} groups, but {c} is not "
                                 "divisible by {groups}; choose a number of groups that divides {c}",
    "spec.no_layers": "the network has no layers; add at least a Flatten and a Linear set to 'classes'",
    "spec.ends_with_maps": "the network ends with {shape} instead of one score per class; finish with a Flatten "
                           "(or GlobalAvgPool) and a Linear set to 'classes'",
    "spec.wrong_outputs_last_linear": "the network ends with {outputs} outputs but the dataset has {classes} "
                                      "classes; set the last Linear to 'classes'",
    "spec.wrong_outputs": "the network ends with {outputs} outputs but the dataset has {classes} classes; end "
                          "with a Linear set to 'classes'",
    "spec.too_many_params": "this layer would have {params:,} parameters, more than the {limit:,} one layer may "
                            "have here; use fewer channels or features",
    "spec.too_many_outputs": "this layer would output {values:,} values per image, more than the {limit:,} "
                             "allowed here; use fewer channels or pool earlier",
    "spec.dropout_range": "dropout probability p must be at least 0 and below 1, not {p}",
}
CATALOGUE.update(ERROR_TEMPLATES)


def define(msg_id: str, template: str) -> "Message":
    """Add ``msg_id`` -> ``template`` (a sentence without fields) to the catalogue; its Message.

    For sentences that live beside what they describe (dataset descriptions); the catalogue
    sees them once their module is imported (``make translations`` imports ``CATALOGUE_MODULES``).
    """
    known = CATALOGUE.setdefault(msg_id, template)
    if known != template:
        raise ValueError(f"message id {msg_id!r} is already defined with another text")
    return Message(msg_id)


#: Modules that ``define`` catalogue entries when imported (light: no torch at import time).
CATALOGUE_MODULES = ("convnet_studio.core.data.catalog", "convnet_studio.core.data.sources",
                     "convnet_studio.core.model.layers", "convnet_studio.core.model.presets")


def joined(parts, separator: str = ", ") -> "Message":
    """``parts`` (Messages or plain strings) joined by ``separator``, each part translated on its own."""
    return Message(JOIN, parts=tuple(parts), separator=separator)


#: The id of ``joined`` texts: no template of its own, its parts are the catalogue entries.
JOIN = "join"
CATALOGUE[JOIN] = "{joined}"

#: The id of ``as_sentence`` texts: another Message, capitalised and ending in punctuation.
SENTENCE = "sentence"
CATALOGUE[SENTENCE] = "{text}"

#: Ids with no text of their own to translate (their parts are catalogue entries).
STRUCTURAL = (JOIN, SENTENCE)

#: Punctuation that already ends a sentence (English and Chinese).
SENTENCE_ENDS = (".", "!", "?", "。", "！", "？")


def sentence_case(text: str) -> str:
    """``text`` with a capital first letter and a full stop unless it already ends a sentence."""
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith(SENTENCE_ENDS) else text + "."


def as_sentence(message: "Message") -> "Message":
    """``message`` as a sentence of its own (``sentence_case``), still translatable."""
    return Message(SENTENCE, text=message)


def reason_of(exc: BaseException) -> str:
    """The text of ``exc`` for a field of another Message: its catalogue Message when it was raised with
    one (so the window translates it too), otherwise ``str(exc)``."""
    if not isinstance(exc, BaseException):      # already a text (one_sentence accepts those too)
        return exc if isinstance(exc, Message) else str(exc)
    raw = exc.args[0] if len(exc.args) == 1 else None
    return raw if isinstance(raw, Message) and raw == str(exc) else str(exc)


class Message(str):
    """English text of catalogue entry ``msg_id`` filled with ``fields``; still a plain ``str``."""

    id: str
    fields: dict[str, Any]

    def __new__(cls, msg_id: str, **fields: Any) -> "Message":
        if msg_id == JOIN:
            text = fields["separator"].join(str(part) for part in fields["parts"])
        elif msg_id == SENTENCE:
            text = sentence_case(str(fields["text"]))
        else:
            text = CATALOGUE[msg_id].format(**{k: (str(v) if isinstance(v, Message) else v)
                                               for k, v in fields.items()})
        obj = super().__new__(cls, text)
        obj.id = msg_id
        obj.fields = fields
        return obj

    def __reduce__(self):
        return (_rebuild, (self.id, self.fields))


def _rebuild(msg_id: str, fields: dict) -> Message:
    return Message(msg_id, **fields)

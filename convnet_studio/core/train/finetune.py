"""Fine-tune an opened model: a model factory for ``Trainer(model_factory=...)``.

``FineTune(source, head_only)`` opens the model at the dataset's input size, gives it a
fresh classifier head for the dataset's classes (kept when the count already matches) and,
for "head only", freezes every other parameter and keeps the frozen part in eval mode
(batch-norm statistics and dropout as at test time), so training changes the head alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from torch import nn

from ..model.external import ModelSource, ModelSourceError, open_model
from ..model.external.head import freeze_all_but, replace_head
from ..messages import Message
from .config import ConfigError


@dataclass(frozen=True)
class FineTune:
    """Builds ``source`` for a dataset; ``head_only``: train the classifier head, freeze the rest."""
    source: ModelSource
    head_only: bool = False

    def __call__(self, input_shape: Sequence[int], num_classes: int) -> nn.Module:
        """The model to train, on the CPU, in train mode; ConfigError (one sentence) when the model
        cannot be opened or cannot take the dataset's images."""
        shape = tuple(int(v) for v in input_shape)
        source = ModelSource(**{**self.source.to_dict(), "input_size": shape[1] if shape[1] == shape[2] else None})
        try:
            opened = open_model(source)
            if opened.meta.input_shape[0] != shape[0]:
                raise ModelSourceError(Message("finetune.channels", title=source.title,
                                               model_channels=opened.meta.input_shape[0], channels=shape[0]))
            model = opened.module
            head = replace_head(model, int(num_classes))
        except (ModelSourceError, ValueError) as exc:
            raise ConfigError(str(exc)) from exc
        if self.head_only:
            freeze_all_but(model, head)
            _keep_in_eval(model, head)
        return model.train()

    def to_dict(self) -> dict[str, Any]:
        """The run's model source record (run.json ``"model": {"source": ...}``)."""
        return {**self.source.to_dict(), "head_only": bool(self.head_only)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FineTune":
        """Inverse of ``to_dict``; ModelSourceError for a record without kind/name."""
        return cls(ModelSource.from_dict(data), bool(data.get("head_only", False)))


def _keep_in_eval(model: nn.Module, head: str) -> None:
    """Before every forward pass in train mode, put the modules outside ``head`` back in eval mode."""
    frozen = [m for path, m in model.named_modules() if path and not (path == head or path.startswith(head + "."))]

    def pre_hook(module, _args):
        if module.training:
            for m in frozen:
                m.training = False

    model.register_forward_pre_hook(pre_hook)

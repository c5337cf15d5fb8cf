"""torchvision's pretrained weights in torch hub's cache: which file, where, and fetching it.

Opening a model never touches the network: ``"pretrained"`` weights are read from torch
hub's checkpoints folder, ``torch.hub.get_dir()/checkpoints/<file>``, where torchvision's
own ``weights.get_state_dict()`` keeps them too (the file name, URL and size come from
torchvision's weights enum). ``fetch_pretrained`` puts the file there first when it is
missing: downloaded from the enum's URL, with the SHA-256 check torch hub applies to the
hash in the file's name. Offline it fails with one sentence naming the file and the folder.
"""
from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .base import ModelSourceError
from ...messages import Message, reason_of

#: torch hub's own pattern for the hash prefix in a checkpoint's file name (``resnet18-f37072fd.pth``).
HASH_IN_NAME = re.compile(r"-([a-f0-9]*)\.")

#: ``progress(bytes done, bytes in all (0: unknown), message)``; may raise to cancel the download.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class PretrainedWeights:
    """torchvision's default pretrained weights of one architecture: where they come from and go."""
    architecture: str
    url: str
    file: Path                      # torch.hub.get_dir()/checkpoints/<file name of the url>
    size_mb: Optional[float] = None

    @property
    def cached(self) -> bool:
        """True when the file is in torch hub's cache (opening then needs no network)."""
        return self.file.is_file()

    @property
    def hash_prefix(self) -> Optional[str]:
        found = HASH_IN_NAME.search(self.file.name)
        return found.group(1) if found and found.group(1) else None


def weights_enum(name: str):
    """torchvision's default weights enum member for the architecture ``name``, or None."""
    import torchvision.models as models
    try:
        return models.get_model_weights(name).DEFAULT
    except (ValueError, KeyError, AttributeError):
        return None


def pretrained_weights(name: str) -> Optional[PretrainedWeights]:
    """The pretrained weights torchvision has for ``name`` (None: it has none)."""
    import torch
    weights = weights_enum(name)
    if weights is None:
        return None
    size = (getattr(weights, "meta", {}) or {}).get("_file_size")
    return PretrainedWeights(architecture=name, url=weights.url,
                             file=Path(torch.hub.get_dir()) / "checkpoints" / Path(weights.url).name,
                             size_mb=float(size) if isinstance(size, (int, float)) else None)


def not_here_sentence(weights: PretrainedWeights) -> Message:
    """Why opening with pretrained weights fails offline, and which file to put where."""
    return Message("model.weights_not_here", name=weights.architecture, file=weights.file.name, url=weights.url,
                   folder=weights.file.parent)


def fetch_pretrained(name: str, progress: Optional[Progress] = None) -> Path:
    """The pretrained weights file of ``name`` in torch hub's cache, downloaded there first when it is
    missing (a file already there is used without network). ModelSourceError (one sentence naming the
    file and the folder) when it cannot be downloaded; an exception raised by ``progress`` propagates
    and leaves nothing behind."""
    from ...util.download import DownloadFailed, download
    weights = pretrained_weights(name)
    if weights is None:
        raise ModelSourceError(Message("model.no_pretrained", name=name))
    if weights.cached:
        return weights.file
    # a name of its own, so that two processes fetching at once never write into one file
    partial = weights.file.with_name(f"{weights.file.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        download(weights.url, partial, progress=progress, label=weights.file.name, sha256_prefix=weights.hash_prefix)
        os.replace(partial, weights.file)
    except (DownloadFailed, OSError) as exc:
        _discard(partial)
        reason = reason_of(exc)
        raise ModelSourceError(Message(
            "model.weights_download_failed", name=name, url=weights.url, file=weights.file.name,
            folder=weights.file.parent, reason=reason if isinstance(reason, Message) else reason.rstrip("."))) from exc
    except BaseException:
        _discard(partial)
        raise
    return weights.file


def _discard(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass

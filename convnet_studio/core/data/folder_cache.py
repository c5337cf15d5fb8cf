"""A cache of decoded image folders, so the second load of a folder skips decoding.

The key is a hash of every file's path, size and modification time plus the target
size and colour mode, so any added, removed, replaced or touched file makes a new entry. Entries are
single ``torch.save`` files of plain tensors, written atomically and read back with
``weights_only=True``; an entry is used only when it names the key it was stored
under and holds one image of the expected size per file, so a broken, foreign or
swapped entry is ignored (and overwritten by the next load).
Only the ``MAX_ENTRIES`` most recently used entries are kept, none over ``MAX_BYTES``.

``$CONVNET_STUDIO_CACHE`` moves the cache folder; ``off`` turns the cache off.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Optional

import numpy as np
import torch

from ..util.atomic import atomic_write

CACHE_ENV = "CONVNET_STUDIO_CACHE"
FORMAT_VERSION = 2
MAX_ENTRIES = 4
MAX_BYTES = 2 * 1024 ** 3


def cache_dir() -> Optional[Path]:
    """The cache folder, or None when caching is off."""
    env = os.environ.get(CACHE_ENV)
    if env and env.strip().lower() in ("off", "0", "no", "false"):
        return None
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "convnet-studio" / "folders"


def folder_key(files: list[str], size_hw: tuple, grayscale: bool = False) -> Optional[str]:
    """Hash of the files' paths, sizes and modification times, the target size and the colour mode.

    None if a file vanished, or when the cache is off (no need to stat every file then).
    """
    if cache_dir() is None:
        return None
    mode = "gray" if grayscale else "auto"
    digest = hashlib.sha256(f"v{FORMAT_VERSION} {tuple(size_hw)} {mode}".encode())
    try:
        for path in files:
            st = os.stat(path)
            digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    except OSError:
        return None
    return digest.hexdigest()[:32]


def load(key: Optional[str], count: Optional[int] = None,
         size_hw: Optional[tuple] = None) -> Optional[tuple[np.ndarray, np.ndarray, bool]]:
    """(images (N, H, W, C) uint8 with C 1 or 3, ok mask, all grayscale) of a cached folder, or None.

    ``count`` and ``size_hw``, when given, are what the entry must hold: ``count``
    images of ``size_hw``.
    """
    folder = cache_dir()
    if key is None or folder is None:
        return None
    path = folder / f"{key}.pt"
    try:
        entry = torch.load(path, map_location="cpu", weights_only=True)
        images, ok, gray = entry["images"], entry["ok"], entry["all_gray"]
        if (entry.get("version") != FORMAT_VERSION or entry.get("key") != key
                or not isinstance(gray, bool) or images.dtype != torch.uint8 or ok.dtype != torch.bool
                or images.dim() != 4 or images.shape[3] not in (1, 3) or ok.shape != images.shape[:1]
                or (count is not None and images.shape[0] != count)
                or (size_hw is not None and tuple(images.shape[1:3]) != tuple(size_hw))):
            return None
        os.utime(path)                 # most recently used
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: decode again
        return None
    return images.numpy(), ok.numpy().astype(bool), gray


def store(key: Optional[str], images: np.ndarray, ok: np.ndarray, all_gray: bool) -> None:
    """Save a decoded folder (best effort: a full disk or a read-only home only costs speed)."""
    folder = cache_dir()
    if key is None or folder is None or images.nbytes > MAX_BYTES:
        return
    entry = {"version": FORMAT_VERSION, "key": key, "images": torch.from_numpy(np.ascontiguousarray(images)),
             "ok": torch.from_numpy(ok.astype(np.bool_)), "all_gray": bool(all_gray)}
    try:
        atomic_write(folder / f"{key}.pt", lambda fh: torch.save(entry, fh))
        _prune(folder)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.pt"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        try:
            old.unlink()
        except OSError:
            pass

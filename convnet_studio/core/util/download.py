"""Fetch one file over HTTP(S) with a short network timeout, an MD5 or SHA-256 check and progress.

Offline, this fails within seconds (name lookup is bounded too), so the app never
hangs waiting for a network that is not there. Shared by the dataset downloads (core.data)
and torchvision's pretrained weights (core.model.external.pretrained).
"""
from __future__ import annotations

import hashlib
import http.client
import os
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Callable

from ..messages import Message

#: ``progress(bytes done, bytes in all (0: unknown), message)``; may raise to abandon the download.
ProgressFn = Callable[[int, int, str], None]

#: Seconds to wait for a name lookup, a connection or the next chunk of data.
TIMEOUT_S = 10.0
_CHUNK = 1 << 20


class DownloadFailed(Exception):
    """A download that did not produce a verified file; str() is a short reason."""


def md5sum(path: Path) -> str:
    """MD5 hex digest of a file."""
    return _digest(path, hashlib.md5())


def sha256sum(path: Path) -> str:
    """SHA-256 hex digest of a file."""
    return _digest(path, hashlib.sha256())


def _digest(path: Path, h) -> str:
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(_CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _check_host(url: str, timeout: float) -> None:
    """Resolve the URL's host within ``timeout`` (getaddrinfo ignores socket timeouts)."""
    host = urllib.parse.urlsplit(url).hostname
    if not host:
        raise DownloadFailed(Message("download.bad_address", url=url))
    result: list = []

    def resolve():
        try:
            socket.getaddrinfo(host, None)
            result.append(None)
        except OSError as e:
            result.append(e)

    thread = threading.Thread(target=resolve, daemon=True, name="resolve-host")
    thread.start()
    thread.join(timeout)
    if not result:
        raise DownloadFailed(Message("download.lookup_timed_out", host=host))
    if result[0] is not None:
        raise DownloadFailed(Message("download.unreachable", host=host))


def download(url: str, dest: Path, md5: str | None = None, progress: ProgressFn | None = None,
             label: str = "", timeout: float = TIMEOUT_S, sha256_prefix: str | None = None) -> None:
    """Download ``url`` to ``dest`` (atomically, via ``dest.part``), or raise DownloadFailed.

    ``sha256_prefix``: the file's SHA-256 digest must start with it (as torch hub names its files).
    An exception raised by ``progress`` (e.g. to cancel) leaves no partial file and propagates."""
    part = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        if urllib.parse.urlsplit(url).scheme in ("http", "https"):
            _check_host(url, timeout)
        request = urllib.request.Request(url, headers={"User-Agent": "convnet-studio"})
        with urllib.request.urlopen(request, timeout=timeout) as response, open(part, "wb") as f:
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            while True:
                block = response.read(_CHUNK)
                if not block:
                    break
                f.write(block)
                done += len(block)
                if progress is not None:
                    progress(done, total, f"Downloading {label or dest.name}")
        if (md5 and md5sum(part) != md5) or (sha256_prefix and not sha256sum(part).startswith(sha256_prefix)):
            raise DownloadFailed(Message("download.damaged", name=dest.name))
        os.replace(part, dest)
    except DownloadFailed:
        _discard(part)
        raise
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
        _discard(part)
        reason = getattr(e, "reason", None) or e
        raise DownloadFailed(str(reason)) from None
    except BaseException:
        _discard(part)
        raise


def _discard(part: Path) -> None:
    """Remove a partial download if there is one (a folder on the way may be a file: nothing to remove)."""
    try:
        part.unlink()
    except OSError:
        pass

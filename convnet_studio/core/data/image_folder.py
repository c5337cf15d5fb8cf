"""Load a folder of images, one sub-folder per class, into memory in one go.

Layouts: ``PATH/<class>/*`` (a stratified validation split is drawn with the seed),
or ``PATH/train/<class>/*`` with ``PATH/val|valid|validation|test/<class>/*`` beside it
(without one, ``train`` is split). Class folders may nest images in sub-folders.

Every image becomes the same shape:
- size: chosen by ``image_size`` (see core/data/folder_plan.py: automatic, at most
  64 px a side, by default); other images are resized (not cropped) to it. A choice
  that would not fit in the memory available is refused before decoding.
- mode: grayscale (1 channel) when asked for or when every image is grayscale,
  otherwise RGB; palette, CMYK and other modes are converted, and transparency is
  composited over white.
Files with an image extension that cannot be decoded are skipped, counted, and the
first MAX_SKIPPED_LISTED of them named with the reason.
Decoded folders are cached (core/data/folder_cache.py): loading the same, unchanged
files again skips decoding.
Decoding runs on a thread pool, or in forked processes where the caller allows it
(core/data/process_decode.py). JPEG and PNG files already at the target size go through
torchvision's decoders (libjpeg-turbo, libpng); everything else through Pillow,
which decodes JPEGs at reduced scale (draft mode) when they are shrunk.
"""
from __future__ import annotations

import contextlib
import os
import time
import warnings
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torchvision.io import ImageReadMode, decode_image, decode_jpeg

from . import folder_cache
from . import process_decode
from ..errors import one_sentence
from .dataset import MAX_SKIPPED_LISTED, DatasetError, InMemoryDataset, ProgressFn
from .folder_layout import find_layout, image_files, is_dir
from .folder_plan import check_fits, sample_sizes, target_size
from ..messages import Message

GRAY_MODES = frozenset({"1", "L", "LA", "I", "I;16", "I;16L", "I;16B", "I;16N", "F"})
PROGRESS_INTERVAL_S = 0.1
_CHUNK = 64
_FAST_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png"})

# torchvision 0.29 deprecates its image decoders in favour of torchcodec (a further
# dependency); pyproject keeps torchvision below 0.30, where they are still there.
warnings.filterwarnings("ignore", category=DeprecationWarning,
                        message="The image decoding and encoding capabilities of TorchVision")


def _stratified_split(classes: dict, val_fraction: float, seed: int):
    """Per class, shuffle with the seed and move round(n * val_fraction) files to validation."""
    rng = np.random.default_rng(seed)
    train, val = {}, {}
    for name, files in classes.items():
        n = len(files)
        n_val = int(round(n * val_fraction))
        if val_fraction > 0 and n >= 2:
            n_val = min(max(n_val, 1), n - 1)
        order = rng.permutation(n)
        val[name] = [files[i] for i in sorted(order[:n_val])]
        train[name] = [files[i] for i in sorted(order[n_val:])]
    return train, val


def _read_tensor(path: str) -> torch.Tensor:
    """A file's bytes as a uint8 tensor (one read into a fresh, writable buffer)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        buf = bytearray(os.fstat(fd).st_size)
        view, got = memoryview(buf), 0
        while got < len(buf):
            n = os.readv(fd, [view[got:]])
            if n == 0:
                del buf[got:]                 # the file shrank while being read
                break
            got += n
    finally:
        os.close(fd)
    return torch.frombuffer(buf, dtype=torch.uint8) if buf else torch.empty(0, dtype=torch.uint8)


def _decode_fast(paths: list[str], size_hw: tuple[int, int], out: np.ndarray, gray: np.ndarray) -> np.ndarray:
    """Decode same-size JPEG/PNG files with torchvision's libjpeg-turbo/libpng decoders into ``out``.

    JPEGs go through one batched call (for small images Python's per-file overhead is
    most of the cost), and the RGB ones at the target size are written to ``out`` with
    one copy. Returns the mask of files decoded here; the others (other
    formats, sizes or modes, or files these decoders refuse) are left to Pillow, which
    then decodes them or counts them as unreadable.
    """
    h, w = size_hw
    done = np.zeros(len(paths), bool)
    jpegs, data = [], []
    for k, path in enumerate(paths):
        ext = os.path.splitext(path)[1].lower()
        try:
            if ext in (".jpg", ".jpeg"):
                data.append(_read_tensor(path))
                jpegs.append(k)
            elif ext == ".png":
                done[k] = _put(decode_image(_read_tensor(path), mode=ImageReadMode.UNCHANGED), k, size_hw, out, gray)
        except (OSError, RuntimeError, ValueError):
            pass
    if not data:
        return done
    try:
        images = decode_jpeg(data, mode=ImageReadMode.UNCHANGED)
    except (RuntimeError, ValueError):        # one bad file fails the batch: decode one by one
        images = []
        for blob in data:
            try:
                images.append(decode_jpeg(blob, mode=ImageReadMode.UNCHANGED))
            except (RuntimeError, ValueError):
                images.append(None)
    rgb, rgb_arrays = [], []
    for k, img in zip(jpegs, images):
        if img is not None and img.dtype == torch.uint8 and tuple(img.shape) == (3, h, w):
            rgb.append(k)
            rgb_arrays.append(img.numpy())
        else:
            done[k] = _put(img, k, size_hw, out, gray)
    if rgb:
        out[rgb] = np.stack(rgb_arrays).transpose(0, 2, 3, 1)   # numpy: no OpenMP pool in loader threads
        done[rgb] = True
    return done


def _put(img: torch.Tensor | None, k: int, size_hw: tuple[int, int], out: np.ndarray, gray: np.ndarray) -> bool:
    """Write a torchvision-decoded (C, H, W) RGB or grayscale image to ``out[k]``; False for Pillow to do."""
    if img is None or img.dtype != torch.uint8 or img.shape[0] not in (1, 3) or tuple(img.shape[1:]) != size_hw:
        return False                          # alpha, 16-bit or another size: Pillow handles those
    out[k] = img.permute(1, 2, 0).numpy()     # a grayscale image broadcasts to the three channels
    gray[k] = img.shape[0] == 1
    return True


def _decode(path: str, size_wh: tuple[int, int]) -> tuple[np.ndarray, bool]:
    """One file -> (H, W, 3) uint8 RGB array at ``size_wh`` and whether it was grayscale."""
    with Image.open(path) as im:
        gray = im.mode in GRAY_MODES
        if im.format == "JPEG" and im.size != size_wh:
            im.draft(im.mode, size_wh)          # decode at 1/2, 1/4 or 1/8 scale if possible
        if im.mode.startswith("I;16"):
            im = Image.fromarray((np.asarray(im).astype(np.uint32) >> 8).astype(np.uint8))
        if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
            rgba = im.convert("RGBA")
            im = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
        if im.mode != "RGB":
            im = im.convert("RGB")
        if im.size != size_wh:
            im = im.resize(size_wh, Image.Resampling.BILINEAR)
        return np.asarray(im), gray


def _decode_range(files: list[str], size_hw: tuple[int, int], lo: int, hi: int,
                  out: np.ndarray, ok: np.ndarray, gray: np.ndarray) -> None:
    """Decode ``files[lo:hi]`` into ``out``/``ok``/``gray`` (torchvision where it can, else Pillow)."""
    h, w = size_hw
    done = _decode_fast(files[lo:hi], size_hw, out[lo:hi], gray[lo:hi])
    ok[lo:hi] = done
    for i in np.flatnonzero(~done) + lo:
        try:
            out[i], gray[i] = _decode(files[i], (w, h))
            ok[i] = True
        except Exception:  # any undecodable file is skipped and counted, never raised
            pass


@contextlib.contextmanager
def _large_images_noted():
    """Collect Pillow's ``DecompressionBombWarning`` messages instead of printing them raw.

    Other warnings raised meanwhile are shown as usual once the block ends.
    """
    large: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", Image.DecompressionBombWarning)
        yield large
    for w in caught:
        if issubclass(w.category, Image.DecompressionBombWarning):
            large.append(str(w.message))
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def decode_images(files: list[str], size_hw: tuple[int, int], progress: ProgressFn | None = None,
                  workers: int | None = None, label: str = "Loading images", processes: int = 0):
    """Decode ``files`` in parallel into uint8 (N, H, W, 3).

    Returns (images, ok mask, all_gray). ``progress(done, total, message)`` is called
    at most every PROGRESS_INTERVAL_S seconds, plus once at the start and the end.
    ``processes`` > 1 decodes in that many forked processes (core/process_decode.py:
    only where no other thread is busy, e.g. the CLI), otherwise on ``workers`` threads.
    """
    n = len(files)
    last = [time.monotonic()]

    def report(done: int, bad: int = 0) -> None:
        now = time.monotonic()
        if progress is not None and (now - last[0] >= PROGRESS_INTERVAL_S or done in (0, n)):
            last[0] = now
            extra = f" ({bad} unreadable, skipped)" if bad else ""
            progress(done, n, f"{label}: {done} of {n}{extra}")

    def decode_range(lo: int, hi: int, out: np.ndarray, ok: np.ndarray, gray: np.ndarray) -> None:
        _decode_range(files, size_hw, lo, hi, out, ok, gray)

    report(0)
    if processes > 1 and n > 2 * process_decode.CHUNK and process_decode.can_fork():
        out, ok, gray = process_decode.decode_in_processes(
            n, (*size_hw, 3), decode_range, processes, lambda done: report(min(done, n - 1)))
        report(n, int(n - ok.sum()))
        return out, ok, bool(ok.any() and gray[ok].all())

    out = np.zeros((n, *size_hw, 3), np.uint8)
    ok = np.zeros(n, bool)
    gray = np.zeros(n, bool)

    def work(lo: int, hi: int) -> int:
        decode_range(lo, hi, out, ok, gray)
        return hi - lo

    done = bad = 0
    with ThreadPoolExecutor(max_workers=workers or min(8, os.cpu_count() or 1),
                            thread_name_prefix="decode") as pool:
        futures = {pool.submit(work, lo, min(n, lo + _CHUNK)): lo for lo in range(0, n, _CHUNK)}
        for future in as_completed(futures):
            lo = futures[future]
            count = future.result()
            done += count
            bad += int(count - ok[lo:lo + count].sum())
            report(done, bad)
    return out, ok, bool(ok.any() and gray[ok].all())


def _to_gray(images: np.ndarray, chunk: int = 1024) -> np.ndarray:
    """uint8 (N, H, W, 3) RGB -> (N, H, W, 1) luminance, rounded as Pillow's ``convert("L")`` does."""
    out = np.empty((*images.shape[:3], 1), np.uint8)
    weights = np.array([19595, 38470, 7471], np.uint32)
    for lo in range(0, images.shape[0], chunk):
        part = images[lo:lo + chunk].astype(np.uint32)
        out[lo:lo + chunk, ..., 0] = (part @ weights + 0x8000) >> 16
    return out


def _decode_folder(path: Path, files: list[str], size_hw: tuple[int, int], grayscale: bool,
                   progress: ProgressFn | None, decode_processes: int) -> tuple[np.ndarray, np.ndarray]:
    """(images (N, H, W, C), ok mask) of ``files``: from the cache, or decoded (and then cached).

    C is 1 when ``grayscale`` or when every image is grayscale, else 3.
    """
    key = folder_cache.folder_key(files, size_hw, grayscale)
    cached = folder_cache.load(key, len(files), size_hw)
    if cached is not None:
        if progress is not None:
            progress(len(files), len(files), f"Loaded {len(files)} images of {path.name} from the cache")
        images, ok, _ = cached
        return images, ok
    images, ok, all_gray = decode_images(files, size_hw, progress, label=f"Loading images from {path.name}",
                                         processes=decode_processes)
    if all_gray:
        images = images[..., :1]
    elif grayscale:
        images = _to_gray(images)
    folder_cache.store(key, images, ok, images.shape[3] == 1)
    return images, ok


def why_unreadable(path: str) -> str:
    """A few words on why Pillow cannot decode ``path`` (for the list of skipped files)."""
    try:
        if os.path.getsize(path) == 0:
            return "the file is empty"
        with Image.open(path) as im:
            im.load()
    except Image.UnidentifiedImageError:
        return "not an image format Pillow can read"
    except Exception as exc:  # noqa: BLE001 - whatever the decoder says, as one sentence
        return one_sentence(exc)
    return "it could not be decoded"


def load_image_folder(path, val_fraction: float = 0.1, seed: int = 0,
                      progress: ProgressFn | None = None, image_size=None,
                      decode_processes: int = 0, *, grayscale: bool = False) -> InMemoryDataset:
    """Load an image-folder dataset (see the module docstring) as an InMemoryDataset.

    ``image_size``: None (automatic), an int (square), (height, width) or ``"native"``
    (see ``core/data/folder_plan.py``); ``grayscale``: one channel whatever the images.
    ``decode_processes``: see ``decode_images`` (``processes``).
    """
    path = Path(path).expanduser()
    if not is_dir(path):
        raise DatasetError(Message("dataset.not_a_folder", path=path))
    if not (isinstance(val_fraction, (int, float)) and 0 <= val_fraction < 1):
        raise DatasetError(Message("dataset.bad_val_fraction", value=val_fraction))
    train, val = find_layout(path)
    if not train:
        loose = bool(image_files(path))
        raise DatasetError(Message("dataset.no_class_folders_loose" if loose else "dataset.no_class_folders_empty",
                                   path=path, cat=path / 'cat', dog=path / 'dog'))
    if val is None:
        train, val = _stratified_split(train, val_fraction, seed)
    class_names = tuple(sorted(set(train) | set(val)))
    if len([c for c in class_names if train.get(c)]) < 2:
        raise DatasetError(Message("dataset.one_class", path=path, name=class_names[0]))
    index = {c: i for i, c in enumerate(class_names)}
    files, labels, is_train = [], [], []
    for split, flag in ((train, True), (val, False)):
        for name, paths in split.items():
            files.extend(paths)
            labels.extend([index[name]] * len(paths))
            is_train.extend([flag] * len(paths))
    with _large_images_noted() as large:
        sizes = sample_sizes(files) if image_size is None or isinstance(image_size, str) else None
        size_hw = target_size(image_size, sizes, path)
        check_fits(len(files), size_hw, 1 if grayscale else 3, path)
        images, ok = _decode_folder(path, files, size_hw, bool(grayscale), progress, decode_processes)
    notes = (f"some images are very large (over {Image.MAX_IMAGE_PIXELS:,} pixels); they were decoded "
             f"and shrunk, which is slow and uses much memory",) if large else ()
    bad = np.flatnonzero(~ok)
    skipped_files = tuple((files[i], why_unreadable(files[i])) for i in bad[:MAX_SKIPPED_LISTED])
    if not ok.any():
        raise DatasetError(Message("dataset.none_readable", count=len(files), path=path))
    x = torch.from_numpy(images).permute(0, 3, 1, 2)
    y = torch.tensor(labels, dtype=torch.int64)
    train_mask = torch.from_numpy(ok & np.array(is_train, bool))
    val_mask = torch.from_numpy(ok & ~np.array(is_train, bool))
    if len(torch.unique(y[train_mask])) < 2:
        raise DatasetError(Message("dataset.too_few_readable", path=path))
    return InMemoryDataset(str(path.resolve()), class_names,
                           x[train_mask].contiguous(), y[train_mask],
                           x[val_mask].contiguous(), y[val_mask], skipped=len(bad), notes=notes,
                           skipped_files=skipped_files)

"""Keep OpenMP from slowing the training thread when several threads have used torch.

GNU OpenMP (libgomp, which the Linux torch wheels use) gives every thread that runs a
parallel region its own pool of worker threads, and keeps the pool until that thread
exits. Once the pools together hold more threads than there are CPUs, libgomp
"throttles": idle workers spin ~100 times instead of ~300,000 before they sleep in the
kernel, so every one of the thousands of small parallel regions of a training step
pays a futex wake-up (measured: ~16k voluntary context switches per 150 LeNet steps
on 2 cores, against ~30 without a second pool). A GUI thread or a benchmark's main
thread that ran one multi-threaded op before training starts is enough to trigger it.

``release_openmp_pool()`` frees the *calling* thread's pool (``omp_pause_resource_all``,
OpenMP 5.0, in libgomp since GCC 9), so only the training thread keeps one.
"""
from __future__ import annotations

import ctypes
import functools
import sys
from typing import Optional

_OMP_PAUSE_SOFT = 1


@functools.lru_cache(maxsize=1)
def _libgomp() -> Optional[ctypes.CDLL]:
    """The libgomp loaded into this process by torch, or None."""
    import torch  # noqa: F401 - loads libgomp
    if not sys.platform.startswith("linux"):
        return None
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = {line.split()[-1] for line in maps if "libgomp" in line and "/" in line}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        if hasattr(lib, "omp_pause_resource_all"):
            lib.omp_pause_resource_all.argtypes = [ctypes.c_int]
            lib.omp_pause_resource_all.restype = ctypes.c_int
            return lib
    return None


def release_openmp_pool() -> bool:
    """Free the calling thread's OpenMP worker pool; True if one could be released.

    Cheap and safe to call at any time outside a parallel region; the pool is created
    again the next time this thread runs a multi-threaded op. A no-op where torch does
    not use GNU OpenMP.
    """
    lib = _libgomp()
    if lib is None:
        return False
    return lib.omp_pause_resource_all(_OMP_PAUSE_SOFT) == 0

"""``keep_freed_memory``: let the C library keep the memory of freed large arrays.

NumPy allocates every array afresh. glibc's ``malloc`` serves large blocks
with ``mmap`` and hands freed memory back to the kernel, so a training step
that makes the same large arrays as the step before touches fresh pages
again, and every first touch of a page is a page fault. On the
Olivetti-sized CNN of ``benchmarks/`` that was about a third of the step.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

# glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# The largest mmap threshold glibc accepts on 64-bit systems: blocks up to it
# come from the heap, whose freed memory is then kept.
_MMAP_THRESHOLD = 32 * 1024 * 1024
# Free memory at the top of the heap is given back only beyond this (2 GiB,
# the largest value mallopt takes).
_TRIM_THRESHOLD = 2**31 - 1


def keep_freed_memory() -> bool:
    """Keep freed memory in the process for the next arrays, on Linux with glibc.

    Blocks of up to 32 MiB then come from the heap instead of fresh
    mappings, and freed memory stays in the process: a training loop that
    allocates the same large arrays at every step stops paying page faults
    for them. The resident memory stays at its peak instead of shrinking
    between steps (the peak itself does not grow). It is a setting of the
    C library for the whole process, for the rest of its life; call it once
    at the start of a training script. The environment variables
    ``MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=2147483647`` do the
    same from outside.

    Returns True where it took effect, False where the C library is not
    glibc (macOS, Windows, musl): there it does nothing.

    Examples
    --------
    At the top of a training script (not run here: it would change the
    process that runs these examples)::

        import ad_ops
        ad_ops.keep_freed_memory()
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc: no mallopt
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
    )

"""Process hygiene shared by the stages that start processes: die with the parent, bounded
memory. Linux only where the kernel offers it; elsewhere these do nothing."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import resource
import signal

PR_SET_PDEATHSIG = 1


@functools.cache
def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None


_libc()  # loaded now: die_with_parent runs between fork and exec, where loading is unsafe


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Ask the kernel to send ``sig`` to this process when its parent dies, however it dies.

    Called in a child right after fork (or as a subprocess's preexec_fn): a worker or a
    Tesseract process never outlives the service that started it, so nothing keeps running
    (or holds the service's port) after a ``kill -9``.
    """
    libc = _libc()
    if libc is not None:
        libc.prctl(PR_SET_PDEATHSIG, sig)


def limit_memory(max_bytes: int | None) -> None:
    """Cap this process's address space: an allocation beyond it fails (MemoryError) instead
    of growing until the kernel's OOM killer takes some other process down."""
    if not max_bytes:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))

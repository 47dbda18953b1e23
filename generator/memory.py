"""Memory the process no longer uses, given back to the system."""

from __future__ import annotations

import ctypes


def trim_heap() -> None:
    """Give the C heap's free pages back to the system.

    glibc raises its mmap threshold when a big array is freed, so later
    arrays come from the heap, and freed heap pages stay resident, counted
    in this process and shared with every child it forks. Elsewhere a no-op.
    """
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass

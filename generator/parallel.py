"""Use the second core: run one pure function in a forked child while the parent works.

The child inherits the parent's memory (fork), so nothing is pickled on the
way in, and sends its result back through a pipe. Results are used exactly
as if computed in place, so the output does not depend on scheduling.
``ATLAS_WORKERS=1`` (or a one-core machine, or no ``fork``) computes
everything in the parent instead.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1  # prctl(2)


def workers() -> int:
    wanted = os.environ.get("ATLAS_WORKERS", "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        return int(wanted)
    return min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def background(fn: Callable[..., T], *args: object) -> Callable[[], T]:
    """Start ``fn(*args)``; the returned function waits for its result (or raises its error)."""
    if workers() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        result = fn(*args)
        return lambda: result
    trim_heap()  # what the parent freed is not copied into the child's share
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_run, args=(os.getpid(), receive, send, fn, args), daemon=True)
    child.start()
    send.close()

    def wait() -> T:
        try:
            ok, value = receive.recv()  # before join: a big result must not fill the pipe and stall the child
        except EOFError:
            raise RuntimeError(f"a worker process died (exit code {child.exitcode}) in {fn.__name__}") from None
        finally:
            receive.close()
            child.join()
        if not ok:
            raise value
        return value

    return wait


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


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when ``parent`` dies (Linux; elsewhere a no-op).

    A build killed mid-way must stop whole: its worker must not go on
    writing temporaries beside the next build, or linger.
    """
    try:
        ctypes.CDLL("libc.so.6").prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not glibc
        return
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


def _run(parent: int, receive, send, fn: Callable[..., object], args: tuple[object, ...]) -> None:
    _die_with(parent)
    # The child's copy of the reading end goes: were it open, a write to a
    # parent that is gone would block for ever on a full pipe it reads itself.
    receive.close()
    try:
        message = (True, fn(*args))
    except BaseException as exc:  # the parent raises it
        message = (False, exc)
    try:
        send.send(message)
        send.close()
    except BrokenPipeError:  # the parent is gone: nobody to report to
        pass


def map_split(fn: Callable[[object], T], items: list) -> list[T]:
    """``[fn(x) for x in items]``, the first half in a forked child and the second here."""
    half = len(items) // 2 if workers() >= 2 and len(items) >= 64 else 0
    first = background(_map, fn, items[:half])
    rest = _map(fn, items[half:])
    return first() + rest


def _map(fn: Callable[[object], T], items: list) -> list[T]:
    return [fn(x) for x in items]

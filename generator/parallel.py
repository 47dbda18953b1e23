"""Use the second core: run a function in a forked child while the parent works.

Only ``pipeline.py`` calls this module. ``background`` forks once the
inputs exist: the child inherits them (fork), so nothing is pickled on the
way in, and sends its result back through a pipe. ``share`` has both
processes take work from one queue. Results are used exactly as if
computed in place, so the output does not depend on scheduling.
``ATLAS_WORKERS=1`` (or a one-core machine, or no ``fork``) computes
everything in the parent instead.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from generator.memory import trim_heap

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
            raise _died(child, fn) from None
        finally:
            receive.close()
            child.join()
        if not ok:
            raise value
        return value

    return wait


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
    _report(send, message)


def _report(conn, message: tuple[bool, object]) -> None:
    try:
        conn.send(message)
        conn.close()
    except BrokenPipeError:  # the parent is gone: nobody to report to
        pass


def _died(child, fn: Callable[..., object]) -> RuntimeError:
    name = getattr(fn, "__name__", repr(fn))
    return RuntimeError(f"a worker process died (exit code {child.exitcode}) in {name}")


def map_split(fn: Callable[[object], T], items: list) -> list[T]:
    """``[fn(x) for x in items]``, the first half in a forked child and the second here."""
    half = len(items) // 2 if workers() >= 2 and len(items) >= 64 else 0
    first = background(_map, fn, items[:half])
    rest = _map(fn, items[half:])
    return first() + rest


def _map(fn: Callable[[object], T], items: list) -> list[T]:
    return [fn(x) for x in items]


class Queue:
    """The numbers 0 .. n-1, taken a few at a time by whichever process is free.

    The position is shared memory (a forked child inherits it), so two
    processes finish together however unevenly the items cost: papers.json
    alone is as much work as thousands of pages.
    """

    TAKE = 8  # items a process takes at a time: few locks, and little left over at the end

    def __init__(self, n: int) -> None:
        self._n = n
        self._next = multiprocessing.Value("q", 0)

    def __iter__(self) -> Iterator[int]:
        while True:
            with self._next.get_lock():
                start = self._next.value
                self._next.value = start + self.TAKE
            if start >= self._n:
                return
            yield from range(start, min(start + self.TAKE, self._n))

    def close(self) -> None:
        """Leave nothing to take: one process failed, so the other may stop."""
        with self._next.get_lock():
            self._next.value = self._n


def share(fn: Callable[[Iterable[int]], T], n: int) -> list[T]:
    """``fn`` run by this process and a forked child on one ``Queue`` of ``n`` items; their results.

    When either fails, the queue is closed so that the other stops soon,
    both are waited for, and the first error is raised.
    """
    if workers() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [fn(range(n))]
    queue = Queue(n)

    def work() -> T:
        try:
            return fn(queue)
        except BaseException:
            queue.close()
            raise

    wait = background(work)
    try:
        mine = work()
    except BaseException:
        try:
            wait()  # soon over: the queue is closed
        except BaseException:
            pass  # this process's error is the one to raise
        raise
    return [mine, wait()]

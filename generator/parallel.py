"""Use the second core: run one pure function in a forked child while the parent works.

``background`` forks when the inputs exist: the child inherits them (fork),
so nothing is pickled on the way in. ``standby`` forks before they exist,
so that the child's slow imports overlap the parent's loading, and hands
it the arguments later, pickled into an anonymous file both hold. Either
child sends its result back through a pipe. Results are used exactly as
if computed in place, so the output does not depend on scheduling.
``ATLAS_WORKERS=1`` (or a one-core machine, or no ``fork``) computes
everything in the parent instead.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import signal
import tempfile
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
            raise _died(child, fn) from None
        finally:
            receive.close()
            child.join()
        if not ok:
            raise value
        return value

    return wait


class Standby:
    """A worker forked early, that runs ``fn`` once its arguments exist.

    Forked before the inputs are loaded, the child does its slow imports
    (``warm``) while the parent loads; the arguments then reach it pickled,
    through an anonymous file both hold. Leaving the ``with`` block without
    calling ``submit`` (a failed load, a memoised result) stops the child.
    """

    def __init__(self, fn: Callable[..., T], warm: Callable[[], object]) -> None:
        self._fn = fn
        self._conn = None
        self._child = None
        self._spool = -1
        if workers() >= 2 and "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            # The arguments go through a file both processes hold, not the pipe: a pipe holds
            # a few hundred KB, so the parent would wait for a child still importing to read.
            self._spool = _anonymous_file()
            self._conn, theirs = ctx.Pipe(duplex=True)
            self._child = ctx.Process(
                target=_serve, args=(os.getpid(), self._conn, theirs, self._spool, fn, warm), daemon=True
            )
            self._child.start()
            theirs.close()

    def submit(self, *args: object) -> Callable[[], T]:
        """Start ``fn(*args)`` in the child (here without one); the returned function waits for its result."""
        if self._conn is None:
            result = self._fn(*args)
            return lambda: result
        conn = self._conn
        data = pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(self._spool, data)
        conn.send(len(data))  # a few bytes: never waits for the child, which reads once warm
        del data

        def wait() -> T:
            try:
                ok, value = conn.recv()
            except EOFError:
                self.close(done=True)
                raise _died(self._child, self._fn) from None
            except BaseException:
                self.close()
                raise
            self.close(done=True)
            if not ok:
                raise value
            return value

        return wait

    def close(self, *, done: bool = False) -> None:
        """Reap the child; one whose result will not be read is stopped (the build failed or needs none)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            os.close(self._spool)
            if not done:
                self._child.kill()
            self._child.join()

    def __enter__(self) -> Standby:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def standby(fn: Callable[..., T], warm: Callable[[], object] = lambda: None) -> Standby:
    """Fork a worker now for one later call of ``fn`` (see ``Standby``)."""
    return Standby(fn, warm)


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


def _anonymous_file() -> int:
    """A file descriptor of a file with no name (in memory where Linux allows)."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("atlas-standby", os.MFD_CLOEXEC)
    with tempfile.TemporaryFile() as f:
        return os.dup(f.fileno())


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    done = 0
    while done < len(view):
        done += os.pwrite(fd, view[done:], done)


def _read_all(fd: int, size: int) -> bytes:
    parts, done = [], 0
    while done < size:
        part = os.pread(fd, size - done, done)
        if not part:
            raise EOFError("the worker's arguments were cut short")
        parts.append(part)
        done += len(part)
    return b"".join(parts)


def _serve(parent: int, ours, conn, spool: int, fn: Callable[..., object], warm: Callable[[], object]) -> None:
    _die_with(parent)
    ours.close()  # as in _run: only the parent may hold its end
    try:
        warm()
        failed = None
    except BaseException as exc:  # a failed warm-up is the call's failure
        failed = exc
    try:
        size = conn.recv()
    except EOFError:  # the parent needs nothing after all
        return
    if failed is not None:
        _report(conn, (False, failed))
        return
    try:
        data = _read_all(spool, size)
        os.ftruncate(spool, 0)  # read: its memory goes back now, not when the parent closes it
        args = pickle.loads(data)
        del data
        message = (True, fn(*args))
    except BaseException as exc:
        message = (False, exc)
    _report(conn, message)


def map_split(fn: Callable[[object], T], items: list) -> list[T]:
    """``[fn(x) for x in items]``, the first half in a forked child and the second here."""
    half = len(items) // 2 if workers() >= 2 and len(items) >= 64 else 0
    first = background(_map, fn, items[:half])
    rest = _map(fn, items[half:])
    return first() + rest


def _map(fn: Callable[[object], T], items: list) -> list[T]:
    return [fn(x) for x in items]

"""generator.parallel: a forked worker gives what the same call gives in place, errors included."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from generator import parallel
from generator.errors import AtlasError, Problem


def pid_and_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def fail(message: str) -> None:
    raise AtlasError(Problem("data/papers.yaml", 3, message))


def test_background_runs_in_another_process_and_returns_its_result(monkeypatch):
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    pid, square = parallel.background(pid_and_square, 12)()
    assert square == 144 and pid != os.getpid()


def test_one_worker_computes_in_place(monkeypatch):
    monkeypatch.setenv("ATLAS_WORKERS", "1")
    assert parallel.background(pid_and_square, 3)() == (os.getpid(), 9)
    assert parallel.map_split(pid_and_square, list(range(100))) == [(os.getpid(), x * x) for x in range(100)]


def test_the_workers_error_is_raised_in_the_parent(monkeypatch):
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    wait = parallel.background(fail, "bad paper")
    with pytest.raises(AtlasError) as err:
        wait()
    assert str(err.value) == "data/papers.yaml:3: bad paper"


def test_map_split_keeps_the_order_and_uses_both_processes(monkeypatch):
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    out = parallel.map_split(pid_and_square, list(range(200)))
    assert [square for _, square in out] == [x * x for x in range(200)]
    assert {pid for pid, _ in out[:100]} != {os.getpid()} and {pid for pid, _ in out[100:]} == {os.getpid()}


def test_standby_forks_first_and_computes_what_the_call_gives_in_place(monkeypatch):
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    with parallel.standby(pid_and_square) as worker:
        pid, square = worker.submit(7)()
    assert square == 49 and pid != os.getpid()
    monkeypatch.setenv("ATLAS_WORKERS", "1")
    with parallel.standby(pid_and_square) as worker:
        assert worker.submit(7)() == (os.getpid(), 49)


def test_standby_raises_the_workers_error_and_a_failed_warm_up(monkeypatch):
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    with parallel.standby(fail) as worker:
        wait = worker.submit("bad paper")
        with pytest.raises(AtlasError, match="data/papers.yaml:3: bad paper"):
            wait()
    with parallel.standby(pid_and_square, warm=lambda: fail("no numpy")) as worker:
        with pytest.raises(AtlasError, match="no numpy"):
            worker.submit(2)()


def test_a_standby_never_used_leaves_no_process(monkeypatch):
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    before = set(multiprocessing.active_children())
    started = time.monotonic()
    with pytest.raises(ValueError):
        with parallel.standby(pid_and_square, warm=lambda: time.sleep(30)):
            assert set(multiprocessing.active_children()) - before  # the worker is warming up
            raise ValueError("the corpus did not load")
    assert set(multiprocessing.active_children()) <= before and time.monotonic() - started < 10

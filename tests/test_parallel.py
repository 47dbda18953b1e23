"""generator.parallel: a forked worker gives what the same call gives in place, errors included."""

from __future__ import annotations

import os

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

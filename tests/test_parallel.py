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


def test_share_gives_every_item_once_across_both_processes(monkeypatch):
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    parent, child_took_some = os.getpid(), multiprocessing.Event()

    def work(numbers):
        taken = []
        for i in numbers:
            if os.getpid() != parent:
                child_took_some.set()
            else:
                child_took_some.wait(60)  # the parent leaves work until the child has taken some
            taken.append((os.getpid(), i))
        return taken

    results = parallel.share(work, 1000)
    taken = sorted(i for batch in results for _, i in batch)
    assert taken == list(range(1000))
    assert len({pid for batch in results for pid, _ in batch}) == 2  # each process took some
    monkeypatch.setenv("ATLAS_WORKERS", "1")
    assert parallel.share(lambda numbers: list(numbers), 5) == [[0, 1, 2, 3, 4]]


def test_share_raises_either_processes_error_and_leaves_no_process(monkeypatch):
    monkeypatch.setenv("ATLAS_WORKERS", "2")
    parent = os.getpid()
    before = set(multiprocessing.active_children())

    def fails_in(pid_test):
        def work(numbers):
            for i in numbers:
                if pid_test(os.getpid()) and i >= 0:
                    fail(f"item {i}")
                time.sleep(0.001)
            return "done"
        return work

    for in_child in (True, False):
        with pytest.raises(AtlasError, match="data/papers.yaml:3: item"):
            parallel.share(fails_in(lambda pid: (pid != parent) == in_child), 200)
    assert set(multiprocessing.active_children()) <= before

"""Shared fixtures: the real seed corpus and small excerpts of it."""

from __future__ import annotations

import compileall
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RAW = ROOT / "data" / "raw"
SEEDS = sorted(RAW.glob("*.txt"))

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def pytest_sessionstart(session) -> None:
    """The generator's bytecode, written before any test runs (once: up-to-date files are left alone).

    The projects the serve tests run ``mkdocs serve`` on watch generator/ (a symlink to this one),
    and a .pyc written there mid-session (bench.run compiles the generator; a first import without
    PYTHONDONTWRITEBYTECODE writes one) starts a build that no edit made: a test counting builds
    then read the page before its edit's build (seen once in CI, with test_bench on another worker).
    """
    compileall.compile_dir(ROOT / "generator", quiet=1)


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_entries():
    """Every entry of the four real dumps."""
    from generator.ingest.parse import parse_dump

    entries = []
    for path in SEEDS:
        found, _ = parse_dump(path.read_bytes(), path.name)
        entries.extend(found)
    return entries


@pytest.fixture(scope="session")
def seed_corpus(seed_entries):
    from generator.ingest.corpus import build_corpus

    papers, stats = build_corpus(seed_entries)
    return papers, stats


@pytest.fixture(scope="session")
def enriched_seeds(tmp_path_factory):
    """The seed dumps ingested and enriched with the project's topics and curation: the Site the pages show."""
    from generator import pipeline

    data = tmp_path_factory.mktemp("data")
    pipeline.ingest(SEEDS, data / "papers.yaml")
    for name in ("topics.yaml", "curation.yaml"):
        shutil.copy(ROOT / "data" / name, data / name)
    return pipeline.enrich_data(data)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's inputs (mkdocs.yml, data/, docs/ hand pages, overrides/)."""
    from bench.project import make_project

    return make_project(tmp_path)

"""Problems are the project's own error, raised where they are found; a bug is not bad input.

Reserved slugs are refused wherever a slug enters (a hand-edited corpus, the
taxonomy, a title that slugs to one), and one build never writes a path twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.enrich.topics import load_topics
from generator.errors import AtlasError
from generator.ingest.corpus import build_corpus
from generator.models import MARKER, Entry, Source
from generator.output.render import Pages
from generator.storage import codec, files
from generator.storage.docs import DocsWriter


def test_a_hand_edited_corpus_slug_that_names_a_list_page_is_refused_at_its_line(project: Path, seed_corpus):
    papers = seed_corpus[0]
    corpus = project / "data" / "papers.yaml"
    text = codec.corpus_to_yaml(papers)
    first = papers[0].slug
    corpus.write_text(text.replace(f'slug: "{first}"', 'slug: "index"', 1), encoding="utf-8")
    found = pipeline.check(project / "data")
    reserved = [p for p in found if "reserved" in p.message]
    assert len(reserved) == 1 and reserved[0].path == str(corpus)
    line = corpus.read_text(encoding="utf-8").splitlines()[reserved[0].line - 1]
    assert line.startswith("- ")  # the line of that paper's entry
    with pytest.raises(AtlasError):  # and a build stops before writing anything
        pipeline.build(project / "data", project / "docs")
    assert not (project / "docs" / "papers").exists()


def test_a_topic_slug_that_names_the_overview_is_refused():
    data = {"topics": [{"slug": "index", "name": "Index", "description": "All.", "keywords": ["x"]}]}
    with pytest.raises(AtlasError) as raised:
        load_topics(data, "data/topics.yaml")
    assert [(p.path, p.message) for p in raised.value.problems] == [
        ("data/topics.yaml", "topic #1 ('index'): slug 'index' is reserved: topics/index.md is the list of topics")
    ]


def test_a_paper_titled_index_gets_a_slug_of_its_own():
    entry = Entry(title="Index", abstract="An abstract long enough to read as one.", source=Source("a.txt", 1))
    papers, _ = build_corpus([entry])
    assert [p.slug for p in papers] == ["index-paper"]


def test_the_writer_refuses_a_path_twice_before_writing_anything(tmp_path: Path):
    docs = tmp_path / "docs"
    with pytest.raises(AtlasError) as raised:
        DocsWriter(docs, ["papers/a.md", "papers/b.md", "papers/a.md"])
    assert [p.message for p in raised.value.problems] == ["refusing to write it twice in one build"]
    assert raised.value.problems[0].path == str(docs / "papers" / "a.md")
    assert not docs.exists() or not any(docs.rglob("*.md"))


def test_pages_made_twice_are_a_bug_of_the_output_stage():
    pages = Pages()
    pages.add("papers/a.md", MARKER + "\n")
    with pytest.raises(ValueError, match="made twice"):
        pages.add("papers/a.md", MARKER + "\n")


def test_a_bug_shows_its_traceback_and_bad_input_does_not(monkeypatch, tmp_path: Path):
    runner = CliRunner()
    data = tmp_path / "data"
    data.mkdir()
    (data / "topics.yaml").write_text("topics: nas\n", encoding="utf-8")
    bad = runner.invoke(main, ["check", "--data", str(data)])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert "'topics' must be a non-empty list of topics" in bad.output

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(pipeline, "check", broken)
    crashed = runner.invoke(main, ["check", "--data", str(data)])
    assert isinstance(crashed.exception, KeyError)  # not turned into "error: ..." and exit 1


def test_files_digest_changes_with_any_byte(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"one")
    first = files.digest([a, b], salt="x")
    b.write_bytes(b"")
    assert files.digest([a, b], salt="x") != first  # a file appearing counts, even empty
    assert files.digest([a, b], salt="y") != files.digest([a, b], salt="x")

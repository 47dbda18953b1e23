"""The curation overlay: a curator's word wins, and mistakes are named."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from generator import pipeline
from generator.enrich.curation import load_curation
from generator.enrich.site import enrich
from generator.enrich.topics import load_topics
from generator.errors import AtlasError
from generator.storage import codec, files

MAMBA = "mamba-linear-time-sequence-modeling-with-selective-state-spaces"
BYTE = "bytetransformer-a-high-performance-transformer-boosted-for-variable-length"


@pytest.fixture(scope="module")
def corpus():
    return codec.load_corpus(ROOT / "data" / "papers.yaml")


@pytest.fixture(scope="module")
def topics():
    return load_topics(files.load_yaml(ROOT / "data" / "topics.yaml"), "data/topics.yaml")


def curate(corpus, topics, entries: dict):
    return load_curation({"papers": entries}, "curation.yaml", {p.slug for p in corpus}, {t.slug for t in topics})


def test_overrides_win_and_say_they_are_curated(corpus, topics):
    some_topic = topics[0].slug
    cur = curate(
        corpus,
        topics,
        {
            MAMBA: {
                "tldr": "Mamba makes state-space models selective.",
                "key_points": ["One.", "Two."],
                "add_topics": [some_topic],
                "featured": True,
                "note": "Read this first.",
            }
        },
    )
    site = enrich(corpus, topics, cur)
    e = site.index[MAMBA]
    assert e.summary.tldr == "Mamba makes state-space models selective."
    assert e.summary.origin["tldr"] == "curated"
    assert [text for _, text in e.summary.key_points] == ["One.", "Two."]
    assert e.summary.origin["key_numbers"] == "extracted"
    assert e.topics[0] == some_topic and e.featured and e.note == "Read this first."
    assert site.index[BYTE].summary.origin["tldr"] == "extracted"


def test_remove_topic(corpus, topics):
    computed = enrich(corpus, topics, {}).index[MAMBA].topics
    assert computed
    cur = curate(corpus, topics, {MAMBA: {"remove_topics": [computed[0]]}})
    assert computed[0] not in enrich(corpus, topics, cur).index[MAMBA].topics


def test_hidden_paper_has_no_page_and_no_links(corpus, topics):
    from generator.output.render import render_site

    site = enrich(corpus, topics, {})
    # Hide a paper that others list as related, and check it vanishes everywhere.
    victim = next(r.slug for e in site.papers for r in e.related)
    pages = render_site(enrich(corpus, topics, curate(corpus, topics, {victim: {"hidden": True}})))
    assert f"papers/{victim}.md" not in pages
    assert not any(f"{victim}.md)" in text or f"{victim}/" in text for text in pages.values() if isinstance(text, str))


def test_unknown_slug_and_topic_name_the_entry_and_closest_names(corpus, topics):
    with pytest.raises(AtlasError) as info:
        curate(
            corpus,
            topics,
            {
                "mamba-linear-time-sequence-modelling-with-selective-state-spaces": {"featured": True},
                BYTE: {"add_topics": ["state-space-model"], "tldr": 3},
            },
        )
    message = str(info.value)
    assert "curation.yaml" in message
    assert "'mamba-linear-time-sequence-modelling-with-selective-state-spaces': no paper has this slug" in message
    assert f"closest: {MAMBA}" in message
    assert "unknown topic 'state-space-model'" in message and "state-space-models" in message
    assert "`tldr` must be text" in message
    assert len(info.value.problems) == 3  # every problem at once


def test_build_fails_on_bad_curation_and_writes_nothing(tmp_path: Path):
    import shutil

    data = tmp_path / "data"
    data.mkdir()
    for name in ("papers.yaml", "topics.yaml"):
        shutil.copy(ROOT / "data" / name, data / name)
    (data / "curation.yaml").write_text("papers:\n  no-such-paper:\n    featured: true\n")
    with pytest.raises(AtlasError) as info:
        pipeline.build(data, tmp_path / "docs")
    assert str(info.value).startswith(f"{data / 'curation.yaml'}:2: entry 'no-such-paper'")
    assert not (tmp_path / "docs").exists()


def test_the_committed_curation_file_is_valid_and_used(corpus, topics):
    raw = yaml.safe_load((ROOT / "data" / "curation.yaml").read_text())
    cur = curate(corpus, topics, raw["papers"])
    site = enrich(corpus, topics, cur)
    featured = [e.paper.slug for e in site.papers if e.featured]
    assert MAMBA in featured

"""The files of the reader's own atlas (generator/output/reader.py), from the seed corpus.

What the browser does with them is tested in tests/test_reader_browser.py;
here: the shards hold every paper and term where atlas-reader.js looks for
them, the cards carry papers.bib's own entries, and the index is what it
says (each paper's strongest terms, unit weights quantised, no stop words).
"""

from __future__ import annotations

import json
import math
import re

import pytest

from generator.models import Chunks
from generator.output import reader
from generator.output.render import render_site


@pytest.fixture(scope="module")
def site(enriched_seeds):
    return enriched_seeds


@pytest.fixture(scope="module")
def files(site) -> dict[str, object]:
    """Every generated file: the reader's JSON parsed, the rest as bytes or text."""
    out: dict[str, object] = {}
    for rel, content in render_site(site).items():
        raw = bytes(content) if isinstance(content, Chunks) else content
        out[rel] = json.loads(raw) if rel.startswith("reader/") else raw
    return out


@pytest.fixture(scope="module")
def meta(files):
    return files["reader/meta.json"]


def test_fnv1a_matches_the_published_test_vectors():
    # From the FNV reference (http://www.isthe.com/chongo/tech/comp/fnv/): FNV-1a, 32 bits.
    assert reader.fnv1a("") == 0x811C9DC5
    assert reader.fnv1a("a") == 0xE40C292C
    assert reader.fnv1a("foobar") == 0xBF9CF968


def test_every_paper_has_a_card_in_its_shard_with_its_papers_bib_entry(site, files, meta):
    bib = files["exports/papers.bib"].decode("utf-8")
    entries = {m[1]: m[0] for m in re.finditer(r"(?ms)^@misc\{([^,]+),\n.*?^\}\n", bib)}
    assert len(entries) == len(site.papers) == meta["papers"]
    topics = {t.slug: t.name for t in site.topics}
    assert meta["topics"] == [t.name for t in site.topics]
    cards = {}
    for i in range(meta["cards"]):
        for slug, card in files[f"reader/cards/{i}.json"].items():
            assert reader.fnv1a(slug) % meta["cards"] == i  # where atlas-reader.js looks for it
            cards[slug] = card
    assert len(files) > 0 and sum(1 for rel in files if rel.startswith("reader/cards/")) == meta["cards"]
    assert sorted(cards) == sorted(entries)
    for e in site.papers:
        title, tldr, topic_ids, date, bibtex = cards[e.paper.slug]
        assert (title, tldr, date) == (e.paper.title, e.summary.tldr, e.paper.date)
        assert [meta["topics"][i] for i in topic_ids] == [topics[t] for t in e.topics]
        assert bibtex == entries[e.paper.slug]  # the very bytes of exports/papers.bib


def test_docs_chunks_list_every_paper_by_slug(site, files, meta):
    rows = []
    for i in range(math.ceil(len(site.papers) / meta["docs_per_chunk"])):
        chunk = files[f"reader/docs/{i}.json"]
        assert len(chunk) <= meta["docs_per_chunk"]
        rows += chunk
    assert rows == sorted([e.paper.slug, e.paper.title] for e in site.papers)


def decoded(files, meta) -> dict[str, tuple[int, list[tuple[int, int]]]]:
    """term -> (df, [(doc id, weight)]) read back from the shards, as atlas-reader.js reads them."""
    index = {}
    for i in range(meta["terms"]):
        for term, entry in files[f"reader/terms/{i}.json"].items():
            assert reader.fnv1a(term) % meta["terms"] == i
            doc, postings = 0, []
            for k in range(1, len(entry), 2):
                doc += entry[k]
                postings.append((doc, entry[k + 1]))
            index[term] = (entry[0], postings)
    return index


def test_term_index_keeps_each_papers_strongest_terms(site, files, meta):
    index = decoded(files, meta)
    papers = sorted(site.papers, key=lambda e: e.paper.slug)
    words = [set(re.findall("[a-z][a-z0-9]+", reader.paper_text(e).lower())) for e in papers]
    per_paper: dict[int, list[tuple[str, int]]] = {}
    for term, (df, postings) in index.items():
        assert term not in reader.STOP_WORDS and re.fullmatch("[a-z][a-z0-9]+", term)
        # df counts every paper whose text has the term; the postings only those that keep it
        assert len(postings) <= df == sum(1 for w in words if term in w)
        assert df <= len(papers) // 2  # terms of more than half the papers are left out
        ids = [d for d, _ in postings]
        assert ids == sorted(set(ids))
        for doc, weight in postings:
            assert 1 <= weight <= meta["weight_steps"]
            per_paper.setdefault(doc, []).append((term, weight))
    assert len(per_paper) == len(papers)  # every paper can be found
    for doc, terms in per_paper.items():
        assert len(terms) <= reader.TERMS_PER_PAPER
        assert sum(w * w for _, w in terms) <= (meta["weight_steps"] + 3) ** 2  # parts of a unit vector
        assert all(t in words[doc] for t, _ in terms)


def test_my_list_and_like_pages_are_generated_with_the_corpus_size(site, files):
    like = files["like.md"]
    assert f"the {reader.RESULTS} papers" in like and f"the {len(site.papers)} papers'" in like
    assert 'class="pa-like"' in like and 'class="pa-mylist"' in files["my-list.md"]


def test_paper_pages_and_topic_lists_carry_the_toggles_mount(site, files):
    e = site.papers[0]
    assert f'<div class="pa-marks" data-slug="{e.paper.slug}"></div>' in files[f"papers/{e.paper.slug}.md"]
    topic = site.topics[0].slug
    assert '<div class="pa-list">' in files[f"topics/{topic}.md"]


def test_meta_lists_the_commonest_terms_with_their_document_frequency(files, meta):
    index = decoded(files, meta)
    common = meta["common"]
    assert len(common) == min(reader.COMMON_TERMS, len(index)) and meta["common_is_all"] == (len(index) <= reader.COMMON_TERMS)
    assert all(index[t][0] == df for t, df in common.items())
    rarest_listed = min(common.values())
    assert all(df <= rarest_listed for t, (df, _) in index.items() if t not in common)

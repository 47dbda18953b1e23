"""The reader's own atlas: the files docs/assets/atlas-reader.js reads.

Stars, read marks and the reading list live in the reader's browser; the
site only has to say what each starred paper is, and answer "papers like
this" for any pasted text. Both are static JSON, split so a browser fetches
only what it needs, however big the corpus:

- ``reader/meta.json``: counts, shard counts, topic names, stop words and
  the document frequency of the commonest terms;
- ``reader/cards/<i>.json``: by slug, what "My list" shows of a paper
  (title, TL;DR, topics, date) and its BibTeX entry, exactly as
  ``exports/papers.bib`` has it; a paper is in card shard ``fnv1a(slug) % cards``;
- ``reader/terms/<i>.json``: the TF-IDF index of titles and abstracts,
  term -> [document frequency, then (id gap, weight) pairs], a term in shard
  ``fnv1a(term) % terms``: a query fetches the shards of its own terms only;
- ``reader/docs/<i>.json``: ``[slug, title]`` of papers ``i*DOCS_PER_CHUNK`` on
  (ids in slug order), fetched for the ten results only.

Each paper keeps its ``TERMS_PER_PAPER`` strongest terms (weights quantised to
1..255): that bounds the index at a few bytes per paper and term, and a paper
is still found first by its own abstract. Tokens and stop words are the
browser's too (``TOKEN_RE`` has its twin in atlas-reader.js; the stop words
travel in meta.json).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

from generator.enrich.stopwords import ABSTRACT_STOP_WORDS
from generator.models import EnrichedPaper, Site
from generator.output.exports import bibtex_entry

ROOT = "reader"
VERSION = 1
CARDS_PER_SHARD = 64  # "My list" fetches one shard per starred paper at most
DOCS_PER_CHUNK = 100  # ten results fetch at most ten chunks of ~15 KB
TERMS_PER_PAPER = 40
SHARD_BYTES = 4096  # aimed size of a term shard: a query's ~100 terms fetch ~0.3-0.4 MB
QUERY_TERMS = 40  # the browser looks up the strongest 40 terms of a pasted text (a shard each at most)
COMMON_TERMS = 1000  # their document frequencies travel in meta.json: the browser ranks a text's terms by tf-idf
RESULTS = 10  # papers a "papers like this" query lists
WEIGHT_STEPS = 255
# ASCII words of two or more characters starting with a letter; the same in JavaScript.
TOKEN_RE = re.compile(r"[a-z][a-z0-9]+")
STOP_WORDS = frozenset(ABSTRACT_STOP_WORDS)  # those of related papers: the same terms are dropped


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes: the shard of a slug or term (atlas-reader.js has the twin)."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_count(items: int, per_shard: int) -> int:
    """The power of two that puts about ``per_shard`` items (or bytes) in a shard; 1 at least."""
    return 1 << math.ceil(math.log2(items / per_shard)) if items > per_shard else 1


def paper_text(e: EnrichedPaper) -> str:
    return f"{e.paper.title}\n{e.paper.abstract or ''}"


class LikeIndex(NamedTuple):
    """The term index, ready to write: every term that some paper keeps, with its postings."""

    papers: int
    # term -> (df, doc id * 256 + weight 1..255 for each paper keeping it, by id): 8 bytes a posting
    postings: dict[str, tuple[int, array[int]]]


def like_index(texts: Sequence[str]) -> LikeIndex:
    """TF-IDF (sublinear tf, smoothed idf, unit rows, as related.py's) pruned to each text's strongest terms.

    Terms found in more than half the texts (from 50 on) are left out, as
    related.py does: they would make every paper look like every other.
    """
    n = len(texts)
    stop = STOP_WORDS
    # Two passes over the texts, words counted again in the second: holding every
    # paper's counts in between would take ~0.5 GB at 50,000 papers.
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(TOKEN_RE.findall(text.lower())))
    too_common = n // 2 if n >= 50 else n
    # Stop words and too common terms have no idf: the loop below skips them (cheaper than deleting them).
    idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items() if d <= too_common and t not in stop}
    get = idf.get
    log_tf = [0.0] + [1 + math.log(k) for k in range(1, 64)]
    postings: dict[str, tuple[int, array[int]]] = {}
    for doc, text in enumerate(texts):
        c = Counter(TOKEN_RE.findall(text.lower()))
        # (-weight, term): sorted strongest first, ties by term, without a key function
        weights = [(-(log_tf[k] if k < 64 else 1 + math.log(k)) * w, t) for t, k in c.items() if (w := get(t))]
        if not weights:
            continue
        scale = WEIGHT_STEPS / math.sqrt(sum(w * w for w, _ in weights))
        weights.sort()
        for w, t in weights[:TERMS_PER_PAPER]:
            entry = postings.get(t)
            if entry is None:
                entry = postings[t] = (df[t], array("q"))
            entry[1].append(doc * 256 + max(1, round(-w * scale)))
    return LikeIndex(n, dict(sorted(postings.items())))


def common_terms(index: LikeIndex) -> dict[str, int]:
    """The ``COMMON_TERMS`` terms most papers have, with their document frequency, most common first.

    A term not listed is rarer than all of these: the browser can rank a text's
    terms by tf-idf before it fetches any shard, and look up the strongest only.
    """
    ranked = sorted(((t, df) for t, (df, _) in index.postings.items()), key=lambda td: (-td[1], td[0]))
    return dict(ranked[:COMMON_TERMS])


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _term_entry(df: int, docs: Iterable[int]) -> list[int]:
    """[df, gap, weight, gap, weight, ...]: ids as gaps from the previous one keep the numbers short."""
    out, last = [df], 0
    for code in docs:
        doc = code >> 8
        out += (doc - last, code & 255)
        last = doc
    return out


def _shards(keys: Iterable[str], count: int) -> list[list[str]]:
    shards: list[list[str]] = [[] for _ in range(count)]
    for k in keys:
        shards[fnv1a(k) % count].append(k)
    return shards


def card(e: EnrichedPaper, topic_index: Mapping[str, int]) -> list[object]:
    """What "My list" shows of a paper: [title, TL;DR, topic indexes, date, BibTeX entry]."""
    p = e.paper
    return [p.title or p.title_raw or p.slug, e.summary.tldr, [topic_index[t] for t in e.topics], p.date,
            bibtex_entry(e)]


def makers(site: Site, memo: dict[str, object] | None = None) -> dict[str, Callable[[], bytes]]:
    """Every file under ``reader/`` by path, each serialised when called.

    The index itself is computed here, before the writer forks, so both
    writing processes share it instead of each computing it. ``memo``: kept
    by ``mkdocs serve`` between builds, the index of unchanged texts is reused
    (two thirds of making the site's files ready at 10,000 papers).
    """
    papers = sorted(site.papers, key=lambda e: e.paper.slug)
    texts = [paper_text(e) for e in papers]
    key = hashlib.sha256("\0".join(texts).encode("utf-8", "surrogatepass")).digest()
    known = memo.get("like_index") if memo is not None else None
    index = known[1] if isinstance(known, tuple) and known[0] == key else like_index(texts)
    if memo is not None:
        memo["like_index"] = (key, index)
    n_postings = sum(len(docs) for _, docs in index.postings.values())
    n_terms = shard_count(n_postings * 7 + len(index.postings) * 16, SHARD_BYTES)  # ~7 bytes a posting
    n_cards = shard_count(len(papers), CARDS_PER_SHARD)
    topic_index = {t.slug: i for i, t in enumerate(site.topics)}
    meta = {
        "version": VERSION, "papers": len(papers), "cards": n_cards, "terms": n_terms,
        "docs_per_chunk": DOCS_PER_CHUNK, "query_terms": QUERY_TERMS, "results": RESULTS, "weight_steps": WEIGHT_STEPS,
        "topics": [t.name for t in site.topics], "stop_words": sorted(STOP_WORDS),
        "common": common_terms(index), "common_is_all": len(index.postings) <= COMMON_TERMS,
    }
    files: dict[str, Callable[[], bytes]] = {f"{ROOT}/meta.json": functools.partial(_dump, meta)}

    by_slug = {e.paper.slug: e for e in papers}
    for i, slugs in enumerate(_shards(by_slug, n_cards)):
        files[f"{ROOT}/cards/{i}.json"] = functools.partial(
            lambda slugs: _dump({s: card(by_slug[s], topic_index) for s in slugs}), slugs)
    for i, terms in enumerate(_shards(index.postings, n_terms)):
        files[f"{ROOT}/terms/{i}.json"] = functools.partial(
            lambda terms: _dump({t: _term_entry(*index.postings[t]) for t in terms}), terms)
    for i, start in enumerate(range(0, len(papers), DOCS_PER_CHUNK)):
        chunk = papers[start : start + DOCS_PER_CHUNK]
        files[f"{ROOT}/docs/{i}.json"] = functools.partial(
            lambda chunk: _dump([[e.paper.slug, e.paper.title or e.paper.title_raw or e.paper.slug] for e in chunk]),
            chunk)
    return files

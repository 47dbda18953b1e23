"""Related papers: TF-IDF cosine similarity plus shared names, top-k per paper, never dense n x n.

A pair scores its cosine (plural words counted as their singular), plus
``TITLE_WEIGHT`` x the cosine of their titles alone, plus ``KEYWORD_WEIGHT``
x the cosine of the taxonomy keywords they hold (``data/topics.yaml``'s
phrases), plus ``NAME_BONUS`` when one paper mentions the other's name or both share a
code repository (``names.py``; the name is then the first shared term
shown, and the strongest shared keyword the next). ``enrich`` adds shared
topics to the best candidates.

Similarities are computed a block of rows at a time against the sparse
matrix, so memory stays at block x n instead of n x n (50,000 papers would
need 10 GB as one dense matrix); the block shrinks as the corpus grows so a
block stays near ``BLOCK_CELLS`` similarities. Blocks run on a small
thread pool (SciPy's sparse product releases the GIL); results are
gathered in block order, so the output does not depend on scheduling.
The TF-IDF matrix is scikit-learn's, computed by ``tfidf.py``.

Up to ``EXACT_UP_TO`` papers every pair is compared. Beyond, that work
grows with the square of the corpus, so each paper's candidates are the
papers sharing its rarer terms (at most ``CANDIDATE_DF`` papers have them),
and the best candidates get their exact cosine: on the 10,000-paper
benchmark corpus 9,995 of the 10,000 lists are the same as the exact ones.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp

from generator.enrich.names import mentions
from generator.enrich.stopwords import ABSTRACT_STOP_WORDS
from generator.enrich.tfidf import tfidf
from generator.enrich.topics.assign import Keywords
from generator.models import Related

TOP_K = 5
THRESHOLD = 0.10  # chosen on the tuning half of tests/related_groups.yaml (0.12 left out links a reader expects)
BLOCK = 512  # rows per block at most
BLOCK_CELLS = 8_000_000  # similarities per block at most (32 MB as float32)
SHARED_TERMS = 4
# A pair where one paper mentions the other's name (or both share a code
# repository) gets NAME_BONUS on top of its cosine; a name more than
# NAME_MAX_PAPERS papers mention is a word ("LLMs"), not a name. A paper with
# nothing above THRESHOLD still shows its best relative above FLOOR.
# Chosen on the tuning half of tests/related_groups.yaml.
NAME_BONUS = 0.1
NAME_MAX_PAPERS = 20
FLOOR = 0.06
# Titles name what a paper is about in a few words that the abstract's many dilute:
# the cosine of the titles alone, weighted TITLE_WEIGHT, is added to the pair's
# (tuning half: recall@5 0.637 -> 0.667; 0.1 gave 0.649, 0.3 gave 0.658).
TITLE_WEIGHT = 0.2
# The taxonomy's keywords ("pipeline parallelism", "kv cache", "binar(y|ized) neural
# networks?") are the phrases a curator chose as telling a field apart: the cosine of the
# keywords two papers hold (TF-IDF of the keyword hits), weighted KEYWORD_WEIGHT, is added too
# (tuning half: hit@5 / recall@5 0.92 / 0.667 -> 0.94 / 0.705; 0.15 gave 0.95 / 0.688, 0.25 and 0.3 0.93 / 0.709).
KEYWORD_WEIGHT = 0.2
# Above EXACT_UP_TO papers, comparing every pair grows with the square of the
# corpus (10,000 papers: 5 s; 50,000: 77 s). Candidates then come from the
# terms at most CANDIDATE_DF papers share (linear work), and the best
# CANDIDATES of each paper get their exact cosine.
EXACT_UP_TO = 5_000
CANDIDATE_DF = 200
# 32 kept 93.5% of the exact lists on the seeds once the threshold went to 0.10; with the keywords,
# 48 kept 99.7% of the exact lists on the 10,000-paper benchmark corpus, 64 keep 99.95% (+3% time).
CANDIDATES = 64
WORKERS = min(2, os.cpu_count() or 1)




def document_frequency_limits(n_docs: int) -> tuple[int, float]:
    """arxiv-sanity-lite's TF-IDF settings for abstracts: terms of at least 2 papers, at most half of them."""
    return (2, 0.5) if n_docs >= 50 else (1, 1.0)


Links = list[dict[int, str]]  # per paper: the papers it shares a name with -> the name shown


def name_links(names: Sequence[Sequence[str]], texts: Sequence[str], limit: int = NAME_MAX_PAPERS) -> Links:
    """Pairs where one paper's text mentions a name of the other (``names.paper_names``), both ways.

    Linear: each text is scanned once, and a name yields at most ``limit``
    mentioning papers times the few papers it names.
    """
    named: dict[str, list[int]] = defaultdict(list)
    for i, ks in enumerate(names):
        for key in ks:
            named[key].append(i)
    mentioned: dict[str, list[int]] = defaultdict(list)
    for j in range(len(texts)):
        for key in mentions(texts[j], named):
            mentioned[key].append(j)
    links: Links = [{} for _ in texts]
    for key in sorted(named):
        holders = named[key]
        readers = holders if key.startswith("repo:") else mentioned[key]
        if len(readers) > limit or len(holders) > limit:
            continue
        shown = "code " + key.split("/", 1)[1] if key.startswith("repo:") else key
        for i in holders:
            for j in readers:
                if i != j:
                    links[i].setdefault(j, shown)
                    links[j].setdefault(i, shown)
    return links


def related_papers(
    texts: Sequence[str],
    keys: Sequence[str],
    names: Sequence[Sequence[str]] | None = None,
    k: int = TOP_K,
    threshold: float | None = None,
    titles: Sequence[str] | None = None,
    keywords: Sequence[Keywords] | None = None,
) -> list[tuple[Related, ...]]:
    """For each text, up to ``k`` most similar others above ``threshold``.

    ``names``: each paper's names (``names.paper_names``); a pair sharing one
    scores ``NAME_BONUS`` more. ``titles``: each paper's title; a pair scores
    ``TITLE_WEIGHT`` x their cosine more. ``keywords``: the taxonomy keywords each
    paper holds (``topics.keyword_assigner``); a pair scores ``KEYWORD_WEIGHT`` x
    their cosine more. Ties are broken by key, so the result does not depend on input order.
    """
    n = len(texts)
    if n < 2:
        return [() for _ in texts]
    threshold = THRESHOLD if threshold is None else threshold
    links = name_links(names, texts) if names is not None else [{} for _ in texts]
    min_df, max_df = document_frequency_limits(n)
    model = tfidf(texts, ABSTRACT_STOP_WORDS, min_df=min_df, max_df=max_df, singulars=True)
    if model is None:  # empty vocabulary: nothing to relate
        return [() for _ in texts]
    matrix = with_titles(model, titles, n) if titles is not None else model.matrix
    held = keyword_matrix(keywords) if keywords is not None and any(keywords) else None
    if held is not None:
        matrix = sp.hstack([matrix, held], format="csr", dtype=np.float32)
    terms = model.terms  # shared terms from the texts' columns: a title's words are in its text too
    if n <= EXACT_UP_TO:
        probe = common = matrix
    else:
        df = np.diff(matrix.tocsc().indptr)
        probe = matrix[:, np.flatnonzero(df <= CANDIDATE_DF)].tocsr()
        common = matrix[:, np.flatnonzero(df > CANDIDATE_DF)].tocsr()
    transposed = probe.T.tocsr()
    order = np.argsort(np.asarray(keys, dtype=object), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    block = max(1, min(BLOCK, BLOCK_CELLS // n))

    def run(start: int) -> list[tuple[Related, ...]]:
        stop = min(start + block, n)
        floor = min(FLOOR, threshold)
        if probe is matrix:
            found = _exact(matrix, transposed, start, stop, floor)
        else:
            found = _candidates(common, probe, transposed, start, stop, floor)
        found = _keep(_with_links(matrix, found, links, start), threshold)
        return _block(model.matrix, terms, rank, keys, start, found, k, links, (held, keywords))

    result: list[tuple[Related, ...]] = []
    with ThreadPoolExecutor(WORKERS) as pool:
        for rows in pool.map(run, range(0, n, block)):
            result.extend(rows)
    return result


def with_titles(model, titles: Sequence[str], n: int) -> sp.csr_matrix:
    """The texts' TF-IDF rows with their titles' rows beside them, scaled so that a product of
    two rows is the texts' cosine plus ``TITLE_WEIGHT`` x the titles' cosine. Terms of one title
    count: they make a long title's shared words weigh less, as in the text's cosine."""
    found = tfidf(titles, ABSTRACT_STOP_WORDS, min_df=1, max_df=document_frequency_limits(n)[1], singulars=True)
    if found is None:
        return model.matrix
    scaled = found.matrix * np.float32(np.sqrt(TITLE_WEIGHT))
    return sp.hstack([model.matrix, scaled], format="csr", dtype=np.float32)


def keyword_matrix(keywords: Sequence[Keywords]) -> sp.csr_matrix:
    """Papers x taxonomy keywords, TF-IDF as the texts' (1 + log hits, smoothed idf, rows of unit
    length), scaled so that a product of two rows is ``KEYWORD_WEIGHT`` x their cosine."""
    n = len(keywords)
    indptr = np.cumsum([0] + [len(ks) for ks in keywords])
    columns = np.fromiter((c for ks in keywords for c, _, _ in ks), dtype=np.int64, count=int(indptr[-1]))
    hits = np.fromiter((h for ks in keywords for _, h, _ in ks), dtype=np.float32, count=int(indptr[-1]))
    width = int(columns.max()) + 1 if columns.size else 0
    found = sp.csr_matrix((1 + np.log(hits), columns, indptr), shape=(n, width), dtype=np.float32)
    df = np.bincount(columns, minlength=width).astype(np.float32)
    found.data *= (np.log(np.float32(n + 1) / (df + 1)) + 1)[columns]
    norms = np.sqrt(np.asarray(found.multiply(found).sum(axis=1), dtype=np.float32).ravel())
    norms[norms == 0] = 1
    found.data *= np.float32(np.sqrt(KEYWORD_WEIGHT)) / np.repeat(norms, np.diff(indptr))
    return found


Found = list[tuple[np.ndarray, np.ndarray]]  # per row: (columns, cosine) of its candidates


def _with_links(matrix, found: Found, links: Links, start: int) -> Found:
    """Each row's name links added to its candidates, every linked pair scoring ``NAME_BONUS`` more.

    The cosines of linked pairs that are not candidates come from one sparse product for the block.
    """
    rows = [r for r in range(len(found)) if links[start + r]]
    if not rows:
        return found
    merged: dict[int, dict[int, float]] = {}
    need_i: list[int] = []
    need_j: list[int] = []
    for r in rows:
        columns, scores = found[r]
        merged[r] = score = dict(zip(columns.tolist(), scores.tolist()))
        for c in links[start + r]:
            if c not in score:
                need_i.append(r)
                need_j.append(c)
    if need_i:
        ii = np.asarray(need_i) + start
        cosines = np.asarray(matrix[ii].multiply(matrix[np.asarray(need_j)]).sum(axis=1)).ravel().tolist()
        for r, c, v in zip(need_i, need_j, cosines):
            merged[r][c] = v
    out = list(found)
    for r in rows:
        score = merged[r]
        for c in links[start + r]:
            score[c] += NAME_BONUS
        cols = sorted(score)
        out[r] = (np.array(cols, dtype=np.int64), np.array([score[c] for c in cols], dtype=np.float32))
    return out


def _keep(found: Found, threshold: float) -> Found:
    """Candidates above ``threshold``; a row with none keeps its best one (all are above ``FLOOR``)."""
    out: Found = []
    for columns, scores in found:
        keep = scores >= threshold
        if not keep.any() and scores.size:
            keep = scores == scores.max()
        out.append((columns[keep], scores[keep]))
    return out


def _exact(matrix, transposed, start: int, stop: int, threshold: float) -> Found:
    """Every other paper above the threshold, from the block's full similarity rows."""
    sims = (matrix[start:stop] @ transposed).toarray()
    sims[np.arange(stop - start), np.arange(start, stop)] = -1.0  # a paper is not its own relative
    found = []
    for row in sims:
        columns = np.flatnonzero(row >= threshold)
        found.append((columns, row[columns]))
    return found


def _candidates(common, probe, transposed, start: int, stop: int, threshold: float) -> Found:
    """The papers sharing the most distinctive weight with each row, then their exact cosine.

    The cosine of a pair is its distinctive part (the probe product) plus
    its part over the common terms (``common``: the other columns).
    """
    approx = (probe[start:stop] @ transposed).tocsr()
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    parts: list[np.ndarray] = []
    for r in range(stop - start):
        lo, hi = approx.indptr[r], approx.indptr[r + 1]
        columns, weights = approx.indices[lo:hi], approx.data[lo:hi]
        keep = columns != start + r
        columns, weights = columns[keep], weights[keep]
        if columns.size > CANDIDATES:
            pick = np.argpartition(-weights, CANDIDATES)[:CANDIDATES]
            columns, weights = columns[pick], weights[pick]
        order = np.argsort(columns)
        rows.append(np.full(columns.size, r))
        cols.append(columns[order])
        parts.append(weights[order])
    ii, jj = np.concatenate(rows), np.concatenate(cols)
    dense = common[start:stop].toarray()  # block x common terms: a few MB
    other = common[jj]
    per_pair = np.repeat(np.arange(jj.size), np.diff(other.indptr))
    products = other.data * dense[ii[per_pair], other.indices]
    scores = np.concatenate(parts) + np.bincount(per_pair, weights=products, minlength=jj.size).astype(np.float32)
    found, p = [], 0
    for columns in cols:
        s = scores[p : p + columns.size]
        p += columns.size
        keep = s >= threshold
        found.append((columns[keep], s[keep]))
    return found


def _block(matrix, terms, rank, keys, start: int, found: Found, k: int, links: Links, held=(None, None)):
    """Related papers of the rows from ``start``: best ``k`` by score, then key; each pair's shared
    name, then its strongest shared keyword (as the row's paper words it), then its strongest terms.

    One sort for the whole block: by row, then score (rounded, so float
    noise cannot reorder near-ties), then the key's rank.
    """
    sizes = np.fromiter((c.size for c, _ in found), dtype=np.int64, count=len(found))
    if not sizes.any():
        return [() for _ in found]
    candidates = np.concatenate([c for c, _ in found])
    scores = np.concatenate([s for _, s in found])
    row = np.repeat(np.arange(len(found)), sizes)
    order = np.lexsort((rank[candidates], -np.round(scores.astype(np.float64), 6), row))
    within = np.arange(order.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)  # place in its row
    pick = order[within < k]
    counts = np.minimum(sizes, k).tolist()
    ii, jj, scores = start + row[pick], candidates[pick], scores[pick]
    shared = matrix[ii].multiply(matrix[jj]).tocsr()  # per pair: the weight of each shared term
    shared.sort_indices()
    per_pair = np.diff(shared.indptr)
    within = np.arange(shared.nnz) - np.repeat(shared.indptr[:-1], per_pair)  # place in its pair
    strongest = shared.indices[_strongest_first(shared)[within < SHARED_TERMS * 2]].tolist()
    bounds = np.concatenate(([0], np.cumsum(np.minimum(per_pair, SHARED_TERMS * 2)))).tolist()
    others, rounded = jj.tolist(), [round(x, 4) for x in scores.astype(np.float64).tolist()]
    ii_list = ii.tolist()
    said = _shared_keywords(held[0], held[1], ii, jj) if held[0] is not None else [None] * len(ii_list)
    out: list[tuple[Related, ...]] = []
    p = 0
    for count in counts:
        rels = []
        for _ in range(count):
            top = strongest[bounds[p] : bounds[p + 1]]
            name = links[ii_list[p]].get(others[p])
            shared = _shared_terms(terms, top, tuple(x for x in (name, said[p]) if x))
            rels.append(Related(slug=keys[others[p]], score=rounded[p], shared_terms=shared))
            p += 1
        out.append(tuple(rels))
    return out


def _shared_keywords(held, keywords, ii: np.ndarray, jj: np.ndarray) -> list[str | None]:
    """Per pair, the keyword both papers hold that weighs most in their product, as paper ``ii``
    words it ("binary" where the other says "binarization"); None when they share none."""
    both = held[ii].multiply(held[jj]).tocsr()
    both.sort_indices()
    out: list[str | None] = []
    for r, i in enumerate(ii.tolist()):
        lo, hi = both.indptr[r], both.indptr[r + 1]
        if lo == hi:
            out.append(None)
            continue
        column = int(both.indices[lo + int(np.argmax(both.data[lo:hi]))])  # ties: the lowest keyword number
        out.append(next(text for c, _, text in keywords[i] if c == column))
    return out


def _strongest_first(shared) -> np.ndarray:
    """Order of the entries: by row, then weight descending, then column.

    One integer sort instead of a three-key ``lexsort`` (14 times faster):
    a positive float32's bits order like the float, so (row, inverted
    bits) is one int64 key, and a stable sort keeps each row's columns
    ascending among equal weights.
    """
    row = np.repeat(np.arange(shared.shape[0], dtype=np.int64), np.diff(shared.indptr))
    weight_bits = shared.data.astype(np.float32).view(np.int32).astype(np.int64)
    return np.argsort((row << 32) | (0x7FFFFFFF - weight_bits), kind="stable")


def _shared_terms(terms, top: list[int], first: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What two papers share: ``first`` (their shared name, their shared keyword), then their terms
    strongest first, skipping parts of a term already chosen ("state space" over "state")."""
    chosen: list[str] = []
    for t in (*first, *map(terms.__getitem__, top)):
        if not any(t.lower() in c.lower() or c.lower() in t.lower() for c in chosen):
            chosen.append(t)
            if len(chosen) == SHARED_TERMS:
                break
    return tuple(chosen)

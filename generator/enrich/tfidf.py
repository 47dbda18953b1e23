"""TF-IDF of unigrams and bigrams, the way scikit-learn's ``TfidfVectorizer`` computes it.

Same preprocessing (lower case, accents stripped), token pattern, stop
words, n-grams, document-frequency pruning, smoothed idf, sublinear tf and
l2 rows, with the vocabulary in alphabetical order, so the matrix equals
scikit-learn's (``tests/test_tfidf.py`` checks this on the seeds). Why not
scikit-learn itself: importing it costs ~2 s (it pulls in ``scipy.stats``),
more than the whole generator may spend on 1,000 papers, and its per-n-gram
Python loop is most of the related-papers time at 10,000. Here Python only
splits and numbers the words; the n-grams are counted with NumPy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from generator.memory import trim_heap

TOKEN = re.compile(r"(?u)\b[a-zA-Z][a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*\b")
_BIGRAM = 1 << 31  # bigram (a, b) is coded (a + 1) * 2**31 + b; a unigram a is a
CHUNK = 2048  # documents counted at once


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _drop_combining(match: re.Match[str]) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


def strip_accents(text: str) -> str:
    """NFKD without combining marks (scikit-learn's ``strip_accents_unicode``), visiting only non-ASCII characters."""
    if text.isascii():
        return text
    return _NON_ASCII.sub(_drop_combining, unicodedata.normalize("NFKD", text))


def tokens(text: str) -> list[str]:
    return TOKEN.findall(strip_accents(text.lower()))


@dataclass(frozen=True)
class Tfidf:
    matrix: sp.csr_matrix  # documents x terms, float32, rows of unit length (or zero)
    terms: tuple[str, ...]  # alphabetical, like ``get_feature_names_out``


@dataclass(frozen=True)
class _Chunk:
    """The distinct terms of some documents: ``terms`` (sorted codes) and one
    (term index, document, count) triple per term of each document."""

    start: int
    terms: np.ndarray  # int64 codes
    term: np.ndarray  # int32, index into ``terms``
    doc: np.ndarray  # int32, index of the document in the chunk
    count: np.ndarray  # float32


def singular(word: str) -> str:
    """A lower-case plural word in the singular: "networks" -> "network", "strategies" -> "strategy",
    "processes" -> "process"; "analysis", "status", "bias" and short words stay."""
    if len(word) < 4 or word[-1] != "s" or word[-2] in "sui'" or word in _NOT_PLURAL or not word[-2].isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    return word[:-1]


_NOT_PLURAL = frozenset("series species always perhaps towards afterwards whereas thus does goes this bias alias atlas canvas lens".split())


class _Singulars(dict[str, str]):
    """``singular`` of each word, worked out once per distinct word; stop words stay as they are."""

    def __init__(self, stop: frozenset[str]) -> None:
        super().__init__()
        self._stop = stop

    def __missing__(self, word: str) -> str:
        self[word] = found = word if word in self._stop else singular(word)
        return found


def tfidf(
    texts: Sequence[str], stop_words: Iterable[str], *, min_df: int = 1, max_df: float = 1.0, singulars: bool = False
) -> Tfidf | None:
    """The TF-IDF matrix of ``texts``; None when no term is left (scikit-learn raises then).

    ``singulars``: plural words count as their singular (not what scikit-learn does).
    """
    stop = frozenset(stop_words)
    norm = _Singulars(stop) if singulars else None
    words: dict[str, int] = {}
    n = len(texts)
    # Counted a chunk of documents at a time, and kept compact: memory holds
    # each chunk's tokens, 12 bytes per (term, document) pair, and one code
    # per distinct term of each chunk, never one sort of every pair.
    chunks = [_count_chunk(texts, start, min(start + CHUNK, n), words, stop, norm) for start in range(0, n, CHUNK)]
    if not words:
        return None
    features, feature_of = np.unique(np.concatenate([c.terms for c in chunks]), return_inverse=True)
    df = np.zeros(len(features), dtype=np.int64)
    offsets = np.cumsum([0] + [len(c.terms) for c in chunks])
    for c, first in zip(chunks, offsets):
        # A chunk's terms are distinct, so no index repeats within one addition.
        df[feature_of[first : first + len(c.terms)]] += np.bincount(c.term, minlength=len(c.terms))
    keep = (df >= min_df) & (df <= max_df * n if isinstance(max_df, float) else df <= max_df)
    if not keep.any():
        return None
    names = np.array(_names(features[keep], list(words)), dtype=object)
    order = np.argsort(names, kind="stable")  # alphabetical columns, as scikit-learn sorts them
    column = np.full(len(features), -1, dtype=np.int64)
    column[np.flatnonzero(keep)[order]] = np.arange(int(keep.sum()))
    width = int(keep.sum())
    parts = []
    for c, first in zip(chunks, offsets):
        cols = column[feature_of[first : first + len(c.terms)]][c.term]
        kept = cols >= 0
        docs = min(CHUNK, n - c.start)
        parts.append(sp.csr_matrix((c.count[kept], (c.doc[kept], cols[kept])), shape=(docs, width), dtype=np.float32))
    del chunks
    counts = sp.vstack(parts, format="csr", dtype=np.float32)
    del parts
    counts.sort_indices()
    kept_df = df[keep][order].astype(np.float32)
    idf = np.log(np.float32(n + 1) / (kept_df + 1)) + 1  # smooth idf
    np.log(counts.data, counts.data)  # sublinear tf: 1 + log(tf)
    counts.data += 1
    counts.data *= idf[counts.indices]
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1), dtype=np.float32).ravel())
    norms[norms == 0] = 1
    counts.data /= np.repeat(norms, np.diff(counts.indptr))
    trim_heap()  # the counting's freed arrays would stay resident (~200 MB at 50,000 papers)
    return Tfidf(counts, tuple(names[order].tolist()))


def _count_chunk(
    texts: Sequence[str], start: int, stop: int, words: dict[str, int], stop_words: frozenset[str],
    norm: dict[str, str] | None = None,
) -> _Chunk:
    """The distinct terms of documents ``start:stop`` and how often each document has each."""
    ids: list[int] = []
    lengths: list[int] = []
    for text in texts[start:stop]:
        toks = tokens(text) if norm is None else map(norm.__getitem__, tokens(text))
        found = [words.setdefault(t, len(words)) for t in toks if t not in stop_words]
        ids += found
        lengths.append(len(found))
    if len(words) >= _BIGRAM:
        raise ValueError(f"vocabulary of {len(words):,} words is too large to code bigrams")
    uni = np.asarray(ids, dtype=np.int64)
    doc = np.repeat(np.arange(stop - start, dtype=np.int64), lengths)
    # A bigram joins neighbours of one document: every position but each document's last.
    same_doc = doc[1:] == doc[:-1]
    codes = np.concatenate([uni, (uni[:-1][same_doc] + 1) * _BIGRAM + uni[1:][same_doc]])
    owner = np.concatenate([doc, doc[:-1][same_doc]])
    local, inverse = np.unique(codes, return_inverse=True)
    pairs, counts = np.unique(inverse * (stop - start) + owner, return_counts=True)
    term, document = np.divmod(pairs, stop - start)
    return _Chunk(start, local, term.astype(np.int32), document.astype(np.int32), counts.astype(np.float32))


def _names(codes: np.ndarray, words: list[str]) -> list[str]:
    out = []
    for code in codes.tolist():
        if code < _BIGRAM:
            out.append(words[code])
        else:
            a, b = divmod(code, _BIGRAM)
            out.append(f"{words[a - 1]} {words[b]}")
    return out

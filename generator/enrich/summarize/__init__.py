"""Abstract -> Summary: a TL;DR, labelled key points and key numbers.

One module a job: ``sentences``, ``method`` (the title's name), ``scan`` (cue words
and quantities), ``contribution``, ``tldr``, ``points``, ``numbers``; ``summarize``
here puts them together.

Extractive and deterministic: no network, no model. Every key point is a
whole sentence of the abstract and every key number (value and context) is a
verbatim substring of it. Only the TL;DR is lightly rewritten: the "In this
paper, we propose" lead-in goes, and the method becomes the subject
("ByteTransformer is a high-performance transformer ...") or, when no name
leads, the verb does ("Proposes a new framework ..."). Abstracts arrive
already cleaned (``generator.clean``): ``2.08%`` and ``6×``, not ``2.08\\%``.

Speed matters (tens of thousands of papers per build): sentences are found
once, cue words and quantities in one pass, and every regular expression
that scans a whole abstract starts with a literal, which the engine jumps
to, not with a character class or a long alternation, which it tries at
every position. Whatever else is needed is looked up in sets and dicts.
"""

from __future__ import annotations

from bisect import bisect_right

from generator.enrich.summarize.contribution import find_contribution
from generator.enrich.summarize.method import method_name, namelike
from generator.enrich.summarize.numbers import key_numbers
from generator.enrich.summarize.points import key_points, leaning_points
from generator.enrich.summarize.readable import unfollowable
from generator.enrich.summarize.scan import scan_abstract
from generator.enrich.summarize.sentences import (
    MAX_CONTEXT_WORDS,
    MAX_KEY_NUMBERS,
    MAX_TLDR_WORDS,
    ORIGIN,
    sentence_spans,
    split_sentences,
)
from generator.enrich.summarize.tldr import limit_words, make_tldr
from generator.models import Summary


def _opens_sentence(at: int, starts: list[int], after: int) -> bool:
    """Whether offset ``at`` starts a sentence that comes after sentence ``after``."""
    i = bisect_right(starts, at) - 1
    return at >= 0 and i > after and starts[i] == at


def summarize(title: str, abstract: str | None) -> Summary:
    """The extractive summary of one paper (``abstract`` already cleaned)."""
    title = " ".join(title.split())
    method = method_name(title)
    if not abstract or not abstract.strip():
        return Summary(tldr=limit_words(title), key_points=(), key_numbers=(), origin=dict(ORIGIN))
    spans = sentence_spans(abstract)
    starts = [a for a, _ in spans]
    sentences = [abstract[a:b] for a, b in spans]
    lower = abstract.lower()
    if len(lower) != len(abstract):  # a letter whose lowercase is longer ("İ"): keep offsets aligned
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in abstract)
    scores, quantities = scan_abstract(abstract, starts)
    numbers, counts = key_numbers(abstract, spans, quantities, scores["Results"])
    if method and method not in abstract:  # "LAYOUTDREAMER" in the title, "LayoutDreamer" in the text
        at = lower.find(method.lower())
        if at >= 0 and len(method.lower()) == len(method) and not abstract[at : at + len(method)].islower():
            method = abstract[at : at + len(method)]
    contribution = find_contribution(abstract, lower, spans, starts, method)
    after = contribution.index if contribution else -1
    results = [n.context for n in numbers if _opens_sentence(abstract.find(n.context), starts, after)]
    tldr = make_tldr(title, sentences, contribution, method, results)
    points = key_points(sentences, scores, contribution.index if contribution else None, counts)
    return Summary(tldr=tldr, key_points=points, key_numbers=tuple(numbers), origin=dict(ORIGIN))

__all__ = [
    "MAX_CONTEXT_WORDS", "MAX_KEY_NUMBERS", "MAX_TLDR_WORDS", "leaning_points", "method_name", "namelike",
    "sentence_spans", "split_sentences", "summarize", "unfollowable",
]

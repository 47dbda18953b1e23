"""Papers assigned to topics: keyword hits scored, weighed, cut off (the rules: the package docstring)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from generator.enrich.topics.matcher import WORDS_ONLY, Matcher, matcher_for
from generator.enrich.topics.probes import Probe, is_word_char
from generator.models import Topic

TITLE_WEIGHT = 3
ABSTRACT_HIT_CAP = 3
MIN_SCORE = 2
RELATIVE_CUTOFF = 0.25
MAX_TOPICS = 4

# --------------------------------------------------------------------------
# Assignment


def assigner(topics: Sequence[Topic]) -> Callable[[str, str | None], tuple[str, ...]]:
    """``assign_topics`` for these topics, compiled once: what enrich calls for every paper."""
    return functools.partial(_assign, matcher_for(tuple(topics)))


def assign_topics(title: str, abstract: str | None, topics: Sequence[Topic]) -> tuple[str, ...]:
    """Slugs of the paper's topics, best first: at most four, () if none fits."""
    return _assign(matcher_for(tuple(topics)), title, abstract)


Keywords = tuple[tuple[int, int, str], ...]  # (keyword number, hits in title and abstract, the first hit), by number


def keyword_assigner(topics: Sequence[Topic]) -> Callable[[str, str | None], tuple[tuple[str, ...], Keywords]]:
    """A paper's topics and the taxonomy's keywords it holds, in one pass: related papers
    weigh the keywords two papers share (``related.py``), the hand-picked phrases of the field."""
    return functools.partial(_topics_and_keywords, matcher_for(tuple(topics)))


def _topics_and_keywords(matcher: Matcher, title: str, abstract: str | None) -> tuple[tuple[str, ...], Keywords]:
    spans, text, title_end = _keyword_spans(matcher, title, abstract)
    held = tuple((k, len(found), text[slice(*min(found))]) for k, found in sorted(spans.items()))
    return _topics(matcher, spans, title_end), held


def _assign(matcher: Matcher, title: str, abstract: str | None) -> tuple[str, ...]:
    spans, _, title_end = _keyword_spans(matcher, title, abstract)
    return _topics(matcher, spans, title_end)


def _keyword_spans(
    matcher: Matcher, title: str, abstract: str | None
) -> tuple[dict[int, list[tuple[int, int]]], str, int]:
    """Each keyword's matches (keyword number -> spans, overlaps dropped) in the lower-cased text, which
    is returned too, and where the title ends."""
    lowered_title = title.lower()
    text = f"{lowered_title}\n{abstract.lower()}" if abstract else lowered_title
    title_end = len(lowered_title)

    spaced = b" " + text.encode("ascii", "replace").translate(WORDS_ONLY)
    words = set(matcher.vocabulary.intersection(spaced.split()))  # hashes each word once, keeps a few
    candidates = set(matcher.unfiled)
    for word in matcher.words.intersection(words):
        candidates.update(matcher.by_word[word])
    if matcher.starts is not None:
        for start in set(matcher.starts.findall(spaced)):
            numbers, marks = matcher.by_start[start]
            candidates.update(numbers)
            words.update(marks)

    spans: dict[int, list[tuple[int, int]]] = {}  # keyword number -> its matches
    entries = matcher.entries
    for number in candidates:
        keyword, probe, plain, several, check = entries[number]
        if plain <= words and check in text and (not several or all(not s.isdisjoint(words) for s in several)):
            found = _spans(probe, text, title_end)
            if found:
                spans.setdefault(keyword, []).extend(found)
    for keyword, found in spans.items():
        if len(found) > 1:
            spans[keyword] = _without_overlaps(found)  # two alternatives of a keyword may overlap
    return spans, text, title_end


def _topics(matcher: Matcher, spans: dict[int, list[tuple[int, int]]], title_end: int) -> tuple[str, ...]:
    scores: dict[int, int] = {}
    for keyword, found in spans.items():
        title_hits = sum(start < title_end for start, _ in found)
        points = TITLE_WEIGHT * title_hits + min(len(found) - title_hits, ABSTRACT_HIT_CAP)
        topic = matcher.topic_of[keyword]
        scores[topic] = scores.get(topic, 0) + points
    return _select(scores, matcher.slugs)


def _spans(probe: Probe, text: str, title_end: int) -> list[tuple[int, int]]:
    """Whole-word matches of ``probe``, up to the cap of abstract hits."""
    spans: list[tuple[int, int]] = []
    abstract_hits = position = 0
    while abstract_hits < ABSTRACT_HIT_CAP:
        found = probe.finder.search(text, position)
        if found is None:
            break
        start, end = found.span()
        if probe.suffix:  # the match starts where the word does
            while start and is_word_char(text[start - 1]):
                start -= 1
        elif start and is_word_char(text[start - 1]):
            position = start + 1  # glued to the word before: not a hit
            continue
        if probe.verifier is not None:
            match = probe.verifier.match(text, start)
            if match is None:
                position = found.start() + 1
                continue
            end = match.end()
        spans.append((start, end))
        abstract_hits += start >= title_end
        position = max(end, found.start() + 1)
    return spans


def _without_overlaps(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _select(scores: dict[int, int], slugs: tuple[str, ...]) -> tuple[str, ...]:
    if not scores:
        return ()
    threshold = max(MIN_SCORE, max(scores.values()) * RELATIVE_CUTOFF)
    ranked = sorted((-score, slugs[index]) for index, score in scores.items() if score >= threshold)
    return tuple(slug for _, slug in ranked[:MAX_TOPICS])

"""The matcher: every probe of a taxonomy, filed so that a paper runs only a few."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from generator.enrich.topics.probes import Probe, compile_keyword, is_word_char
from generator.enrich.trie import trie_pattern
from generator.models import Topic

# --------------------------------------------------------------------------
# The matcher: every probe of a taxonomy, filed for quick lookup

# ASCII letters, digits and "_" stay, every other byte becomes a space: the
# words of ``text.encode("ascii", "replace").translate(WORDS_ONLY)`` start
# exactly where ``re`` sees a word start in ``text``.
WORDS_ONLY = bytes(b if b < 128 and is_word_char(chr(b)) else 0x20 for b in range(256))

# A probe as the matcher runs it: keyword number, probe, words the paper
# must have, spellings of which it must have one each, and text it must
# contain ("" for a one-word probe: being filed under the word proves it).
_Entry = tuple[int, Probe, frozenset[bytes], tuple[frozenset[bytes], ...], str]


@dataclass(frozen=True)
class Matcher:
    """The probes of a taxonomy, filed so that a paper runs only a few.

    A probe that contains whole ASCII words is filed under the one that the
    fewest probes share (so "video generation" goes under "generation", not
    under "video", which dozens of keywords start with); a probe that starts
    with part of a word, under that part (``starts``: one pass over the
    paper's words finds which of them some word starts with, which rules out
    far more probes than a word's first letters); the rest (``unfiled``) run
    on every paper, after a test for their literal text.
    """

    slugs: tuple[str, ...]
    topic_of: tuple[int, ...]  # keyword number -> topic index
    entries: tuple[_Entry, ...]
    by_word: dict[bytes, tuple[int, ...]]  # entry numbers
    words: frozenset[bytes]
    vocabulary: frozenset[bytes]  # every word some entry needs: the only ones worth keeping of a paper
    starts: re.Pattern[bytes] | None  # finds the longest start of each word among those of the probes
    by_start: dict[bytes, tuple[tuple[int, ...], frozenset[bytes]]]  # a start found -> entries filed under
    # it or under a shorter start it begins with, and the marks of those starts (see ``_start_mark``)
    unfiled: tuple[int, ...]


@functools.lru_cache(maxsize=16)
def matcher_for(topics: tuple[Topic, ...]) -> Matcher:
    probes = [
        (keyword_number, probe)
        for keyword_number, keyword in enumerate(k for topic in topics for k in topic.keywords)
        for probe in compile_keyword(keyword)
    ]
    sharing: dict[str, int] = {}  # word -> how many probes contain it
    for _, probe in probes:
        for spellings in _whole_words(probe):
            for spelling in spellings:
                sharing[spelling] = sharing.get(spelling, 0) + 1

    entries: list[_Entry] = []
    by_word: dict[bytes, list[int]] = {}
    by_start: dict[bytes, list[int]] = {}
    unfiled: list[int] = []
    for keyword_number, probe in probes:
        number = len(entries)
        slots = [tuple(spelling.encode("ascii") for spelling in spellings) for spellings in _whole_words(probe)]
        by_its_start = False
        if slots:
            key = min(slots, key=lambda spellings: _key_cost(spellings, sharing))
            slots.remove(key)
            for spelling in key:
                by_word.setdefault(spelling, []).append(number)
        elif probe.first and all(probe.first):
            by_its_start = True
            for spelling in probe.first:
                by_start.setdefault(spelling.encode("ascii"), []).append(number)
        else:
            unfiled.append(number)
        if not by_its_start and probe.first and not probe.whole_word and all(probe.first):
            # filed under a word, but starts with part of one ("compress\\w* models?"): the paper needs that start too
            slots.append(tuple(_start_mark(spelling.encode("ascii")) for spelling in probe.first))
            for spelling in probe.first:
                by_start.setdefault(spelling.encode("ascii"), [])
        shortest = min(map(len, probe.first), default=0)
        if probe.whole_word and len(probe.required) <= shortest + 1:
            check = ""
        elif probe.first and not probe.whole_word and all(probe.required in spelling for spelling in probe.first):
            check = ""  # the start holds the literal text: finding the start proved it
        else:
            check = probe.required
        plain = frozenset(spellings[0] for spellings in slots if len(spellings) == 1)
        several = tuple(frozenset(spellings) for spellings in slots if len(spellings) > 1)
        entries.append((keyword_number, probe, plain, several, check))
    return Matcher(
        slugs=tuple(topic.slug for topic in topics),
        topic_of=tuple(index for index, topic in enumerate(topics) for _ in topic.keywords),
        entries=tuple(entries),
        by_word={key: tuple(value) for key, value in by_word.items()},
        words=frozenset(by_word),
        vocabulary=frozenset(by_word).union(*(entry[2] for entry in entries), *(s for entry in entries for s in entry[3])),
        starts=_starts_pattern(by_start),
        by_start=_with_shorter_starts(by_start),
        unfiled=tuple(unfiled),
    )


def _starts_pattern(by_start: dict[bytes, list[int]]) -> re.Pattern[bytes] | None:
    """`` (?:start|...)`` as a trie, run on the words of a paper with a space before each: led by a
    literal space, which ``re`` jumps to, and failing on a word's first letter or two."""
    if not by_start:
        return None
    return re.compile(f" ({trie_pattern(start.decode('ascii') for start in by_start)})".encode("ascii"))


def _with_shorter_starts(by_start: dict[bytes, list[int]]) -> dict[bytes, tuple[tuple[int, ...], frozenset[bytes]]]:
    """Each start -> the entries and marks of itself and of every shorter start it begins with ("quantiz"
    and "quant"), as the pattern reports only the longest start of a word."""
    result = {}
    for start in by_start:
        shorter = [other for other in by_start if start.startswith(other)]
        numbers = tuple(sorted({number for other in shorter for number in by_start[other]}))
        result[start] = (numbers, frozenset(map(_start_mark, shorter)))
    return result


def _start_mark(start: bytes) -> bytes:
    """How "some word starts with ``start``" joins a paper's set of words: "compress-", which no word is."""
    return start + b"-"


# Words in nearly every abstract: poor keys for the index.
_FUNCTION_WORDS = frozenset(
    "a an and are as at be between by for from in into is it of on or over than that the their this to via we"
    " with without".split()
)


def _key_cost(spellings: tuple[bytes, ...], sharing: dict[str, int]) -> tuple[bool, int, int]:
    words = [spelling.decode() for spelling in spellings]
    return (words[0] in _FUNCTION_WORDS, max(sharing[word] for word in words), -len(words[0]))


def _whole_words(probe: Probe) -> tuple[tuple[str, ...], ...]:
    """Spellings of each whole word every match of ``probe`` contains."""
    return ((probe.first,) if probe.whole_word else ()) + probe.words

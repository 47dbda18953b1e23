"""Topics: validate the hand-curated taxonomy and assign papers to it.

Two pure functions, no file access: the caller reads ``data/topics.yaml``,
passes the parsed YAML to :func:`load_topics`, then calls
:func:`assign_topics` once per paper.

Matching rules (the header of ``data/topics.yaml`` explains them to curators):

* a keyword is a regular expression, matched case-insensitively, and only
  where it is not glued to a letter, digit or underscore on either side
  (``nas`` matches "NAS" and "NAS-Bench", not "dynasty");
* a keyword scores 3 points a hit in the title and 1 point a hit in the
  abstract, at most ``ABSTRACT_HIT_CAP`` abstract hits, so that one word
  repeated all over an abstract does not drown the others;
* a topic needs ``MIN_SCORE`` points (one title hit, or two abstract hits)
  and at least ``RELATIVE_CUTOFF`` of the best topic's score; a paper keeps
  at most ``MAX_TOPICS`` topics, best first, ties broken by slug.

Speed. The obvious design, one combined regular expression per topic, costs
about 3 ms a paper: ``re`` tries every alternative at every position. ``re``
is fast only when a pattern starts with literal text, which it finds like
``str.find``. So each keyword is compiled on its own, lowercased, and split
into *probes* that start with literal text:

* ``a|b``, ``(?:a|b) c`` and ``x (?:a )?b`` become one probe per alternative;
* a leading look-around such as ``(?<!graph )`` is checked where a probe
  hits instead of being searched for;
* ``\\w+former`` is found by its literal end, then matched from the start
  of that word.

A paper's words are split with C-level string operations on the same
boundaries ``re`` uses. Each probe is filed under a whole word it contains,
or else under the literal start of its first word (``provabl`` of
``provabl\\w+``), so set intersections and one pass of a regular expression
over the word starts name the few probes worth running, and the other words
of a probe are checked before it is searched for. The topics come out the same as with the obvious design
(``tests/test_topics.py`` checks it), about twenty times faster.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.enrich.trie import trie_pattern
from generator.errors import AtlasError, Problem
from generator.models import RESERVED_SLUGS, Topic

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TOPIC_KEYS = ("slug", "name", "description", "keywords")

TITLE_WEIGHT = 3
ABSTRACT_HIT_CAP = 3
MIN_SCORE = 2
RELATIVE_CUTOFF = 0.25
MAX_TOPICS = 4


# --------------------------------------------------------------------------
# Loading and validation


def load_topics(data: object, path: str) -> tuple[Topic, ...]:
    """Validate parsed ``topics.yaml`` and return its topics, in file order.

    Every problem is collected first; one ``AtlasError`` then lists them all,
    each naming the topic.
    """
    problems: list[str] = []
    topics: list[Topic] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(_topic_entries(data, path, problems), start=1):
        topic = _check_topic(entry, number, path, seen, problems)
        if topic is not None:
            topics.append(topic)
    if problems:
        raise AtlasError([Problem(path, None, problem) for problem in problems])
    result = tuple(topics)
    _matcher(result)  # compile every pattern now, once
    return result


def _topic_entries(data: object, path: str, problems: list[str]) -> list[object]:
    if not isinstance(data, dict):
        problems.append(f"expected a mapping with a 'topics' list, got {type(data).__name__}")
        return []
    for key in sorted(map(str, data.keys() - {"topics"})):
        problems.append(f"unknown top-level key {key!r} (only 'topics' is allowed)")
    entries = data.get("topics")
    if not isinstance(entries, list) or not entries:
        problems.append("'topics' must be a non-empty list of topics")
        return []
    return entries


def _check_topic(entry: object, number: int, path: str, seen: dict[str, int], problems: list[str]) -> Topic | None:
    """The topic, or None after recording why it is not valid."""
    if not isinstance(entry, dict):
        problems.append(f"topic #{number}: expected a mapping of {', '.join(TOPIC_KEYS)}")
        return None
    slug = entry.get("slug")
    where = f"topic #{number}" if slug is None or slug == "" else f"topic #{number} ({slug!r})"
    before = len(problems)

    for key in sorted(map(str, entry.keys() - set(TOPIC_KEYS))):
        problems.append(f"{where}: unknown key {key!r} (allowed: {', '.join(TOPIC_KEYS)})")
    if slug is None or slug == "":
        problems.append(f"{where}: missing slug")
    elif not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
        problems.append(f"{where}: slug must be lowercase words joined by '-' (like 'speech-audio')")
    elif slug in RESERVED_SLUGS:
        problems.append(f"{where}: slug {slug!r} is reserved: topics/{slug}.md is the list of topics")
    elif slug in seen:
        problems.append(f"{where}: duplicate slug, already used by topic #{seen[slug]}")
    else:
        seen[slug] = number
    for key in ("name", "description"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: {key} is missing or empty")
    keywords = _check_keywords(entry.get("keywords"), where, problems)

    if len(problems) > before:
        return None
    return Topic(
        slug=slug,
        name=entry["name"].strip(),
        description=" ".join(entry["description"].split()),
        keywords=keywords,
    )


def _check_keywords(value: object, where: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        problems.append(f"{where}: needs a non-empty list of keywords")
        return ()
    keywords: list[str] = []
    for keyword in value:
        if not isinstance(keyword, str) or not keyword.strip():
            problems.append(f"{where}: keyword {keyword!r} is not a non-empty string (quote it in YAML)")
        elif keyword in keywords:
            problems.append(f"{where}: keyword {keyword!r} is listed twice")
        else:
            try:
                probes = _compile_keyword(keyword)
            except re.error as error:
                problems.append(f"{where}: keyword {keyword!r} is not a valid regular expression: {error}")
                continue
            if any(probe.finder.match("") or (probe.verifier and probe.verifier.match("")) for probe in probes):
                problems.append(f"{where}: keyword {keyword!r} matches the empty string")
                continue
            keywords.append(keyword)
    return tuple(keywords)


# --------------------------------------------------------------------------
# Compiling keywords into probes


@dataclass(frozen=True)
class _Probe:
    """One alternative of a keyword, compiled to run on lowercased text."""

    finder: re.Pattern[str]  # searched for; starts with the literal part when there is one
    verifier: re.Pattern[str] | None  # the whole alternative, matched where a find starts
    suffix: bool  # the finder matches the end of a word (``\\w+former``)
    first: tuple[str, ...]  # spellings of the ASCII word every match starts with
    whole_word: bool  # True: that is the whole word; False: the start of a longer one
    words: tuple[tuple[str, ...], ...]  # spellings of other whole ASCII words every match contains
    required: str  # the longest literal text every match contains ("" if unknown)


_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")
_SUFFIX_START = re.compile(r"\\w[+*](?![?+*{])")  # \w+ or \w*, not lazy or possessive
_CLASS_ESCAPES = frozenset("wWdDsSbBAZ")  # escapes that never stand for one literal character
_WORD_END_ESCAPES = frozenset("bWsZ")  # ... and, after a letter, mean that the word ended


@functools.lru_cache(maxsize=None)
def _compile_keyword(keyword: str) -> tuple[_Probe, ...]:
    """The probes of ``keyword``; raises ``re.error`` for an invalid regex.

    The source is lowercased (the letter of an escape such as ``\\W`` kept)
    and matched on lowercased text without ``re.IGNORECASE``, which would
    stop ``re`` from jumping to a literal start.
    """
    source = _lowercase_regex(keyword.strip())
    re.compile(source)
    try:
        return tuple(_probe(alternative) for alternative in _alternatives(source))
    except re.error:  # cut where it cannot be (a back reference...): run it whole
        whole = re.compile(f"(?:{source})(?!\\w)")
        return (_Probe(whole, None, False, first=(), whole_word=False, words=(), required=""),)


def _lowercase_regex(source: str) -> str:
    out: list[str] = []
    escaped = False
    for char in source:
        out.append(char if escaped else char.lower())
        escaped = not escaped and char == "\\"
    return "".join(out)


_MAX_PROBES = 16


def _alternatives(source: str) -> list[str]:
    """``source`` written out as plain alternatives, while there are at most
    ``_MAX_PROBES``: ``a|b`` as ``a`` and ``b``, ``x (?:a|b)`` as ``x a`` and
    ``x b``, ``x (?:a )?b`` as ``x a b`` and ``x b``."""
    done: list[str] = []
    todo = [source]
    while todo and len(done) + len(todo) <= _MAX_PROBES:
        current = todo.pop()
        expanded = _expand_once(current)
        if expanded is None:
            done.append(current)
        else:
            todo += expanded
    return done + todo


def _expand_once(source: str) -> list[str] | None:
    """The first top-level alternation or non-capturing group of ``source``
    written out, or None when there is none to write out."""
    parts = _split_top_level(source)
    if len(parts) > 1:
        return parts
    i = 0
    while i < len(source):
        if source[i] == "\\":
            i += 2
        elif source[i] == "[":
            i = _skip_class(source, i)
        elif source.startswith("(?:", i):
            end = _skip_group(source, i)
            quantifier = source[end : end + 1]
            choices = _split_top_level(source[i + 3 : end - 1])
            if quantifier == "?" and source[end + 1 : end + 2] not in ("?", "+"):
                return [source[:i] + choice + source[end + 1 :] for choice in [*choices, ""]]
            if quantifier not in ("?", "*", "+", "{"):
                return [source[:i] + choice + source[end:] for choice in choices]
            i = end
        elif source[i] == "(":
            i = _skip_group(source, i)
        else:
            i += 1
    return None


def _probe(source: str) -> _Probe:
    if source.startswith("\\b"):
        source = source[2:]  # the word boundary is checked at every hit anyway
    lead = 0  # leading look-arounds: checked by the verifier where a find starts
    while source.startswith(_LOOKAROUNDS, lead):
        lead = _skip_group(source, lead)
    body = source[lead:]
    suffix = _SUFFIX_START.match(body) is not None and len(body) > 3
    find = body[3:] if suffix else body
    whole = re.compile(f"(?:{source})(?!\\w)")
    elements, complete = _elements(find)
    first, _, whole_word = _word_at(elements, 0, complete)
    words: dict[tuple[str, ...], None] = {}
    for i in range(1, len(elements)):
        before = elements[i - 1]
        if before is _WORD_END or (isinstance(before, str) and not _is_word_char(before)):
            spellings, _, is_whole = _word_at(elements, i, complete)
            if is_whole and spellings[0] and spellings != first:
                words[spellings] = None
    runs = "".join(e if isinstance(e, str) else "\0" for e in elements).split("\0")
    first = () if suffix or first == ("",) else first
    return _Probe(
        finder=re.compile(f"(?:{find})(?!\\w)") if find != source else whole,
        verifier=whole if find != source else None,
        suffix=suffix,
        first=first,
        whole_word=bool(first) and whole_word,
        words=tuple(words),
        required=max(runs, key=len),
    )


def _word_at(elements: list[object], i: int, complete: bool) -> tuple[tuple[str, ...], int, bool]:
    """Spellings of the ASCII word that starts at ``elements[i]`` (``models?``
    gives "model" and "models"), where it ends, and whether it surely ends
    there rather than going on with more letters."""
    spellings = [""]
    while i < len(elements) and len(spellings) <= 4:
        element = elements[i]
        if isinstance(element, str) and element.isascii() and _is_word_char(element):
            spellings = [spelling + element for spelling in spellings]
        elif isinstance(element, _Maybe) and element.char.isascii() and _is_word_char(element.char):
            spellings += [spelling + element.char for spelling in spellings]
        else:
            break
        i += 1
    if i == len(elements):
        ends = complete
    else:
        after = elements[i]
        ends = after is _WORD_END or (isinstance(after, str) and not _is_word_char(after))
    return tuple(spellings), i, ends


@dataclass(frozen=True)
class _Maybe:
    """An optional literal character, such as the ``s`` of ``models?``."""

    char: str


_WORD_END = object()  # an element that never is a word character: \b \W \s $ [- ]
_OTHER = object()  # any other element that is not one literal character


def _elements(source: str) -> tuple[list[object], bool]:
    """The top-level sequence of ``source``: literal characters and markers,
    and whether it was read to the end.

    A guard for the matcher, so it may be incomplete but never wrong: an
    optional or repeated element becomes ``_OTHER``, and reading stops at the
    first thing it does not follow (``{m,n}``, ``\\x41``, a back reference).
    """
    if _split_top_level(source) != [source]:
        return [], False
    elements: list[object] = []
    i = 0
    while i < len(source):
        char, element = source[i], _OTHER
        if char == "\\":
            following = source[i + 1 : i + 2]
            if following in _WORD_END_ESCAPES:
                element = _WORD_END
            elif not following or (_is_word_char(following) and following not in _CLASS_ESCAPES):
                return elements, False
            elif not _is_word_char(following):
                element = following  # an escaped symbol: \+ \. \-
            i += 2
        elif char == "[":
            end = _skip_class(source, i)
            element = _WORD_END if _is_non_word_class(source[i:end]) else _OTHER
            i = end
        elif char == "(":
            lookaround = source.startswith(_LOOKAROUNDS, i)
            i = _skip_group(source, i)
            if lookaround and source[i : i + 1] not in ("?", "*", "+", "{"):
                continue  # takes no room in the match
        elif char in ".^$":
            element = _WORD_END if char == "$" else _OTHER
            i += 1
        elif char in "*+?{}|)":
            return elements, False
        else:
            element, i = char, i + 1
        quantifier = source[i : i + 1]
        if quantifier == "{":
            return [*elements, _OTHER], False
        if quantifier in ("?", "*", "+"):
            if quantifier == "+":
                elements += [element, _OTHER]
            else:
                elements.append(_Maybe(element) if quantifier == "?" and isinstance(element, str) else _OTHER)
            i += 2 if source[i + 1 : i + 2] in ("?", "+") else 1
        else:
            elements.append(element)
    return elements, True


def _is_word_char(char: str) -> bool:
    """What ``re`` calls a word character (``\\w``) in a str pattern."""
    return char.isalnum() or char == "_"


def _is_non_word_class(text: str) -> bool:
    """True for a class such as ``[- ]`` or ``[\\s/]``: never a word character."""
    body = text[1:-1]
    if not body or body.startswith("^") or "-" in body.strip("-"):
        return False  # negated, or a range such as a-z
    i = 0
    while i < len(body):
        if body[i] == "\\":
            if _is_word_char(body[i + 1 : i + 2]) and body[i + 1] not in "sW":
                return False
            i += 2
        elif _is_word_char(body[i]):
            return False
        else:
            i += 1
    return True


def _skip_class(source: str, i: int) -> int:
    """Index just after the character class that starts at ``source[i]``."""
    i += 2 if source[i + 1 : i + 2] == "^" else 1
    i += 1 if source[i : i + 1] == "]" else 0  # "]" first in a class is literal
    while i < len(source) and source[i] != "]":
        i += 2 if source[i] == "\\" else 1
    return i + 1


def _skip_group(source: str, i: int) -> int:
    """Index just after the group that starts at ``source[i]``."""
    depth = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _skip_class(source, i)
            continue
        depth += (char == "(") - (char == ")")
        i += 1
        if depth == 0:
            return i
    return i


def _split_top_level(source: str) -> list[str]:
    """``source`` cut at each ``|`` outside groups and classes."""
    parts, start, i = [], 0, 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
        elif char == "[":
            i = _skip_class(source, i)
        elif char == "(":
            i = _skip_group(source, i)
        else:
            if char == "|":
                parts.append(source[start:i])
                start = i + 1
            i += 1
    return [*parts, source[start:]]


# --------------------------------------------------------------------------
# The matcher: every probe of a taxonomy, filed for quick lookup

# ASCII letters, digits and "_" stay, every other byte becomes a space: the
# words of ``text.encode("ascii", "replace").translate(_WORDS_ONLY)`` start
# exactly where ``re`` sees a word start in ``text``.
_WORDS_ONLY = bytes(b if b < 128 and _is_word_char(chr(b)) else 0x20 for b in range(256))

# A probe as the matcher runs it: keyword number, probe, words the paper
# must have, spellings of which it must have one each, and text it must
# contain ("" for a one-word probe: being filed under the word proves it).
_Entry = tuple[int, _Probe, frozenset[bytes], tuple[frozenset[bytes], ...], str]


@dataclass(frozen=True)
class _Matcher:
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
def _matcher(topics: tuple[Topic, ...]) -> _Matcher:
    probes = [
        (keyword_number, probe)
        for keyword_number, keyword in enumerate(k for topic in topics for k in topic.keywords)
        for probe in _compile_keyword(keyword)
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
    return _Matcher(
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


def _whole_words(probe: _Probe) -> tuple[tuple[str, ...], ...]:
    """Spellings of each whole word every match of ``probe`` contains."""
    return ((probe.first,) if probe.whole_word else ()) + probe.words


# --------------------------------------------------------------------------
# Assignment


def assigner(topics: Sequence[Topic]) -> Callable[[str, str | None], tuple[str, ...]]:
    """``assign_topics`` for these topics, compiled once: what enrich calls for every paper."""
    return functools.partial(_assign, _matcher(tuple(topics)))


def assign_topics(title: str, abstract: str | None, topics: Sequence[Topic]) -> tuple[str, ...]:
    """Slugs of the paper's topics, best first: at most four, () if none fits."""
    return _assign(_matcher(tuple(topics)), title, abstract)


def _assign(matcher: _Matcher, title: str, abstract: str | None) -> tuple[str, ...]:
    lowered_title = title.lower()
    text = f"{lowered_title}\n{abstract.lower()}" if abstract else lowered_title
    title_end = len(lowered_title)

    spaced = b" " + text.encode("ascii", "replace").translate(_WORDS_ONLY)
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
    scores: dict[int, int] = {}
    for keyword, found in spans.items():
        if len(found) > 1:
            found = _without_overlaps(found)  # two alternatives of a keyword may overlap
        title_hits = sum(start < title_end for start, _ in found)
        points = TITLE_WEIGHT * title_hits + min(len(found) - title_hits, ABSTRACT_HIT_CAP)
        topic = matcher.topic_of[keyword]
        scores[topic] = scores.get(topic, 0) + points
    return _select(scores, matcher.slugs)


def _spans(probe: _Probe, text: str, title_end: int) -> list[tuple[int, int]]:
    """Whole-word matches of ``probe``, up to the cap of abstract hits."""
    spans: list[tuple[int, int]] = []
    abstract_hits = position = 0
    while abstract_hits < ABSTRACT_HIT_CAP:
        found = probe.finder.search(text, position)
        if found is None:
            break
        start, end = found.span()
        if probe.suffix:  # the match starts where the word does
            while start and _is_word_char(text[start - 1]):
                start -= 1
        elif start and _is_word_char(text[start - 1]):
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

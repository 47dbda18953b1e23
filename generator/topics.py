"""Topics: validate the hand-curated taxonomy and assign papers to it.

Two pure functions, no file access: the caller reads ``data/topics.yaml``,
passes the parsed YAML to :func:`load_topics`, then calls
:func:`assign_topics` once per paper.

Matching rules (the header of ``data/topics.yaml`` explains them to curators):

* a keyword is a regular expression, matched case-insensitively, and only
  where it is not glued to a letter, digit or underscore on either side
  (``nas`` matches "NAS" and "NAS-Bench", not "dynasty");
* every hit of a keyword scores: 3 points in the title, 1 point in the
  abstract (at most ``ABSTRACT_HIT_CAP`` abstract hits per keyword, so one
  word repeated all over an abstract does not drown the others);
* a topic needs ``MIN_SCORE`` points (one title hit, or two abstract hits)
  and at least ``RELATIVE_CUTOFF`` of the best topic's score; a paper keeps at
  most ``MAX_TOPICS`` topics, best first, ties broken by slug.

Speed: one regular expression per topic is the obvious design but costs
about 1 ms a paper (the ``re`` engine tries every alternative at every
position). Instead each keyword is compiled on its own, lowercased, so that
``re`` can jump straight to its literal prefix (about 2 us a search), and a
paper is only searched for the keywords whose prefix can occur in it: the
first four letters of the prefix are looked up in the set of the first four
letters of the paper's words (built with C-level string operations).
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.models import Topic

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TOPIC_KEYS = ("slug", "name", "description", "keywords")

TITLE_WEIGHT = 3
ABSTRACT_HIT_CAP = 3
MIN_SCORE = 2
RELATIVE_CUTOFF = 0.25
MAX_TOPICS = 4

# A guard of this many ASCII letters/digits is looked up in the word index;
# shorter guards are checked with a substring test.
_KEY_LENGTH = 4
_first_key = operator.itemgetter(slice(0, _KEY_LENGTH))
# ASCII letters, digits and "_" stay, every other byte becomes a space: the
# words of ``text.encode("ascii", "replace").translate(_WORDS_ONLY)`` start
# exactly where the ``re`` word boundaries of ``text`` are.
_WORDS_ONLY = bytes(b if b < 128 and (chr(b).isalnum() or b == 0x5F) else 0x20 for b in range(256))
_META = frozenset(".^$*+?{}[]|()")


# --------------------------------------------------------------------------
# Loading and validation


def load_topics(data: object, path: str) -> tuple[Topic, ...]:
    """Validate parsed ``topics.yaml`` and return its topics, in file order.

    Every problem is collected first; one ``ValueError`` then lists them all,
    each line naming ``path`` and the topic.
    """
    problems: list[str] = []
    entries = _topic_entries(data, path, problems)
    topics: list[Topic] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        topic = _check_topic(entry, number, path, seen, problems)
        if topic is not None:
            topics.append(topic)
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        raise ValueError(f"{path}: {count} in the topic list:\n" + "\n".join(f"  - {p}" for p in problems))
    result = tuple(topics)
    _matcher(result)  # compile every pattern now, once
    return result


def _topic_entries(data: object, path: str, problems: list[str]) -> list[object]:
    if not isinstance(data, dict):
        problems.append(f"{path}: expected a mapping with a 'topics' list, got {type(data).__name__}")
        return []
    for key in sorted(set(map(str, data)) - {"topics"}):
        problems.append(f"{path}: unknown top-level key {key!r} (only 'topics' is allowed)")
    entries = data.get("topics")
    if not isinstance(entries, list) or not entries:
        problems.append(f"{path}: 'topics' must be a non-empty list of topics")
        return []
    return entries


def _check_topic(entry: object, number: int, path: str, seen: dict[str, int], problems: list[str]) -> Topic | None:
    """Return the topic, or None after recording why it is not valid."""
    if not isinstance(entry, dict):
        problems.append(f"{path}: topic #{number}: expected a mapping of {', '.join(TOPIC_KEYS)}")
        return None
    slug = entry.get("slug")
    where = f"{path}: topic #{number} ({slug!r})" if isinstance(slug, str) and slug else f"{path}: topic #{number}"
    before = len(problems)

    for key in sorted(set(map(str, entry)) - set(TOPIC_KEYS)):
        problems.append(f"{where}: unknown key {key!r} (allowed: {', '.join(TOPIC_KEYS)})")
    if not isinstance(slug, str) or not slug.strip():
        problems.append(f"{where}: missing slug")
    elif not SLUG_PATTERN.match(slug):
        problems.append(f"{where}: slug must be lowercase words joined by '-' (like 'speech-audio')")
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
            continue
        if keyword in keywords:
            problems.append(f"{where}: keyword {keyword!r} is listed twice")
            continue
        try:
            compiled = _compile_keyword(keyword)
        except re.error as error:
            problems.append(f"{where}: keyword {keyword!r} is not a valid regular expression: {error}")
            continue
        if compiled.pattern.match("") is not None:
            problems.append(f"{where}: keyword {keyword!r} matches the empty string")
            continue
        keywords.append(keyword)
    return tuple(keywords)


# --------------------------------------------------------------------------
# Compiled keywords


@dataclass(frozen=True)
class _Keyword:
    """One keyword, compiled to run on lowercased text."""

    pattern: re.Pattern[str]
    guard: str  # literal text every match starts with; "" if unknown


@functools.lru_cache(maxsize=None)
def _compile_keyword(keyword: str) -> _Keyword:
    """Compile ``keyword``; raises ``re.error`` when it is not a valid regex.

    The source is lowercased (escapes such as ``\\W`` kept) and run on
    lowercased text without ``re.IGNORECASE``: with it ``re`` could not use
    the literal prefix to skip ahead. A leading ``\\b`` is dropped for the
    same reason; the word-boundary rule is applied to every match anyway.
    """
    source = _lowercase_regex(keyword.strip())
    if source.startswith("\\b"):
        source = source[2:]
    pattern = re.compile(f"(?:{source})(?!\\w)")
    return _Keyword(pattern, _literal_prefix(source))


def _lowercase_regex(source: str) -> str:
    """Lowercase a regex, leaving the letter after each backslash alone."""
    out: list[str] = []
    escaped = False
    for char in source:
        out.append(char if escaped else char.lower())
        escaped = not escaped and char == "\\"
    return "".join(out)


def _literal_prefix(source: str) -> str:
    """Text every match of ``source`` must start with ("" if unsure)."""
    if _has_top_level_alternation(source):
        return ""
    prefix: list[str] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            following = source[i + 1 : i + 2]
            if not following or following.isalnum() or following == "_":
                break  # \b, \w, \d, \x41 ...: not a plain character
            char, step = following, 2
        elif char in _META:
            break
        else:
            step = 1
        quantifier = source[i + step : i + step + 1]
        if quantifier in ("?", "*", "{"):
            break  # this character is optional or repeated
        prefix.append(char)
        if quantifier == "+":
            break
        i += step
    return "".join(prefix)


def _has_top_level_alternation(source: str) -> bool:
    depth, i = 0, 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":  # skip the class; "]" right after "[" or "[^" is literal
            i += 2 if source[i + 1 : i + 2] == "^" else 1
            i += 1 if source[i : i + 1] == "]" else 0
            while i < len(source) and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
        i += 1
    return False


@dataclass(frozen=True)
class _Matcher:
    """All keywords of a taxonomy, indexed for fast candidate lookup."""

    slugs: tuple[str, ...]
    by_key: dict[bytes, tuple[tuple[int, _Keyword], ...]]  # guard[:4] -> (topic, keyword)
    keys: frozenset[bytes]
    by_substring: tuple[tuple[int, _Keyword], ...]  # short guards: `guard in text`
    always: tuple[tuple[int, _Keyword], ...]  # no guard: always searched


@functools.lru_cache(maxsize=16)
def _matcher(topics: tuple[Topic, ...]) -> _Matcher:
    by_key: dict[bytes, list[tuple[int, _Keyword]]] = {}
    by_substring: list[tuple[int, _Keyword]] = []
    always: list[tuple[int, _Keyword]] = []
    for index, topic in enumerate(topics):
        for keyword in topic.keywords:
            compiled = _compile_keyword(keyword)
            word = _leading_ascii_word(compiled.guard)
            if len(word) >= _KEY_LENGTH:
                by_key.setdefault(word[:_KEY_LENGTH].encode("ascii"), []).append((index, compiled))
            elif compiled.guard:
                by_substring.append((index, compiled))
            else:
                always.append((index, compiled))
    return _Matcher(
        slugs=tuple(topic.slug for topic in topics),
        by_key={key: tuple(entries) for key, entries in by_key.items()},
        keys=frozenset(by_key),
        by_substring=tuple(by_substring),
        always=tuple(always),
    )


def _leading_ascii_word(text: str) -> str:
    end = 0
    while end < len(text) and text[end].isascii() and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return text[:end]


_last_topics: tuple[Topic, ...] | None = None
_last_matcher: _Matcher | None = None


def _matcher_for(topics: Sequence[Topic] | Iterable[Topic]) -> _Matcher:
    """The compiled matcher; the same tuple again skips even the hashing."""
    global _last_topics, _last_matcher
    if topics is _last_topics and _last_matcher is not None:
        return _last_matcher
    key = topics if isinstance(topics, tuple) else tuple(topics)
    matcher = _matcher(key)
    if isinstance(topics, tuple):
        _last_topics, _last_matcher = topics, matcher
    return matcher


# --------------------------------------------------------------------------
# Assignment


def assign_topics(title: str, abstract: str | None, topics: Sequence[Topic]) -> tuple[str, ...]:
    """Slugs of the paper's topics, best first: at most four, () if none fits."""
    matcher = _matcher_for(topics)
    lowered_title = title.lower()
    text = f"{lowered_title}\n{abstract.lower()}" if abstract else lowered_title
    title_end = len(lowered_title)

    words = text.encode("ascii", "replace").translate(_WORDS_ONLY).split()
    candidates = [hit for key in matcher.keys.intersection(map(_first_key, words)) for hit in matcher.by_key[key]]
    candidates.extend(hit for hit in matcher.by_substring if hit[1].guard in text)
    candidates.extend(matcher.always)

    scores: dict[int, int] = {}
    for index, keyword in candidates:
        points = _score(keyword.pattern, text, title_end)
        if points:
            scores[index] = scores.get(index, 0) + points
    return _select(scores, matcher.slugs)


def _score(pattern: re.Pattern[str], text: str, title_end: int) -> int:
    """Points of one keyword: 3 a title hit, 1 an abstract hit (capped)."""
    points = abstract_hits = 0
    position = 0
    while abstract_hits < ABSTRACT_HIT_CAP:
        match = pattern.search(text, position)
        if match is None:
            break
        start, end = match.span()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            position = start + 1  # glued to the word before it: not a hit
            continue
        if start < title_end:
            points += TITLE_WEIGHT
        else:
            points += 1
            abstract_hits += 1
        position = end if end > start else start + 1
    return points


def _select(scores: dict[int, int], slugs: tuple[str, ...]) -> tuple[str, ...]:
    if not scores:
        return ()
    best = max(scores.values())
    threshold = max(MIN_SCORE, best * RELATIVE_CUTOFF)
    ranked = sorted((-score, slugs[index]) for index, score in scores.items() if score >= threshold)
    return tuple(slug for _, slug in ranked[:MAX_TOPICS])

"""The hand-curated taxonomy (``data/topics.yaml``) validated: every problem at once, each naming its topic."""

from __future__ import annotations

import re

from generator.enrich.topics.matcher import matcher_for
from generator.enrich.topics.probes import compile_keyword
from generator.errors import AtlasError, Problem
from generator.models import RESERVED_SLUGS, Topic

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TOPIC_KEYS = ("slug", "name", "description", "keywords")

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
    matcher_for(result)  # compile every pattern now, once
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
                probes = compile_keyword(keyword)
            except re.error as error:
                problems.append(f"{where}: keyword {keyword!r} is not a valid regular expression: {error}")
                continue
            if any(probe.finder.match("") or (probe.verifier and probe.verifier.match("")) for probe in probes):
                problems.append(f"{where}: keyword {keyword!r} matches the empty string")
                continue
            keywords.append(keyword)
    return tuple(keywords)

"""The curation overlay (``data/curation.yaml``): hand overrides per paper.

A hand-written value always beats a computed one, and lives in its own
file so that no ingest or build can ever overwrite it.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from typing import Any

from generator.errors import AtlasError, Problem
from generator.models import CurationEntry

FIELDS = {"tldr", "key_points", "add_topics", "remove_topics", "featured", "hidden", "note"}


def _closest(name: str, valid: Collection[str]) -> str:
    close = difflib.get_close_matches(name, sorted(valid), n=3, cutoff=0.5)
    return f" (closest: {', '.join(close)})" if close else ""


def load_curation(
    data: Any,
    path: str,
    slugs: Collection[str],
    topics: Collection[str],
    lines: dict[str, int] | None = None,
) -> dict[str, CurationEntry]:
    """Validated entries by slug; every problem of the file is reported at once."""
    if data is None:
        return {}
    lines = lines or {}
    if not isinstance(data, dict) or not isinstance(data.get("papers", {}), dict) or set(data) - {"papers"}:
        raise AtlasError(Problem(path, 1, "expected a mapping `papers:` of paper slug -> overrides"))
    problems: list[Problem] = []
    entries: dict[str, CurationEntry] = {}
    for slug, fields in (data.get("papers") or {}).items():
        slug = str(slug)
        line = lines.get(slug)
        here = len(problems)

        def bad(message: str) -> None:
            problems.append(Problem(path, line, f"entry {slug!r}: {message}"))

        if slug not in slugs:
            bad("no paper has this slug" + _closest(slug, slugs))
        if not isinstance(fields, dict):
            bad("expected a mapping of overrides")
            continue
        for key in sorted(set(fields) - FIELDS):
            bad(f"unknown field {key!r}" + _closest(key, FIELDS))
        for key in ("tldr", "note"):
            if fields.get(key) is not None and not isinstance(fields[key], str):
                bad(f"`{key}` must be text")
        for key in ("featured", "hidden"):
            if not isinstance(fields.get(key, False), bool):
                bad(f"`{key}` must be true or false")
        points = fields.get("key_points")
        if points is not None and not (isinstance(points, list) and all(isinstance(p, str) for p in points)):
            bad("`key_points` must be a list of text")
        for key in ("add_topics", "remove_topics"):
            value = fields.get(key) or []
            if not isinstance(value, list):
                bad(f"`{key}` must be a list of topic slugs")
                continue
            for topic in value:
                if str(topic) not in topics:
                    bad(f"unknown topic {topic!r} in `{key}`" + _closest(str(topic), topics))
        if len(problems) > here:
            continue
        entries[slug] = CurationEntry(
            slug=slug,
            tldr=fields.get("tldr"),
            key_points=tuple(points) if points is not None else None,
            add_topics=tuple(str(t) for t in fields.get("add_topics") or ()),
            remove_topics=tuple(str(t) for t in fields.get("remove_topics") or ()),
            featured=bool(fields.get("featured", False)),
            hidden=bool(fields.get("hidden", False)),
            note=fields.get("note"),
            line=line,
        )
    if problems:
        raise AtlasError(problems)
    return entries


def entry_lines(text: str) -> dict[str, int]:
    """The line of each slug key under ``papers:`` (two-space indented keys), for errors that name it."""
    lines: dict[str, int] = {}
    for i, line in enumerate(text.splitlines(), 1):
        if line.startswith("  ") and not line.startswith("   ") and line.rstrip().endswith(":"):
            lines.setdefault(line.strip()[:-1].strip("'\""), i)
    return lines

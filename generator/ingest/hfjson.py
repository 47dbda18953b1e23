"""JSON dumps of the Hugging Face papers API (``data/raw/*.json``) -> entries.

Three shapes are read, as the API answers them:

- ``/api/daily_papers``: a list of listings, each ``{"paper": {...}, "publishedAt",
  "numComments", "submittedBy", "organization", ...}``;
- ``/api/papers/search``: the same list, or a flat list of paper objects;
- ``/api/papers/{id}``: one paper object.

Unknown fields are ignored. A problem is located by its JSON path
(``[3].paper.title``); every problem of a file is reported at once. An entry's
``source.line`` is the item's 1-based position in the list (JSON has no lines
that mean anything: a recorded answer is often one line).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from generator.errors import AtlasError, Problem
from generator.models import ARXIV_ID_RE, Entry, Org, Source

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class _Bad(Exception):
    """One wrong value, at a JSON path."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path.lstrip('.') or 'the top-level object'}: {message}")


def display_date(value: str) -> str:
    """``2024-10-25T00:57:09.392Z`` -> ``Oct 25, 2024``: the format text dumps use (see dates.py)."""
    day = date.fromisoformat(value[:10])  # the UTC calendar day, as Hugging Face files the listing
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _text(obj: dict[str, Any], key: str, path: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Bad(f"{path}.{key}", f"expected text, not {type(value).__name__}")
    return " ".join(value.split()) or None  # the API wraps titles and abstracts at ~80 columns


def _count(obj: dict[str, Any], key: str, path: str) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _Bad(f"{path}.{key}", f"expected a whole number, not {value!r}")
    return value


def _date(obj: dict[str, Any], key: str, path: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    try:
        return display_date(value)
    except (TypeError, ValueError):
        raise _Bad(f"{path}.{key}", f"expected an ISO date (2024-10-25T...), not {value!r}") from None


def _obj(value: Any, path: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _Bad(path, f"expected an object, not {type(value).__name__}")
    return value


def _authors(paper: dict[str, Any], path: str) -> tuple[str, ...]:
    """The names of the listed authors; ``hidden`` ones are left out, as Hugging Face hides them."""
    value = paper.get("authors")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _Bad(f"{path}.authors", "expected a list")
    names = []
    for i, author in enumerate(value):
        where = f"{path}.authors[{i}]"
        author = _obj(author, where) or {}
        if author.get("hidden") is True:
            continue
        name = _text(author, "name", where)
        if name:
            names.append(name)
    return tuple(names)


def _org(value: Any, path: str) -> Org | None:
    org = _obj(value, path)
    if not org:
        return None
    name, full = _text(org, "name", path), _text(org, "fullname", path)
    return Org(name, full or name) if name else None


def _person(value: Any, path: str) -> str | None:
    who = _obj(value, path)
    if not who:
        return None
    return _text(who, "fullname", path) or _text(who, "name", path) or _text(who, "user", path)


def _keywords(paper: dict[str, Any], path: str) -> tuple[str, ...]:
    value = paper.get("ai_keywords")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise _Bad(f"{path}.ai_keywords", "expected a list of text")
    return tuple(k for k in (" ".join(k.split()) for k in value) if k)


def entry(item: Any, path: str, file: str, position: int) -> Entry:
    """One entry from a listing (``{"paper": {...}, ...}``) or a bare paper object, at ``path``."""
    item = _obj(item, path)
    if item is None:
        raise _Bad(path, "expected an object, not null")
    if "paper" in item:
        paper, ppath = _obj(item["paper"], f"{path}.paper") or {}, f"{path}.paper"
        listing = item
    else:
        paper, ppath, listing = item, path, {}
    title = _text(paper, "title", ppath) or _text(listing, "title", path)
    if not title:
        raise _Bad(f"{ppath}.title", "missing title")
    arxiv = paper.get("id")
    if arxiv is not None and not isinstance(arxiv, str):
        raise _Bad(f"{ppath}.id", f"expected text, not {type(arxiv).__name__}")
    names = _authors(paper, ppath)
    # The listing date: the day Hugging Face put it on Daily Papers; publishedAt of the paper is arXiv's.
    listed = _date(paper, "submittedOnDailyAt", ppath) or _date(listing, "publishedAt", path)
    return Entry(
        title=title,
        abstract=_text(paper, "summary", ppath) or _text(listing, "summary", path),
        source=Source(file, position),
        authors=len(names) or None,
        org=_org(listing.get("organization"), f"{path}.organization")
        or _org(paper.get("organization"), f"{ppath}.organization"),
        date=listed,
        upvotes=_count(paper, "upvotes", ppath),
        comments=_count(listing, "numComments", path),
        arxiv_id=arxiv if arxiv and ARXIV_ID_RE.fullmatch(arxiv) else None,
        author_names=names,
        published=_date(paper, "publishedAt", ppath),
        github=_text(paper, "githubRepo", ppath),
        github_stars=_count(paper, "githubStars", ppath),
        project_page=_text(paper, "projectPage", ppath),
        submitted_by=_person(listing.get("submittedBy"), f"{path}.submittedBy")
        or _person(paper.get("submittedOnDailyBy"), f"{ppath}.submittedOnDailyBy"),
        ai_summary=_text(paper, "ai_summary", ppath),
        ai_keywords=_keywords(paper, ppath),
    )


def parse_json_dump(data: bytes, file: str) -> tuple[list[Entry], list[Problem]]:
    """Entries of one API answer, and warnings (none yet: kept for parse_dump's signature).

    Raises AtlasError naming every wrong item by its JSON path.
    """
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AtlasError(Problem(file, line, f"not UTF-8 (byte 0x{data[exc.start]:02x})")) from None
    except json.JSONDecodeError as exc:
        raise AtlasError(Problem(file, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")) from None
    if isinstance(doc, dict):
        items, paths = [doc], [""]
    elif isinstance(doc, list):
        items, paths = doc, [f"[{i}]" for i in range(len(doc))]
    else:
        raise AtlasError(Problem(file, None, "expected a list of papers or one paper object, "
                                             f"not {type(doc).__name__}"))
    if not items:
        raise AtlasError(Problem(file, None, "no papers found (empty list)"))
    entries: list[Entry] = []
    problems: list[Problem] = []
    for i, (item, path) in enumerate(zip(items, paths)):
        try:
            entries.append(entry(item, path, file, i + 1))
        except _Bad as exc:
            problems.append(Problem(file, None, str(exc)))
    if problems:
        raise AtlasError(problems)
    return entries, []

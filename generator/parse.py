"""Parse the text of a Hugging Face "Daily Papers" dump into entries.

The dumps are whatever a browser copy gives: page chrome, then papers as a
title line and an abstract line (consecutive or blank-separated), each
optionally followed by metadata lines::

    • 7 authors          <- author count
    nvidia NVIDIA        <- organisation: id and display name
    ·                    <- separator before the date
    Nov 2, 2024 1        <- date as listed, then upvotes

No layout is declared anywhere, so every non-blank line is classified on
its own and a small state machine assembles papers from the classes.

What a line must be to be read back as what it is (the tests generate
papers from exactly these rules):

- every line is normalised first (``normalize_line``): NFC, odd spaces and
  line separators become one space, control characters go, trimmed;
- a *title* is a line that ``is_abstract`` rejects and that is not page
  chrome (``CHROME``), a date line, an author-count line or ``·``; while
  in the page header it may not start with "Subscribe" followed by a
  non-lower-case character (that is a title glued to the button);
- an *abstract* is the line right after its title that ``is_abstract``
  accepts;
- an *organisation* line is the line right before ``·``, once the paper has
  an abstract or an author count ("Title / abstract / nvidia NVIDIA / ·").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from .dates import MONTHS
from .errors import AtlasError, Problem
from .models import Entry, Org, Source

CHROME = frozenset(
    s.casefold()
    for s in (
        "Get trending papers in your email inbox once a day!",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "new",
        "Daily Papers",
        "byAK and the research community",
    )
)
DATE_RE = re.compile(
    r"^(?P<date>(?P<month>" + "|".join(MONTHS) + r")[a-z]*\.? (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?)"
    r"(?: (?P<upvotes>\d{1,7}))?$"
)
AUTHORS_RE = re.compile(r"^[•·]\s*(?P<n>\d{1,6})\s+authors?$")
SEPARATOR = "·"
SUBSCRIBE = "Subscribe"
# An abstract is prose: long, or several sentences, or a full sentence.
SENTENCE_END_RE = re.compile(r"[.!?][\"')\]]?$")
SENTENCE_BREAK_RE = re.compile(r"[.!?] +[A-Z]")
ABSTRACT_MIN_CHARS = 300
# No-break and typographic spaces, tabs, and the Unicode line separators
# (NEL, LS, PS): lines end at LF, CRLF or CR only, as editors count them.
ODD_SPACE_RE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v\f\x85\u2028\u2029]")
# C0/C1 controls, a byte-order mark inside the text (two dumps pasted
# together) and the Unicode noncharacters: never text, and YAML refuses some.
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufdd0-\ufdef\ufffe\uffff]")
MAX_TITLE_PREVIEW = 60


def decode(data: bytes, path: str) -> str:
    """Bytes of a dump to text. Policy: UTF-8 only (a BOM is dropped).

    A latin-1 or binary file is refused rather than guessed at, because a
    wrong guess silently corrupts every accented name in the corpus.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise AtlasError(Problem(path, 1, "UTF-16 text (byte-order mark FF FE / FE FF); re-save the dump as UTF-8"))
    if b"\x00" in data:
        line = _line_of(data, data.index(b"\x00"))
        raise AtlasError(Problem(path, line, "binary data (NUL byte), not a text dump"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        raise AtlasError(
            Problem(
                path,
                line,
                f"not UTF-8 (byte 0x{data[exc.start]:02x}); re-save the dump as UTF-8, "
                f"e.g. `iconv -f latin1 -t utf-8`",
            )
        ) from None
    return text


def _line_of(data: bytes, offset: int) -> int:
    """1-based line of a byte offset, counting line ends as parse_text does (LF, CRLF, CR)."""
    return data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1


def normalize_line(line: str) -> str:
    """NFC, plain spaces, no control characters, trimmed."""
    if not line.isprintable():  # no odd space or control character is printable: most lines hold none
        line = CONTROL_RE.sub("", ODD_SPACE_RE.sub(" ", line))
    line = unicodedata.normalize("NFC", line)
    return re.sub(r" {2,}", " ", line).strip() if "  " in line else line.strip()


def is_abstract(text: str) -> bool:
    """Whether a text line reads as an abstract rather than a title.

    Abstracts are long, or are prose: mostly lower-case words ending in a
    full stop. Titles are short and mostly capitalised, even when they ask
    a question ("Skip a Layer or Loop it? Test-Time ...").
    """
    if len(text) >= ABSTRACT_MIN_CHARS:
        return True
    words = text.split()
    if len(words) < 6:
        return False
    lower = sum(1 for w in words if w[0].islower()) / len(words)
    if SENTENCE_END_RE.search(text) and text[-1] != "?" and lower >= 0.5:
        return True
    return len(SENTENCE_BREAK_RE.findall(text)) >= 1 and lower >= 0.6


@dataclass
class _Draft:
    """A paper being assembled; becomes an Entry when the next one starts."""

    title: str
    line: int
    abstract: str | None = None
    authors: int | None = None
    org: Org | None = None
    date: str | None = None
    upvotes: int | None = None
    comments: int | None = None
    has_meta: bool = False

    def entry(self, path: str) -> Entry:
        return Entry(
            title=self.title,
            abstract=self.abstract,
            source=Source(path, self.line),
            authors=self.authors,
            org=self.org,
            date=self.date,
            upvotes=self.upvotes,
            comments=self.comments,
        )


def _glued_to_subscribe(line: str) -> bool:
    rest = line[len(SUBSCRIBE) :]
    return line.startswith(SUBSCRIBE) and bool(rest) and not rest[0].islower() and not rest[0].isspace()


def _preview(text: str) -> str:
    return text if len(text) <= MAX_TITLE_PREVIEW else text[:MAX_TITLE_PREVIEW] + "…"


def parse_text(text: str, path: str) -> tuple[list[Entry], list[Problem]]:
    """Entries of one dump, and warnings; raises AtlasError on unplaceable lines."""
    lines = [normalize_line(raw) for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    content = [(i + 1, s) for i, s in enumerate(lines) if s]
    entries: list[Entry] = []
    warnings: list[Problem] = []
    errors: list[Problem] = []
    draft: _Draft | None = None
    in_header = True  # page chrome seen, no paper yet on this page
    after_separator = False

    def close() -> None:
        nonlocal draft
        if draft is not None:
            entries.append(draft.entry(path))
            draft = None

    for pos, (lineno, line) in enumerate(content):
        nxt = content[pos + 1][1] if pos + 1 < len(content) else None
        was_after_separator, after_separator = after_separator, False
        if line.casefold() in CHROME:
            in_header = True
            continue
        if in_header and _glued_to_subscribe(line):
            # Copying the page glues the first title to the "Subscribe" button
            # ("Subscribe4Real-Video: ..."), never a lower-case letter: that is
            # a title of its own ("Subscribers Matter: ...").
            line = line[len(SUBSCRIBE) :]
        date = DATE_RE.match(line)
        if date:
            if was_after_separator and draft is not None:
                draft.date = date["date"]
                draft.comments = int(date["upvotes"]) if date["upvotes"] else None
            elif date["upvotes"] is None:
                in_header = True  # the page's own date ("Mar 11")
            else:
                errors.append(Problem(path, lineno, f"date line {line!r} without the '·' line before it"))
            continue
        if was_after_separator and draft is not None:
            warnings.append(Problem(path, lineno - 1, "'·' not followed by a date; ignored"))
        authors = AUTHORS_RE.match(line)
        is_org = nxt == SEPARATOR and draft is not None and (draft.abstract is not None or draft.has_meta)
        if authors or line == SEPARATOR or is_org:
            if draft is None:
                errors.append(Problem(path, lineno, f"paper metadata {_preview(line)!r} before any paper title"))
                continue
            draft.has_meta = True
            if authors:
                draft.authors = int(authors["n"])
            elif line == SEPARATOR:
                after_separator = True
            else:
                org_id, _, name = line.partition(" ")
                draft.org = Org(org_id, name.strip() or org_id)
            continue
        in_header = False
        if draft is not None and draft.abstract is None and not draft.has_meta and is_abstract(line):
            draft.abstract = line
        elif not is_abstract(line):
            close()
            draft = _Draft(title=line, line=lineno)
        else:
            errors.append(
                Problem(path, lineno, f"a paragraph with no title before it: {_preview(line)!r}")
            )
    if after_separator:
        warnings.append(Problem(path, content[-1][0], "'·' at the end of the file with no date; ignored"))
    close()
    if errors:
        raise AtlasError(errors)
    if not entries:
        raise AtlasError(Problem(path, len(lines) if text.strip() else 1, "no papers found (empty dump?)"))
    return entries, warnings


def parse_dump(data: bytes, path: str) -> tuple[list[Entry], list[Problem]]:
    """Entries and warnings of one dump file's bytes."""
    return parse_text(decode(data, path), path)


__all__ = ["parse_dump", "parse_text", "decode", "is_abstract", "replace"]

"""Parse a copy of a Hugging Face papers page into entries.

A listing (daily, weekly, monthly, trending, search results) is a sequence
of *cards*; a single paper's page is one paper with its own sections
(``paperpage.py``). A card, in every design since 2023::

    19                         <- upvotes (newer pages: before the title)
    Title                      <- possibly wrapped over several lines
    Abstract or AI summary     <- the body, possibly wrapped
    • 7 authors                <- metadata, in any order, each optional:
    nvidia NVIDIA                 organisation (the line right before "·")
    ·                             separator
    Nov 2, 2024 3                 listing date, then the comment count
    Published on Dec 28, 2024     arXiv date
    Submitted by / user           who submitted it
    GitHub 131 / arXiv Page       link lines

A line's *shape* says whether it is metadata (``kind_of``); whether a text
paragraph is a title or a body is decided by its *place* in the card as
well as its shape (``_Cards.paragraph``): right after a title comes the
body, whatever its language or punctuation; where a title is expected, a
paragraph is a title unless it is prose with nothing to introduce. What no
card can hold (page chrome, a fragment of an abstract with no title) is
skipped with a warning naming the line: only an unreadable file is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.errors import AtlasError, Problem
from generator.ingest import paperpage
from generator.ingest.lines import URL_LINE_RE, Line, page_lines, split_lines
from generator.ingest.lines import normalize_line as normalize_line
from generator.ingest.shapes import (
    ABSTRACT_MIN_CHARS,
    AUTHORS_RE,
    DATE_RE,
    GITHUB_RE,
    GITHUB_URL_RE,
    MAX_PREVIEW,
    ORG_AND_DATE_RE,
    PROFILE_URL_RE,
    PUBLISHED_RE,
    SENTENCE_END_RE,
    SEPARATOR,
    SUBMITTED_RE,
    SUBSCRIBE,
    UPVOTE_RE,
    WHOLE_END_RE,
    arxiv_id_of,
    count,
    is_abstract,
    kind_of,
)
from generator.models import Entry, Org, Source


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


@dataclass
class Paragraph:
    """Text lines joined: one title or one body."""

    text: str
    line: int
    urls: list[str]
    heading: bool
    blank_before: bool = True


@dataclass
class _Draft:
    """A card being read; becomes an Entry when the next one starts."""

    title: str
    line: int
    urls: list[str] = field(default_factory=list)
    abstract: str | None = None
    has_meta: bool = False
    fields: dict = field(default_factory=dict)

    def entry(self, path: str, truncated: bool = False) -> Entry:
        arxiv = arxiv_id_of(self.urls)
        return Entry(
            title=self.title,
            abstract=self.abstract,
            source=Source(path, self.line),
            arxiv_id=arxiv,
            truncated=truncated,
            **self.fields,
        )


def _preview(text: str) -> str:
    return text if len(text) <= MAX_PREVIEW else text[:MAX_PREVIEW] + "…"


# Words a line of prose may end with only when the sentence goes on below.
FUNCTION_WORDS = frozenset("a an and as at by for from in into is of on or that the to we which with".split())
WRAPPED_MAX = 160  # characters: no text browser or mail client wraps wider; an unwrapped abstract is longer


def _wrap_width(lines: list[Line]) -> int | None:
    """The column a copy was hard-wrapped at (a text browser, mail, one clipped abstract), or None.

    A wrapped line goes on in the next one: the next starts in lower case or
    with a symbol, or this one ends with a comma, a hyphen or a word no
    sentence ends with. The longest such line is
    about the width (a line may be a little longer: ``_continues``).
    """
    going_on = [
        a.text
        for a, b in zip(lines, lines[1:])
        if not b.blank_before
        and len(b.text) <= WRAPPED_MAX  # the rest of a wrapped paragraph is wrapped too
        and not SENTENCE_END_RE.search(a.text)
        and (_goes_on(b.text) or a.text.endswith((",", "-")) or a.text.rsplit(" ", 1)[-1] in FUNCTION_WORDS)
    ]
    width = max((len(a) for a in going_on), default=0)
    return width if len(going_on) >= 2 and width <= WRAPPED_MAX else None


def _goes_on(text: str) -> bool:
    """Whether a line starts as the rest of a sentence: in lower case, or with a symbol ("<", "(", "$")."""
    first = text[:1]
    return first.islower() or not (first.isupper() or first.isdigit())


def _continues(a: str, b: str, width: int | None) -> bool:
    """Whether line ``b`` goes on with the text of line ``a`` (no blank line between them).

    A capital after a title-shaped line starts something new (a title right
    above its abstract). In a copy hard-wrapped at ``width``, so does a
    sentence's end (the next card; an abstract that goes on is joined again
    by the card reader), and the break must have been forced: ``b``'s first
    word would not have fitted after ``a``. In a copy that sets paragraphs
    apart by blank lines (``width`` None), that is all.
    """
    if width is not None and (
        len(a) > width * 1.1 or len(a) + 1 + len(b.split(" ", 1)[0]) <= max(width, len(a))
    ):
        return False  # far longer than the other wrapped lines (a title), or room was left for the word
    if width is not None and SENTENCE_END_RE.search(a):  # a new sentence, or the next card's title
        return False
    return _goes_on(b) or not _title_shaped(a)


def _title_shaped(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha()]
    capital = sum(1 for w in words if w[0].isupper())
    return bool(words) and capital >= 0.6 * len(words) and not text.endswith((",", "-")) and not is_abstract(text)


def _paragraphs(lines: list[Line]) -> tuple[list[Line | Paragraph], bool]:
    """Metadata lines as they are; runs of wrapped text lines joined into paragraphs; and whether
    the copy's lines are pieces of paragraphs (hard-wrapped, or paragraphs set apart by blank lines)."""
    lines = [part for line in lines for part in _split_org_and_date(line)]
    is_text = [kind_of(line.text) == "text" for line in lines]
    before_separator = [i + 1 < len(lines) and lines[i + 1].text == SEPARATOR for i in range(len(lines))]
    texts = [line for line, t in zip(lines, is_text) if t]
    width = _wrap_width(texts)
    # A copy that puts blank lines between paragraphs: lines next to each other are one paragraph.
    blank_style = sum(line.blank_before for line in texts) >= max(2, len(texts) // 10)
    out: list[Line | Paragraph] = []
    for i, line in enumerate(lines):
        last = out[-1] if out else None
        prev = last.text.rsplit("\n", 1)[-1] if isinstance(last, Paragraph) else ""
        if (
            (width or blank_style)
            and is_text[i]
            and not line.blank_before
            and not line.heading
            and isinstance(last, Paragraph)
            and not last.heading
            and is_text[i - 1]
            and _continues(prev, line.text, width if not blank_style else None)
            # Right above "·" may stand an organisation; where lines are not set apart by blank ones,
            # only a forced break makes it the abstract's end.
            and (not before_separator[i] or blank_style or (width is not None and _continues(prev, line.text, width)))
        ):
            last.text += "\n" + line.text
            last.urls += line.urls
        elif is_text[i]:
            out.append(Paragraph(line.text, line.no, list(line.urls), line.heading, line.blank_before))
        else:
            out.append(line)
    joined: list[Line | Paragraph] = []
    for item in out:
        if isinstance(item, Paragraph) and URL_LINE_RE.match(item.text) and joined:
            joined[-1].urls.append(item.text)  # a link's target on a line of its own, not text
            continue
        if isinstance(item, Paragraph) and "\n" in item.text:
            item.text = item.text.replace("\n", " ")  # wrapped at a space
        joined.append(item)
    return joined, bool(width or blank_style)


def _split_org_and_date(line: Line) -> list[Line]:
    """"Org · Published on <date>" as the three lines other copies give: organisation, "·", date."""
    m = ORG_AND_DATE_RE.match(line.text) if " · " in line.text else None
    if not m or kind_of(m["date"]) not in ("date", "published"):
        return [line]
    return [Line(line.no, m["org"], line.urls, False, line.blank_before), Line(line.no, SEPARATOR), Line(line.no, m["date"])]


class _Cards:
    """Reads items (metadata lines and paragraphs) into entries, one card at a time."""

    def __init__(self, path: str, pieces: bool) -> None:
        self.path = path
        self.pieces = pieces  # a line may be a piece of a paragraph (see _paragraphs)
        self.entries: list[Entry] = []
        self.warnings: list[Problem] = []
        self.skipped: list[int] = []
        self.draft: _Draft | None = None
        self.pending: dict = {}  # what comes before a title (upvotes, their links)
        self.pending_urls: list[str] = []
        self.after_separator = False
        self.in_header = True
        self.awaiting_submitter = False

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Problem(self.path, line, message))

    def close(self, truncated: bool = False) -> None:
        d, self.draft = self.draft, None
        if d is None:
            return
        if d.abstract is None and not d.has_meta and "upvotes" not in d.fields:
            # A line alone, with nothing a paper has: a widget, a heading, a search box.
            self.skipped.append(d.line)
            return
        self.entries.append(d.entry(self.path, truncated))

    def start(self, p: Paragraph) -> None:
        self.close()
        self.draft = _Draft(p.text, p.line, p.urls + self.pending_urls)
        self.draft.fields.update(self.pending)
        self.pending, self.pending_urls = {}, []
        self.in_header = False

    def paragraph(self, p: Paragraph, after: Line | Paragraph | None) -> None:
        d = self.draft
        if self.awaiting_submitter and " " not in p.text:
            self.awaiting_submitter = False
            self.pending["submitted_by"] = p.text
            return
        self.awaiting_submitter = False
        if self.in_header and _glued_to_subscribe(p.text):
            # Copying the page glues the first title to the "Subscribe" button
            # ("Subscribe4Real-Video: ..."), never a lower-case letter: that is
            # a title of its own ("Subscribers Matter: ...").
            p.text = p.text[len(SUBSCRIBE) :]
        prose = is_abstract(p.text)
        next_is_body = isinstance(after, Paragraph) and not after.heading and is_abstract(after.text)
        next_is_meta = isinstance(after, Line) and kind_of(after.text) in ("authors", "separator", "published", "github")
        if d is not None and d.abstract is None and not d.has_meta:
            # Right after a title: this is its body, unless it is a title itself and a body follows.
            if p.heading or (not prose and next_is_body):
                self.start(p)
            else:
                d.abstract = p.text
                d.urls += p.urls
            return
        in_body = d is not None and not d.has_meta and d.abstract is not None
        short = len(p.text) < ABSTRACT_MIN_CHARS
        # Right under a body, with no blank line, in a copy whose lines are pieces of
        # paragraphs (a wrapped abstract broken after a sentence): the same abstract.
        goes_on = (
            self.pieces and in_body and not p.blank_before and not p.heading
            and not next_is_body and not _title_shaped(p.text)
        )
        if goes_on:
            d.abstract += " " + p.text
        elif p.heading or not prose or (short and next_is_body) or (short and next_is_meta and not in_body):
            self.start(p)
        elif in_body:
            # The abstract goes on: its next paragraph, or a line that began with a new sentence.
            d.abstract += ("\n\n" if p.blank_before else " ") + p.text
        else:
            self.warn(p.line, f"a paragraph with no title before it, skipped: {_preview(p.text)!r}")

    def meta(self, line: Line) -> None:
        kind, text, d = kind_of(line.text), line.text, self.draft
        was_after_separator, self.after_separator = self.after_separator, False
        if kind == "chrome":
            self.in_header = self.in_header or d is None
            return
        if kind == "upvote":
            n = _number(UPVOTE_RE.match(text)["n"])
            if n is None and not line.urls and not text.startswith("[-]"):
                return  # a lone "-": a bullet or a tab icon, not an empty upvote button
            if any("#community" in u for u in line.urls) and d is not None:
                if n is not None:
                    d.fields["comments"] = n
                return
            linked = arxiv_id_of(line.urls)
            if d is not None and linked is not None and linked == arxiv_id_of(d.urls):
                if n is not None:  # the upvote button of this very paper, after its body
                    d.fields["upvotes"] = n
                return
            self.close()  # the count stands before the title of the next card
            if n is not None:
                self.pending["upvotes"] = n
            self.pending_urls = list(line.urls)
            return
        if kind == "submitted":
            self.close()  # listings name the submitter above the card's title
            m = SUBMITTED_RE.match(text)
            if m["who"]:
                self.pending["submitted_by"] = m["who"]
            else:
                self.awaiting_submitter = True
            return
        if kind == "date":
            m = DATE_RE.match(text)
            if d is not None and (was_after_separator or text.startswith("on ")):
                d.fields.setdefault("date", m["date"])
                if m["count"] is not None:
                    d.fields["comments"] = int(m["count"])
                d.has_meta = True
            else:
                self.in_header = True  # the page's own date ("Mar 11"), a date picker
                if m["count"] is not None:
                    self.warn(line.no, f"date line {text!r} without the '·' line before it; ignored")
            return
        if was_after_separator and d is not None:
            self.warn(line.no - 1, "'·' not followed by a date; ignored")
        if d is None:
            self.skipped.append(line.no)
            if kind in ("authors", "separator"):
                self.warn(line.no, f"paper metadata {_preview(text)!r} before any paper title; skipped")
            return
        d.has_meta = True
        d.urls += line.urls
        if kind == "authors":
            d.fields["authors"] = int(AUTHORS_RE.match(text)["n"])
        elif kind == "separator":
            self.after_separator = True
        elif kind == "published":
            d.fields["published"] = PUBLISHED_RE.match(text)["date"]
        elif kind == "github":
            m = GITHUB_RE.match(text)
            url = next((u for u in line.urls if GITHUB_URL_RE.match(u)), None)
            if url:
                d.fields["github"] = GITHUB_URL_RE.match(url)[0]
            if m["stars"]:
                d.fields["github_stars"] = count(m["stars"])
        elif kind == "link" and text.casefold().startswith("project") and line.urls:
            d.fields["project_page"] = line.urls[0]

    def organisation(self, line: Line | Paragraph) -> None:
        """The line right before "·": an organisation ("nvidia NVIDIA", or a linked name)."""
        assert self.draft is not None
        urls = line.urls
        org_id = next((m["id"] for u in urls if (m := PROFILE_URL_RE.match(u))), None)
        if org_id:
            self.draft.fields["org"] = Org(org_id, line.text)
        else:
            org_id, _, name = line.text.partition(" ")
            self.draft.fields["org"] = Org(org_id, name.strip() or org_id)
        self.draft.has_meta = True

    def finish(self, last_line: int) -> None:
        if self.after_separator:
            self.warn(last_line, "'·' at the end of the file with no date; ignored")
        d = self.draft
        cut = (
            d is not None
            and d.abstract is not None
            and not d.has_meta
            and not WHOLE_END_RE.search(d.abstract)
        )
        self.close(truncated=cut)
        if cut:
            self.warn(self.entries[-1].source.line, "the last paper's abstract is cut off; kept as far as it goes")


def _glued_to_subscribe(line: str) -> bool:
    rest = line[len(SUBSCRIBE) :]
    return line.startswith(SUBSCRIBE) and bool(rest) and not rest[0].islower() and not rest[0].isspace()


def _number(text: str) -> int | None:
    return None if text == "-" else int(text.replace(",", ""))


def _ranges(numbers: list[int]) -> str:
    """"3, 5-9, 12": line numbers, briefly."""
    out: list[str] = []
    for n in sorted(numbers):
        if out and "-" not in out[-1] and int(out[-1]) == n - 1:
            out[-1] = f"{out[-1]}-{n}"
        elif out and "-" in out[-1] and int(out[-1].split("-")[1]) == n - 1:
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def parse_listing(lines: list[Line], path: str) -> tuple[list[Entry], list[Problem]]:
    """Entries of a listing's cards, and warnings."""
    items, pieces = _paragraphs(lines)
    cards = _Cards(path, pieces)
    for i, item in enumerate(items):
        after = items[i + 1] if i + 1 < len(items) else None
        d = cards.draft
        is_org = (
            isinstance(after, Line)
            and after.text == SEPARATOR
            and d is not None
            and (d.abstract is not None or d.has_meta)
            and (isinstance(item, Paragraph) or kind_of(item.text) == "text")
        )
        if is_org:
            cards.organisation(item)
        elif isinstance(item, Paragraph):
            cards.paragraph(item, after)
        else:
            cards.meta(item)
    cards.finish(lines[-1].no if lines else 1)
    if cards.skipped:
        cards.warnings.append(
            Problem(path, None, f"skipped {len(cards.skipped)} line(s) that belong to no paper: lines {_ranges(cards.skipped)}")
        )
    return cards.entries, cards.warnings


def parse_text(text: str, path: str) -> tuple[list[Entry], list[Problem]]:
    """Entries of one copy (a listing, or a single paper's page), and warnings."""
    raw = split_lines(text)
    indented = [line[:1] in (" ", "\t") for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = page_lines(raw, indented)
    if paperpage.is_paper_page(lines):
        entries, warnings = paperpage.parse(lines, path)
    else:
        entries, warnings = parse_listing(lines, path)
    if not entries:  # what was skipped says why
        raise AtlasError([*warnings, Problem(path, len(raw) if text.strip() else 1, "no papers found (empty dump?)")])
    return entries, warnings


def parse_dump(data: bytes, path: str) -> tuple[list[Entry], list[Problem]]:
    """Entries and warnings of one dump file's bytes."""
    return parse_text(decode(data, path), path)


__all__ = ["parse_dump", "parse_text", "decode", "is_abstract", "normalize_line"]

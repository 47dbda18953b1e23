"""The lines of a page copy: text normalised, markup taken off, links kept.

People copy a Hugging Face papers page in many ways: the browser's plain
text, a Markdown clipper (``### [Title](url)``, reference links ``[text][12]``
defined at the bottom, a link spread over several lines), a scraper that
prints each link's URL on the line after its text, a text browser that
hard-wraps. Before the parser reads any card, every copy becomes the same
thing: a list of ``Line``s, each with its text, the URLs its text linked
to, whether it was a Markdown heading and whether a blank line came before.

Markdown is only taken off a file that *is* Markdown (``is_markdown``): in a
plain copy, ``[x](y)`` in a title is the title's own text and stays.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# No-break and typographic spaces, tabs, and the Unicode line separators
# (NEL, LS, PS): lines end at LF, CRLF or CR only, as editors count them.
ODD_SPACE_RE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v\f\x85\u2028\u2029]")
# C0/C1 controls, a byte-order mark inside the text (two dumps pasted
# together) and the Unicode noncharacters: never text, and YAML refuses some.
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufdd0-\ufdef\ufffe\uffff]")

URL_LINE_RE = re.compile(r"^<?(https?://\S+?)>?$")
# Markdown: a reference definition, a heading, a list bullet, an image, an inline or reference link.
REF_DEF_RE = re.compile(r"^\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?$")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?$")
BULLET_RE = re.compile(r"^(?:[-*+]\s+)+(?=\S)")
IMAGE_RE = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")
LINK_RE = re.compile(r"\[([^\[\]]*)\]\((\S*?)(?:\s+\"[^\"]*\")?\)")
REF_LINK_RE = re.compile(r"\[([^\[\]]*)\]\[([^\[\]]*)\]")
# The end of a link opened on an earlier line: "](url)", "][ref]", or "text](url)".
LINK_END_RE = re.compile(r"^(?P<text>[^\[\]]*)\](?:\((?P<url>\S*?)(?:\s+\"[^\"]*\")?\)|\[(?P<ref>[^\[\]]*)\])$")
EMPHASIS_RE = re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1")
LINK_START_RE = re.compile(r"^\[(?=[^\]]*$)")  # a link whose end is on a later line
ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!| <>])")  # "\_", "\[", "Engage\ with"
HARD_BREAK_RE = re.compile(r"\\+$")  # a clipper's hard line break
CLIPPER_PREFIX_RE = re.compile(r"^(?:LINK:\s*|>\s+)")
# What makes a file Markdown: a heading, a reference definition, a link spread over lines, a line that is a link.
# Markdown lines that hold no text: a setext underline or rule, an image placeholder, an HTML anchor.
RULE_RE = re.compile(r"^(?:[=-]{3,}|(?:\* ?){3,}|_{3,})$")
PLACEHOLDER_RE = re.compile(r"^(?:\[[^\[\]]*\]|<a [^>]*>\s*</a>|<[^>]+/?>)$")
CHECKBOX_RE = re.compile(r"\[[ xX]\]\s*(?=\S)")  # "[- [x] Upvote 29](...)": a button's checkbox
NESTED_LABEL_RE = re.compile(r"\[\[[^\[\]]*\]\s*")  # "[[microsoft] Microsoft](...)": an avatar's label in a link
ONLY_LINKS_RE = re.compile(r"^(?:\s*\[[^\[\]]*\]\([^)\s]*\))+\s*$")
# What makes a file Markdown: lines only a Markdown writer makes (a reference definition, a link
# spread over lines, a line that is a link), or headings, one of them a papers page's own.
LINK_SIGNS = re.compile(r"^(?:\[[^\]]+\]: ?\S|\[$|\](?:\(|\[)|\S.*\]\((?:https?://|/)[^)\s]*\)$|\* \[)")
PAGE_HEADINGS = frozenset(("abstract", "community", "daily papers", "trending papers"))


MAX_LINK_LINES = 80  # a link never spans more: an opening "[" that is never closed stops joining there
NO_SPACE_BEFORE = tuple(")]},.;:!?%")


@dataclass(slots=True)
class Line:
    """One line of a copy, as the parser reads it."""

    no: int  # 1-based, counting LF, CRLF and CR line ends
    text: str
    urls: list[str] = field(default_factory=list)
    heading: bool = False
    blank_before: bool = False


def normalize_line(line: str) -> str:
    """NFC, plain spaces, no control characters, trimmed."""
    if not line.isprintable():  # no odd space or control character is printable: most lines hold none
        line = CONTROL_RE.sub("", ODD_SPACE_RE.sub(" ", line))
    line = unicodedata.normalize("NFC", line)
    return re.sub(r" {2,}", " ", line).strip() if "  " in line else line.strip()


def split_lines(text: str) -> list[str]:
    """The normalised lines of a text, line ends counted as editors count them."""
    return [normalize_line(raw) for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def is_markdown(lines: list[str]) -> bool:
    """Whether a copy is Markdown, by lines only a Markdown writer makes.

    Plain text may hold one such line in a title, or begin lines with "# "
    (hostile text, a hard-wrapped abstract), so one link sign is not enough
    alone, and headings count only after a blank line, with one of them a
    papers page's own ("## Abstract", "# Daily Papers").
    """
    links = headings = 0
    page_heading = False
    for before, s in zip(["", *lines], lines):
        if LINK_SIGNS.match(s):
            links += 1
        elif before == "" and (m := HEADING_RE.match(s)):
            headings += 1
            page_heading = page_heading or m[2].casefold() in PAGE_HEADINGS
    return links >= 2 or (links >= 1 and headings >= 1) or (headings >= 2 and page_heading)


def page_lines(lines: list[str], indented: list[bool] | None = None) -> list[Line]:
    """The lines of a copy that hold text, markup off, each with the URLs it linked to.

    ``indented`` says which raw lines started with white space: in Markdown,
    such a line right under a heading continues the heading (a clipper
    wraps long headings so).
    """
    markdown = is_markdown(lines)
    refs: dict[str, str] = {}
    if markdown:
        for s in lines:
            if m := REF_DEF_RE.match(s):
                refs[m[1].casefold()] = m[2]
    out: list[Line] = []
    blank = False
    opened: int | None = None  # where a link spread over several lines began, in out
    skip_to = _front_matter_end(lines)

    def attach(url: str | None, since: int | None) -> None:
        if not url:
            return
        for line in out[since if since is not None else -1 :] if out else ():
            line.urls.append(url)

    for no, s in enumerate(lines, start=1):
        if not s or no <= skip_to:
            blank = True
            continue
        if (m := URL_LINE_RE.match(s)) and (blank or not out):  # a scraper's "text, then its URL on the next line"
            attach(m[1], None)
            continue
        heading = False
        urls: list[str] = []
        if markdown:
            if REF_DEF_RE.match(s):
                continue
            if s == "[":
                opened = len(out)
                continue
            if RULE_RE.match(s):  # a setext heading's underline, or a rule
                if out and not blank:
                    out[-1].heading = True
                blank = True
                continue
            s = NESTED_LABEL_RE.sub("[", CHECKBOX_RE.sub("", IMAGE_RE.sub("", s))).strip()
            if ONLY_LINKS_RE.match(s) and s.count("](") > 1:  # "[GitHub 131](...) [arXiv Page](...)": a line each
                for text, url in LINK_RE.findall(s):
                    if text.strip():
                        out.append(Line(no, text.strip(), [url], False, blank))
                        blank = False
                continue
            if LINK_START_RE.match(s):
                opened, s = len(out), s[1:].strip()
            if (blank or not out) and (m := HEADING_RE.match(s)):
                heading, s = True, m[2]
            s = BULLET_RE.sub("", s)
            if PLACEHOLDER_RE.match(s) or s in ("-", "*", "+", "•"):  # an image's alt text, an empty bullet
                continue
            s, urls = _take_links(s, refs)
            inside = opened  # the link this line is part of, if one is open
            if (end := LINK_END_RE.match(s)) and "[" not in end["text"]:
                url = end["url"] if end["url"] is not None else refs.get((end["ref"] or "").casefold())
                s = end["text"].strip()
                attach(url, opened)
                if url and s:
                    urls.append(url)
                opened = None
            s = EMPHASIS_RE.sub(r"\2", s)
            s = ESCAPE_RE.sub(r"\1", HARD_BREAK_RE.sub("", s))
            s = CLIPPER_PREFIX_RE.sub("", s).strip()
            if s == "[":
                opened = len(out)
                continue
            if not s:
                continue
            wrapped_heading = (
                out and out[-1].heading and not blank and not heading
                and (indented and indented[no - 1] or s[:1].islower())
            )
            if wrapped_heading or (inside is not None and len(out) > inside and no - out[-1].no < MAX_LINK_LINES):
                # Inside a link spread over several lines: one text (a wrapped abstract, "Upvote 117").
                out[-1].text = join_pieces([out[-1].text, s])
                out[-1].urls += urls
                continue
            if inside is not None and no - (out[-1].no if out else 0) >= MAX_LINK_LINES:
                opened = None
        out.append(Line(no, s, urls, heading, blank))
        blank = False
    return out


def join_pieces(pieces: list[str]) -> str:
    """Pieces of one text (wrapped lines, keywords that were links) as one line:
    a space between, none inside brackets or before punctuation ("( LLMs )" is "(LLMs)")."""
    out = ""
    for piece in pieces:
        if not out or out.endswith(("(", "[", "{")) or piece.startswith(NO_SPACE_BEFORE):
            out += piece
        else:
            out += " " + piece
    return out


def _front_matter_end(lines: list[str]) -> int:
    """The last line of a YAML front matter block that a clipper put at the top, or 0."""
    if not lines or lines[0] != "---":
        return 0
    for no, s in enumerate(lines[1:60], start=2):
        if s == "---":
            return no
    return 0


def _take_links(s: str, refs: dict[str, str]) -> tuple[str, list[str]]:
    """A Markdown line's text with its links replaced by their text, and their URLs."""
    urls: list[str] = []

    def spaced(m: re.Match[str]) -> str:  # "May 29[6](...)", "[Yu](...)on Oct 8": the link's text is a word of its own
        before = m.start() > 0 and m.string[m.start() - 1].isalnum() and m[1][:1].isalnum()
        after = m.end() < len(m.string) and m.string[m.end()].isalnum() and m[1][-1:].isalnum()
        return (" " if before else "") + m[1] + (" " if after else "")

    def inline(m: re.Match[str]) -> str:
        urls.append(m[2])
        return spaced(m)

    def reference(m: re.Match[str]) -> str:
        if url := refs.get((m[2] or m[1]).casefold()):
            urls.append(url)
        return spaced(m)

    if "](" in s:
        s = LINK_RE.sub(inline, s)
    if "][" in s:
        s = REF_LINK_RE.sub(reference, s)
    return re.sub(r" {2,}", " ", s).strip(), urls

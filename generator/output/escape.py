"""Corpus text is data: make it inert in Markdown, HTML and YAML front matter.

Every character that Markdown, its extensions or HTML could read as syntax
is written as a numeric character reference, which Python-Markdown passes
through untouched and the browser shows as the character itself.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from markupsafe import Markup

# & < > " for HTML; the rest for Markdown (emphasis, code, links, tables,
# attribute lists, math, footnotes, abbreviations, headings, strike/mark).
SPECIAL = "&<>\"\\`*_[]{}#|$~^="
SPECIAL_RE = re.compile(f"[{re.escape(SPECIAL)}]")
LINE_START_RE = re.compile(r"^(\s*)(\d+)([.)])(?=\s|$)")
HTML_SPECIAL_RE = re.compile("[&<>\"']")


def one_line(text: str) -> str:
    """``text`` with every run of whitespace made one space, and none at either end."""
    # Every whitespace character but " " is unprintable: most text needs no split, and
    # isprintable() is several times faster than splitting and joining it.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def md(text: object) -> str:
    """Text shown literally wherever Markdown puts it (inline, list item, table cell)."""
    s = one_line(str(text))  # one line: no setext headings, no indented code
    s = SPECIAL_RE.sub(char_ref, s)  # ~8x faster than str.translate: most text has no or few of them
    # At the start of a line "1.", "-" or "+" would start a list and "!!! note" an
    # admonition (its words becoming classes); they are not in SPECIAL to keep text small.
    s = LINE_START_RE.sub(lambda m: f"{m[1]}{m[2]}&#{ord(m[3])};", s)
    if s.startswith(("-", "+", ".", "!")):
        s = f"&#{ord(s[0])};" + s[1:]
    return s


def char_ref(m: re.Match[str]) -> str:
    return f"&#{ord(m[0])};"


def html_text(text: object) -> str:
    """Text for a raw HTML context (attribute or element) and YAML front matter."""
    return HTML_SPECIAL_RE.sub(char_ref, one_line(str(text)))


# What YAML refuses to read even inside quotes (its "non-printable" set): a
# title holding one would turn the whole front matter into page text.
YAML_UNSAFE_RE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def front_matter_string(text: object) -> Markup:
    """A YAML double-quoted scalar of HTML-escaped text (Material prints page.title raw)."""
    quoted = json.dumps(html_text(text), ensure_ascii=False)
    return Markup(YAML_UNSAFE_RE.sub(lambda m: f"\\u{ord(m[0]):04x}", quoted))


def safe_url(url: str) -> Markup:
    """An http(s) URL for a Markdown link target, or '#' for anything else."""
    if not re.match(r"^https?://[^\s]+$", url):
        return Markup("#")
    return Markup(quote(url, safe=":/?#@!$&'*+,;=%-._~[]").replace("(", "%28").replace(")", "%29"))


def html_url(url: str) -> Markup:
    """``safe_url`` for an HTML attribute, as Python-Markdown writes a link's: its quoting leaves
    no space, quote or angle bracket, so only "&" is left to escape."""
    return Markup(str(safe_url(url)).replace("&", "&amp;"))


def query_url(base: str, text: str) -> Markup:
    return Markup(base + query_value(text))


def query_value(text: str) -> str:
    """``text`` on one line as a URL query value: all but letters, digits and ``_.-~`` percent-encoded."""
    return quote(one_line(text), safe="")


def finalize(value: object) -> str:
    """Jinja finalize: everything printed is escaped unless marked safe (Markup)."""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, bool) or value is None:
        return md(value) if value is not None else ""
    if isinstance(value, (int, float)):
        return str(value)
    return md(value)

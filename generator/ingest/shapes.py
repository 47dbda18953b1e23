"""What a line of a page copy is by its shape alone: chrome, a kind of metadata, or text.

Shared by the listing parser (``parse.py``) and the paper-page reader
(``paperpage.py``); the place of a line in a card is theirs to weigh.
"""

from __future__ import annotations

import functools
import re

from generator.dates import MONTHS
from generator.models import ARXIV_ID_RE

# Page furniture of every design seen (casefolded): tabs, buttons, headings, navigation, footers.
CHROME = frozenset(
    s.casefold()
    for s in (
        "Get trending papers in your email inbox once a day!",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "new",
        "Daily Papers",
        "Daily Papers - Hugging Face",
        "Trending Papers - Hugging Face",
        "byAK and the research community",
        "by AK and the research community",
        "by",
        "AK",
        "and the research community",
        "Daily",
        "Weekly",
        "Monthly",
        "Trending",
        "Trending Papers",
        "Papers",
        "Previous",
        "Next",
        "View all",
        "Search",
        "Submit",
        "Upvote",
        "Hugging Face",
        "Hugging Face's logo",
        "Models",
        "Datasets",
        "Spaces",
        "Buckets",
        "Buckets new",
        "Community",
        "Docs",
        "Enterprise",
        "Pricing",
        "Log In",
        "Sign Up",
        "Website",
        "Tasks",
        "HuggingChat",
        "Collections",
        "Languages",
        "Organizations",
        "Blog",
        "Posts",
        "Learn",
        "Discord",
        "Forum",
        "GitHub",
        "Solutions",
        "Team & Enterprise",
        "Hugging Face PRO",
        "Enterprise Support",
        "Inference Providers",
        "Inference Endpoints",
        "Storage Buckets",
        "System theme",
        "Company",
        "TOS",
        "Privacy",
        "About",
        "Careers",
        "Resources",
        "Changelog",
        "Copy markdown",
        "Copy link",
        "Share",
        "Load more",
        "Show more",
        "---",
        "*",
    )
)
# Lines a clipper or exporter wraps a copy in, and widgets whose text varies.
WRAPPER_RE = re.compile(
    r"^(?:(?:URL|Page Title|Title|Source(?: URL| HTML| SHA256)?|Generated from|Extraction|URL Source|Published Time"
    r"|Markdown Content)\s*:|#\d+ Paper of the (?:day|week|month)$|\+\d+$)"
)
DATE_RE = re.compile(
    r"^(?:on )?(?P<date>(?P<month>" + "|".join(MONTHS) + r")[a-z]*\.? (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?)"
    r"(?: (?P<count>\d{1,7}))?$"
)
DATE_TEXT = r"(?:" + "|".join(MONTHS) + r")[a-z]*\.? \d{1,2}(?:, \d{4})?"
PUBLISHED_RE = re.compile(r"^(?:· ?)?Published on (?P<date>" + DATE_TEXT + r")(?: (?P<count>\d{1,7}))?$")
AUTHORS_RE = re.compile(r"^(?:[•·*-]\s*)?(?P<n>\d{1,6})\s+authors?$")
UPVOTE_RE = re.compile(r"^(?:\[-\]|▲|⬆|Upvote)?\s*(?P<n>\d[\d,]*|-)$")
SUBMITTED_RE = re.compile(r"^(?:· ?)?Submitted by(?: (?P<who>.+?))?(?: ?on (?P<date>" + DATE_TEXT + r"))?$")
GITHUB_RE = re.compile(r"^GitHub(?: (?P<stars>\d+(?:[.,]\d+)?[kKmM]?))?(?: auto)?$")
# An organisation and the date on one line: "Kandinsky Lab · Published on Oct 4, 2026".
ORG_AND_DATE_RE = re.compile(r"^(?P<org>[^·]+?) · (?P<date>(?:Published on )?\S.*)$")
LINK_LINE_RE = re.compile(r"^(?:arXiv(?: Page)?|PDF|Project [Pp]age|Website|Demo|Code|View arXiv page|View PDF)$")
SEPARATOR = "·"
LONGEST_META = 120  # characters: no chrome or metadata line is longer
SUBSCRIBE = "Subscribe"
# An abstract is prose: long, or several sentences, or a full sentence.
SENTENCE_END_RE = re.compile(r"[.!?][\"')\]]?$")
SENTENCE_BREAK_RE = re.compile(r"[.!?] +[A-Z]")
# Where a body ends whole: a full stop in any script, maybe closed by a quote or bracket.
WHOLE_END_RE = re.compile(r"[.!?。！？…][\"'”’)\]]?$")
ABSTRACT_MIN_CHARS = 300
MAX_PREVIEW = 60
# Where a link gives the paper's arXiv id: its Hugging Face page, arXiv itself, or the upvote button's log-in link.
ARXIV_URL_RE = re.compile(
    r"(?:huggingface\.co/papers/|^/papers/|arxiv\.org/(?:abs|pdf)/|next=%2Fpapers%2F)(?P<id>" + ARXIV_ID_RE.pattern + r")(?:$|[?#/.]|\.pdf)"
)
GITHUB_URL_RE = re.compile(r"^https?://github\.com/[\w.-]+/[\w.-]+")
PROFILE_URL_RE = re.compile(r"^(?:https?://huggingface\.co)?/(?P<id>[\w.-]+)/?$")  # a user's or an organisation's page


@functools.lru_cache(maxsize=1 << 13)  # asked of a paragraph as itself and as the next one's neighbour
def is_abstract(text: str) -> bool:
    """Whether a text reads as prose (an abstract) rather than a title, by its shape alone.

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


def count(text: str) -> int:
    """A count as pages print it: "1,234", "11.3k", "2M"."""
    text = text.replace(",", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    return round(float(text[:-1] if scale > 1 else text) * scale)


def arxiv_id_of(urls: list[str]) -> str | None:
    """The arXiv id a list of links gives, if any (version suffix dropped)."""
    for url in urls:
        if m := ARXIV_URL_RE.search(url):
            return re.sub(r"v\d+$", "", m["id"])
    return None


@functools.lru_cache(maxsize=1 << 13)  # the parser asks of a line several times, by its place
def kind_of(text: str) -> str:
    """What a line is by its shape alone: metadata of some kind, chrome, or "text"."""
    if len(text) > LONGEST_META:  # a paragraph of text (or a clipper's long header line)
        return "chrome" if WRAPPER_RE.match(text) else "text"
    if text.casefold() in CHROME or WRAPPER_RE.match(text):
        return "chrome"
    if text == SEPARATOR:
        return "separator"
    if AUTHORS_RE.match(text):
        return "authors"
    if DATE_RE.match(text):
        return "date"
    if PUBLISHED_RE.match(text):
        return "published"
    if SUBMITTED_RE.match(text):
        return "submitted"
    if UPVOTE_RE.match(text):
        return "upvote"
    if GITHUB_RE.match(text):
        return "github"
    if LINK_LINE_RE.match(text):
        return "link"
    return "text"



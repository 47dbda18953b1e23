"""Sentences of an abstract, where a period ends one (not after "e.g.", "Fig." or an initial); the shared limits and helpers."""

from __future__ import annotations

import re

MAX_TLDR_WORDS = 40
MAX_CONTEXT_WORDS = 25
MAX_KEY_NUMBERS = 6
MAX_POINT_WORDS = 60  # a second sentence joins a key point only within this
ORIGIN = {"tldr": "extracted", "key_points": "extracted", "key_numbers": "extracted"}

Span = tuple[int, int]


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def word_count(text: str) -> int:
    return len(text.split())


# Words whose period ends no sentence (plus single capitals: initials).
_NO_END = "e.g i.e E.g I.e al vs cf Cf Fig fig Figs figs Eq eq Eqs eqs Sec sec Secs Tab Ref Refs approx resp viz incl ca No Nos Dr Mr Mrs Ms St Jr Inc Ltd"


def _not_after(words: list[str]) -> str:
    """Negative look-behinds for "word." — one per word length, as a look-behind has a fixed width."""
    by_length: dict[int, list[str]] = {}
    for word in words:
        by_length.setdefault(len(word), []).append(re.escape(word + "."))
    return "".join(rf"(?<!\b(?:{'|'.join(group)}))" for _, group in sorted(by_length.items()))


# Led by a literal "." (which the engine jumps to); the look-behinds run only where a capital follows.
_END = re.compile(r"\.(?=[\"')\]]*\s+[\"'(\[]?[A-Z0-9])" + _not_after(_NO_END.split()) + r"(?<![\s(][A-Z]\.)[\"')\]]*")
_GLUED = re.compile(r"\.(?=(?:In|We|This|Our|The|To|However|These|It|Here|Moreover|Finally)\s)")  # "tasks.In this"
_END_OTHER = re.compile(r"[?!][\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])")


def sentence_spans(text: str) -> list[Span]:
    """(start, end) of each sentence; no split after e.g., i.e., et al., vs., Fig., in 2.08 or after an initial."""
    ends = [m.end() for m in _END.finditer(text)]
    more = [m.end() for m in _GLUED.finditer(text) if text[m.start() - 3 : m.start()].isalpha()]
    if "?" in text or "!" in text:
        more += [m.end() for m in _END_OTHER.finditer(text)]
    if more:
        ends = sorted(ends + more)
    spans, start = [], 0
    for end in ends:
        spans.append((start, end))
        start = end + 1 if text[end : end + 1] == " " else end
        while text[start : start + 1].isspace():
            start += 1
    end = len(text.rstrip())
    if end > start:
        spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, verbatim."""
    return [text[a:b] for a, b in sentence_spans(text)]


# A noun phrase's first word: what a description of the method starts with.
DETERMINER = re.compile(r"(?:a|an|the|one|two|three|four|several|our)\s", re.I)
# Words a clause cannot end on: what a cut there leaves hanging ("... architecture, namely").
DANGLING = word_set(
    "a an the of and or to for with by in on at from as that which while whereas using via its their our"
    " namely i.e. e.g. specifically including"
)

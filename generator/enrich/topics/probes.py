"""A keyword (a regular expression) compiled into probes that start with literal text (the package docstring says why)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# --------------------------------------------------------------------------
# Compiling keywords into probes


@dataclass(frozen=True)
class Probe:
    """One alternative of a keyword, compiled to run on lowercased text."""

    finder: re.Pattern[str]  # searched for; starts with the literal part when there is one
    verifier: re.Pattern[str] | None  # the whole alternative, matched where a find starts
    suffix: bool  # the finder matches the end of a word (``\\w+former``)
    first: tuple[str, ...]  # spellings of the ASCII word every match starts with
    whole_word: bool  # True: that is the whole word; False: the start of a longer one
    words: tuple[tuple[str, ...], ...]  # spellings of other whole ASCII words every match contains
    required: str  # the longest literal text every match contains ("" if unknown)


_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")
_SUFFIX_START = re.compile(r"\\w[+*](?![?+*{])")  # \w+ or \w*, not lazy or possessive
_CLASS_ESCAPES = frozenset("wWdDsSbBAZ")  # escapes that never stand for one literal character
_WORD_END_ESCAPES = frozenset("bWsZ")  # ... and, after a letter, mean that the word ended


@functools.lru_cache(maxsize=None)
def compile_keyword(keyword: str) -> tuple[Probe, ...]:
    """The probes of ``keyword``; raises ``re.error`` for an invalid regex.

    The source is lowercased (the letter of an escape such as ``\\W`` kept)
    and matched on lowercased text without ``re.IGNORECASE``, which would
    stop ``re`` from jumping to a literal start.
    """
    source = _lowercase_regex(keyword.strip())
    re.compile(source)
    try:
        return tuple(_probe(alternative) for alternative in _alternatives(source))
    except re.error:  # cut where it cannot be (a back reference...): run it whole
        whole = re.compile(f"(?:{source})(?!\\w)")
        return (Probe(whole, None, False, first=(), whole_word=False, words=(), required=""),)


def _lowercase_regex(source: str) -> str:
    out: list[str] = []
    escaped = False
    for char in source:
        out.append(char if escaped else char.lower())
        escaped = not escaped and char == "\\"
    return "".join(out)


_MAX_PROBES = 16


def _alternatives(source: str) -> list[str]:
    """``source`` written out as plain alternatives, while there are at most
    ``_MAX_PROBES``: ``a|b`` as ``a`` and ``b``, ``x (?:a|b)`` as ``x a`` and
    ``x b``, ``x (?:a )?b`` as ``x a b`` and ``x b``."""
    done: list[str] = []
    todo = [source]
    while todo and len(done) + len(todo) <= _MAX_PROBES:
        current = todo.pop()
        expanded = _expand_once(current)
        if expanded is None:
            done.append(current)
        else:
            todo += expanded
    return done + todo


def _expand_once(source: str) -> list[str] | None:
    """The first top-level alternation or non-capturing group of ``source``
    written out, or None when there is none to write out."""
    parts = _split_top_level(source)
    if len(parts) > 1:
        return parts
    i = 0
    while i < len(source):
        if source[i] == "\\":
            i += 2
        elif source[i] == "[":
            i = _skip_class(source, i)
        elif source.startswith("(?:", i):
            end = _skip_group(source, i)
            quantifier = source[end : end + 1]
            choices = _split_top_level(source[i + 3 : end - 1])
            if quantifier == "?" and source[end + 1 : end + 2] not in ("?", "+"):
                return [source[:i] + choice + source[end + 1 :] for choice in [*choices, ""]]
            if quantifier not in ("?", "*", "+", "{"):
                return [source[:i] + choice + source[end:] for choice in choices]
            i = end
        elif source[i] == "(":
            i = _skip_group(source, i)
        else:
            i += 1
    return None


def _probe(source: str) -> Probe:
    if source.startswith("\\b"):
        source = source[2:]  # the word boundary is checked at every hit anyway
    lead = 0  # leading look-arounds: checked by the verifier where a find starts
    while source.startswith(_LOOKAROUNDS, lead):
        lead = _skip_group(source, lead)
    body = source[lead:]
    suffix = _SUFFIX_START.match(body) is not None and len(body) > 3
    find = body[3:] if suffix else body
    whole = re.compile(f"(?:{source})(?!\\w)")
    elements, complete = _elements(find)
    first, _, whole_word = _word_at(elements, 0, complete)
    words: dict[tuple[str, ...], None] = {}
    for i in range(1, len(elements)):
        before = elements[i - 1]
        if before is _WORD_END or (isinstance(before, str) and not is_word_char(before)):
            spellings, _, is_whole = _word_at(elements, i, complete)
            if is_whole and spellings[0] and spellings != first:
                words[spellings] = None
    runs = "".join(e if isinstance(e, str) else "\0" for e in elements).split("\0")
    first = () if suffix or first == ("",) else first
    return Probe(
        finder=re.compile(f"(?:{find})(?!\\w)") if find != source else whole,
        verifier=whole if find != source else None,
        suffix=suffix,
        first=first,
        whole_word=bool(first) and whole_word,
        words=tuple(words),
        required=max(runs, key=len),
    )


def _word_at(elements: list[object], i: int, complete: bool) -> tuple[tuple[str, ...], int, bool]:
    """Spellings of the ASCII word that starts at ``elements[i]`` (``models?``
    gives "model" and "models"), where it ends, and whether it surely ends
    there rather than going on with more letters."""
    spellings = [""]
    while i < len(elements) and len(spellings) <= 4:
        element = elements[i]
        if isinstance(element, str) and element.isascii() and is_word_char(element):
            spellings = [spelling + element for spelling in spellings]
        elif isinstance(element, _Maybe) and element.char.isascii() and is_word_char(element.char):
            spellings += [spelling + element.char for spelling in spellings]
        else:
            break
        i += 1
    if i == len(elements):
        ends = complete
    else:
        after = elements[i]
        ends = after is _WORD_END or (isinstance(after, str) and not is_word_char(after))
    return tuple(spellings), i, ends


@dataclass(frozen=True)
class _Maybe:
    """An optional literal character, such as the ``s`` of ``models?``."""

    char: str


_WORD_END = object()  # an element that never is a word character: \b \W \s $ [- ]
_OTHER = object()  # any other element that is not one literal character


def _elements(source: str) -> tuple[list[object], bool]:
    """The top-level sequence of ``source``: literal characters and markers,
    and whether it was read to the end.

    A guard for the matcher, so it may be incomplete but never wrong: an
    optional or repeated element becomes ``_OTHER``, and reading stops at the
    first thing it does not follow (``{m,n}``, ``\\x41``, a back reference).
    """
    if _split_top_level(source) != [source]:
        return [], False
    elements: list[object] = []
    i = 0
    while i < len(source):
        char, element = source[i], _OTHER
        if char == "\\":
            following = source[i + 1 : i + 2]
            if following in _WORD_END_ESCAPES:
                element = _WORD_END
            elif not following or (is_word_char(following) and following not in _CLASS_ESCAPES):
                return elements, False
            elif not is_word_char(following):
                element = following  # an escaped symbol: \+ \. \-
            i += 2
        elif char == "[":
            end = _skip_class(source, i)
            element = _WORD_END if _is_non_word_class(source[i:end]) else _OTHER
            i = end
        elif char == "(":
            lookaround = source.startswith(_LOOKAROUNDS, i)
            i = _skip_group(source, i)
            if lookaround and source[i : i + 1] not in ("?", "*", "+", "{"):
                continue  # takes no room in the match
        elif char in ".^$":
            element = _WORD_END if char == "$" else _OTHER
            i += 1
        elif char in "*+?{}|)":
            return elements, False
        else:
            element, i = char, i + 1
        quantifier = source[i : i + 1]
        if quantifier == "{":
            return [*elements, _OTHER], False
        if quantifier in ("?", "*", "+"):
            if quantifier == "+":
                elements += [element, _OTHER]
            else:
                elements.append(_Maybe(element) if quantifier == "?" and isinstance(element, str) else _OTHER)
            i += 2 if source[i + 1 : i + 2] in ("?", "+") else 1
        else:
            elements.append(element)
    return elements, True


def is_word_char(char: str) -> bool:
    """What ``re`` calls a word character (``\\w``) in a str pattern."""
    return char.isalnum() or char == "_"


def _is_non_word_class(text: str) -> bool:
    """True for a class such as ``[- ]`` or ``[\\s/]``: never a word character."""
    body = text[1:-1]
    if not body or body.startswith("^") or "-" in body.strip("-"):
        return False  # negated, or a range such as a-z
    i = 0
    while i < len(body):
        if body[i] == "\\":
            if is_word_char(body[i + 1 : i + 2]) and body[i + 1] not in "sW":
                return False
            i += 2
        elif is_word_char(body[i]):
            return False
        else:
            i += 1
    return True


def _skip_class(source: str, i: int) -> int:
    """Index just after the character class that starts at ``source[i]``."""
    i += 2 if source[i + 1 : i + 2] == "^" else 1
    i += 1 if source[i : i + 1] == "]" else 0  # "]" first in a class is literal
    while i < len(source) and source[i] != "]":
        i += 2 if source[i] == "\\" else 1
    return i + 1


def _skip_group(source: str, i: int) -> int:
    """Index just after the group that starts at ``source[i]``."""
    depth = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _skip_class(source, i)
            continue
        depth += (char == "(") - (char == ")")
        i += 1
        if depth == 0:
            return i
    return i


def _split_top_level(source: str) -> list[str]:
    """``source`` cut at each ``|`` outside groups and classes."""
    parts, start, i = [], 0, 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
        elif char == "[":
            i = _skip_class(source, i)
        elif char == "(":
            i = _skip_group(source, i)
        else:
            if char == "|":
                parts.append(source[start:i])
                start = i + 1
            i += 1
    return [*parts, source[start:]]

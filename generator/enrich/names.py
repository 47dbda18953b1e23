"""The names a paper goes by, and the names a text mentions: a signal for related papers.

A reader links "PC-DARTS" to DARTS, "MambaMixer" and Jamba to Mamba, and two
papers sharing a code repository, whatever their words. A paper's names are
the method its title names (``summarize.method_name``), the other name-like
tokens of its title (acronyms, CamelCase, letters with digits: "Stabilizing
DARTS with ...") and its code repositories. A text mentions a name when one
of its tokens, or a hyphen or CamelCase part of one, is that name: case
counts ("ZeRO" is not "zero"), a version does not ("FlashAttention2" mentions
FlashAttention-2, "FBNetV5" mentions FBNetV3).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence

from generator.enrich.summarize import method_name, namelike

TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9+'^]|-(?=[A-Za-z0-9]))*")
# A trailing version: "-2", "V3", "2", "++", "+", "v2.5".
VERSION = re.compile(r"(?:[-_ ]?[vV]?\d+(?:\.\d+)?|\++)$")
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")  # "sharpDARTS" -> "sharp" | "DARTS"; "SN40L" stays whole
REPO = re.compile(r"https?://(?:www\.)?(github\.com|gitlab\.com|huggingface\.co)/([\w.-]+)/([\w.-]+)", re.I)
MIN_NAME = 3  # letters and digits: "V2" or "3D" name nothing


def key(token: str) -> str | None:
    """A name as it is matched: version dropped, at least ``MIN_NAME`` characters, some letter."""
    token = token.strip("'^")
    k = VERSION.sub("", token).rstrip("-")
    if any(c.isdigit() for c in k):  # "W4A4KV4" and "SN40L" are names, not versions
        k = token.rstrip("+")
    if len(k) < MIN_NAME or not any(c.isalpha() for c in k):
        return None
    return k


def _is_name(token: str) -> bool:
    """A title token that names one thing: "DeepSpeed", "DARTS", "SN40L"; not a kind of thing
    ("DNNs", "FPGAs", "MLP", "3D")."""
    if len(token) < MIN_NAME + 1 or not namelike(token):
        return False
    return not (token.endswith("s") and token[-2:-1].isupper())


def repo_keys(links: Iterable[str]) -> list[str]:
    """``repo:host/owner/name`` of each code repository link (case folded, ``.git`` dropped)."""
    keys = []
    for link in links:
        m = REPO.match(link)
        if m:
            name = m.group(3).removesuffix(".git")
            keys.append(f"repo:{m.group(1)}/{m.group(2)}/{name}".casefold())
    return keys


def paper_names(title: str, links: Sequence[str] = ()) -> tuple[str, ...]:
    """The names a paper goes by, in title order, then its repositories; no duplicates."""
    found: list[str] = []
    method = method_name(title)
    candidates = [method] if method and " " not in method else []
    # Other title tokens when a hyphen part is a name: "AM-RADIO", not "Photo-Realistic".
    candidates += [t for t in TOKEN.findall(title) if any(_is_name(part) for part in t.split("-"))]
    for token in candidates:
        k = key(token)
        if k and (token == method or namelike(k)) and k not in found:
            found.append(k)
    found += [k for k in repo_keys(links) if k not in found]
    return tuple(found)


# Tokens that may hold a name: from a capital or digit on ("Mamba", "W4A4KV4"; "DARTS" of
# "sharpDARTS"). Led by a character class and nothing else: 3.5 times faster than finding
# whole words that hold a capital somewhere.
NAMED_TOKEN = re.compile(r"[A-Z0-9][\w+'^-]*")


def mentions(text: str, wanted: Container[str] | None = None) -> set[str]:
    """Every name ``text`` could be mentioning (of ``wanted``, when given): its tokens and their
    hyphen and CamelCase parts, with and without a version. A name holds a capital or a digit,
    so only such tokens are looked at: most words of an abstract are not."""
    tokens = {t.strip("-'^") for t in NAMED_TOKEN.findall(text)}
    found = tokens & wanted.keys() if isinstance(wanted, dict) else tokens & wanted if isinstance(wanted, (set, frozenset)) else set()
    for token in tokens:
        if not token:
            continue
        # Only a token with parts or a version can mention more than itself ("GPU", "The" cannot).
        camel = not (token.isupper() or token.istitle() or token.islower())
        if "-" not in token and not camel and not (token[-1].isdigit() or token[-1] == "+"):
            if wanted is None and len(token) >= MIN_NAME:
                found.add(token)
            continue
        parts = [token]
        if "-" in token:
            parts += token.split("-")
        if camel:
            parts += [q for p in list(parts) for q in CAMEL.split(p)]
        for part in parts:
            if wanted is not None and part in wanted:
                found.add(part)
            elif part[-1:].isdigit() or part[-1:] == "+" or wanted is None:
                k = key(part)
                if k and (wanted is None or k in wanted):
                    found.add(k)
    return found


# Where a name breaks into parts a reader may type: after a digit ("W4|A4|KV4"), between a
# lower-case and a capital letter ("Ze|RO"), before a capitalised word ("KUIE|Lab"), at a hyphen.
PART_BREAK = re.compile(r"-|(?<=\d)(?=[A-Za-z])|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]+[A-Z]|[A-Z][a-z]{2})")
# What Pagefind does not split by itself: a digit then a letter, a lower-case then a capital letter.
NEEDS_PARTS = re.compile(r"\d[A-Za-z]|[a-z][A-Z]")


def name_parts(title: str) -> tuple[str, ...]:
    """The title's names that hold a digit or a capital after a lower-case letter, and every run of
    their parts ("W4A4KV4" -> W4, W4A4, W4A4KV4, A4, A4KV4, KV4): for Pagefind, which splits words
    only at spaces, punctuation and CamelCase."""
    found: dict[str, None] = {}
    for token in TOKEN.findall(title):
        if not NEEDS_PARTS.search(token):
            continue
        parts = [p for p in PART_BREAK.split(token) if p]
        for i in range(len(parts)):
            for j in range(i + 1, len(parts) + 1):
                run = "".join(parts[i:j])
                if len(run) > 1:
                    found[run] = None
        found[token] = None
    return tuple(found)


# A name typed in its case ("ZeRO", "DARTS", "KV4": two capitals, or a capital after a lower-case
# letter) should find that name, not the word ("zero"). Pagefind folds case, so a page that holds
# such a name in that case also holds ALIAS + the name folded ("exactcasezero"), and the search
# page's script adds that word to a query holding the name (generator/search.py): Pagefind then
# returns only the pages that hold it in that case.
ALIAS = "exactcase"
CASED = re.compile(r"(?=[A-Za-z0-9]*(?:[A-Z][A-Za-z0-9]*[A-Z]|[a-z][A-Z]))[A-Za-z0-9]+")
# What a token holding a CASED piece must hold, in this order: a piece keeps the order of the token's letters.
MAY_HOLD_CASED = re.compile(r"[A-Z].*[A-Z]|[a-z].*[A-Z]")
CASED_JS = r"/\b(?=[A-Za-z0-9]*(?:[A-Z][A-Za-z0-9]*[A-Z]|[a-z][A-Z]))[A-Za-z0-9]+\b/g"  # the same, in JavaScript


def cased_aliases(text: str) -> tuple[str, ...]:
    """ALIAS + each name of ``text`` written with capitals that a case-folding index loses, and
    of each of its parts at hyphens and digits ("W4A4KV4" -> exactcasew4a4kv4, exactcasekv4)."""
    found: dict[str, None] = {}
    for token in TOKEN.findall(text):
        if not MAY_HOLD_CASED.search(token):  # most words: no piece of them can be CASED
            continue
        pieces = {token, *token.split("-")}
        for piece in list(pieces):
            parts = [p for p in PART_BREAK.split(piece) if p]
            pieces.update("".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1))
        for piece in sorted(pieces):
            if CASED.fullmatch(piece):
                found[ALIAS + piece.lower()] = None
    return tuple(found)

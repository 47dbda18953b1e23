"""Turn titles and abstracts, as copied from the Daily Papers page, into plain text.

The dumps hold abstracts in half-rendered LaTeX (``60\\%``, ``{\\delta}``,
``$\\cdot$``) and with copy artifacts where a backslash was lost (``6times``,
``sim14,000times``, ``textbf{Gen}``) or a link was doubled
(``https://x{https://x}``).  pylatexenc does the LaTeX; regexes fix the
artifacts around it.  Everything here is pure and total: any ``str`` gives a
``str``, and words of the input are kept rather than dropped when in doubt.

Speed: most abstracts hold no ``\\ $ { }`` and never reach pylatexenc; in
the others only the words that hold LaTeX are given to it (it reads one
character at a time, milliseconds for a whole abstract).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latex2text import get_default_latex_context_db as _text_context_db
from pylatexenc.latexwalker import get_default_latex_context_db as _parse_context_db

__all__ = ["clean_text", "extract_links"]

# A LaTeX span longer than this (only junk: abstracts are a few thousand
# characters) skips pylatexenc, which takes seconds on 200 KB.
MAX_LATEX_CHARS = 20_000

# --- links -------------------------------------------------------------------

_URL_CHARS = r"[^\s<>\"{}\\|^`]+"
_URL_RE = re.compile(r"https?://" + _URL_CHARS)
# A URL glued to a brace group is the page's "\href{url}{text}" flattened.
_URL_WITH_GROUP_RE = re.compile(r"(https?://" + _URL_CHARS + r")(\{[^{}]*\})?")
_BARE_GITHUB_RE = re.compile(r"github\.com/(?<![\w./:@-]github\.com/)[\w-]+/" + _URL_CHARS)
_GITHUB_SPACE_RE = re.compile(r"(https?://github\.com/) (?=[\w-]+/[\w.-]+)")
_LATEX_URL_RE = re.compile(r"\\url\{\s*([^{}\s]*)\s*\}")
_LATEX_HREF_RE = re.compile(r"\\href\{\s*([^{}\s]*)\s*\}\{([^{}]*)\}")
_TRAILING = ".,;:)]}'\""


def _trim_url(url: str) -> str:
    """Drop sentence punctuation glued to a URL; keep a ")" closing a "(" of the URL."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def extract_links(text: str) -> tuple[str, ...]:
    """The http(s) URLs of a raw or cleaned text, in order of appearance, each once.

    Bare ``github.com/owner/repo`` mentions count too (given ``https://``):
    several abstracts point at their code that way.
    """
    text = _GITHUB_SPACE_RE.sub(r"\1", text)
    found = [(m.start(), m.group()) for m in _URL_RE.finditer(text)]
    found += [(m.start(), "https://" + m.group()) for m in _BARE_GITHUB_RE.finditer(text)]
    links: dict[str, None] = {}
    for _, url in sorted(found):
        url = _trim_url(url)
        if not url.endswith("://"):
            links.setdefault(url, None)
    return tuple(links)


# --- copy artifacts (every text, LaTeX or not) -----------------------------------
# Patterns start with a literal so that the regex engine can skip ahead fast.

_CONTROL_RE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff"
    "\ud800-\udfff\U000f0000-\U000fffff]"
)
# \times that lost its backslash: "6times", "64times64", "MobileNetV2times 1.4".
_TIMES_RE = re.compile(r"times(?![a-z])")
_NAME_BEFORE_RE = re.compile(r"(?:^|[\s(\[])([A-Za-z][A-Za-z0-9.-]*)\Z")
# \sim and \approx that lost theirs, before a number (but not "sim2real").
_NUMBER_AHEAD = r"(?=\d[\d,.]*(?![\d,.])(?![a-z]{3}))"
_SIM_RE = re.compile(r"sim(?<![A-Za-z\\]sim)( ?)" + _NUMBER_AHEAD)
_APPROX_RE = re.compile(r"approx(?<![A-Za-z\\]approx) ?" + _NUMBER_AHEAD)
_RELATION_RE = re.compile(r"([gln]eq)(?<![A-Za-z\\][gln]eq)(?![A-Za-z])")
# Asymptotic notation that lost its backslash: "M=Theta(Nd)", "is Omega(Nd)".
_BIG_GREEK_RE = re.compile(r"(Theta|Omega)(?<![A-Za-z\\]Theta)(?<![A-Za-z\\]Omega)(?=\()")
_CDOT_RE = re.compile(r"cdot(?<![A-Za-z\\]cdot)(?![a-z])")
_DAGGER_RE = re.compile(r"\^?(?:\{\\?(dd?agger)\}|\\(dd?agger)(?![A-Za-z]))")
# "PIXART-alpha" beside "PIXART-\alpha" in the same abstract.
_GREEK_NAME_RE = re.compile(r"-(?<=[A-Z]-)(alpha|beta|gamma|delta|sigma|Sigma|Lambda|Omega)\b")
# LaTeX source spacing and quotes: "models~(LLMs)" is a tie, ``wall'' a quote;
# "~100" (about) and "10~20X" (a range) keep their tilde.
_TIE_RE = re.compile(r"~(?<=[A-Za-z]~)(?=[A-Za-z(\[\\])")
_QUOTE_RE = re.compile(r"``([^`]*?)(?:''|\")")
_LOST_STYLE_RE = re.compile(
    r"(textbf|textit|textsc|texttt|textrm|textsf|emph|mathbf|mathrm|mathcal|mathbb"
    r"|mathit|boldsymbol)(?=\{)"
)
_SYMBOLS = {
    "geq": "≥", "leq": "≤", "neq": "≠", "dagger": "†", "ddagger": "‡",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "sigma": "σ",
    "Sigma": "Σ", "Lambda": "Λ", "Omega": "Ω", "Theta": "Θ",
}


def _times(m: re.Match[str]) -> str:
    """"×" right after a number, or after a model name and before one; else the word."""
    before = m.string[max(0, m.start() - 80) : m.start()]
    if before[-1:].isdigit():
        return "×"
    name = _NAME_BEFORE_RE.search(before)
    after = m.string[m.end() : m.end() + 2]
    if name and after[-1:].isdigit() and after[0] in " 0123456789":
        word = name.group(1)
        if any(c.isupper() or c.isdigit() for c in word[1:]):
            return "×"
    return m.group()


def _sim(m: re.Match[str]) -> str:
    """"~" for about; "a ~ b" kept spaced when it joins two numbers (a range)."""
    before = m.string[max(0, m.start() - 2) : m.start()]
    if m.group(1) and len(before) == 2 and before[1] == " " and before[0] in "0123456789×%":
        return "~ "
    return "~"


def _lost_style(m: re.Match[str]) -> str:
    """"textbf{Gen}" (also glued: "erattextbf{i}ve") gets its backslash back."""
    return m.group() if m.string[m.start() - 1 : m.start()] == "\\" else "\\" + m.group()


def _fix_artifacts(text: str) -> str:
    """Repair what copying from the page did to LaTeX symbols; plain words are untouched."""
    if "times" in text:
        text = _TIMES_RE.sub(_times, text)
    if "sim" in text:
        text = _SIM_RE.sub(_sim, text)
    if "approx" in text:
        text = _APPROX_RE.sub("≈", text)
    if "geq" in text or "leq" in text or "neq" in text:
        text = _RELATION_RE.sub(lambda m: _SYMBOLS[m.group(1)], text)
    if "Theta(" in text or "Omega(" in text:
        text = _BIG_GREEK_RE.sub(lambda m: _SYMBOLS[m.group(1)], text)
    if "cdot" in text:
        text = _CDOT_RE.sub("·", text)
    if "agger" in text:
        text = _DAGGER_RE.sub(lambda m: _SYMBOLS[m.group(1) or m.group(2)], text)
    if "-" in text:
        text = _GREEK_NAME_RE.sub(lambda m: "-" + _SYMBOLS[m.group(1)], text)
    if "~" in text:
        text = _TIE_RE.sub(" ", text)
    if "``" in text:
        text = _QUOTE_RE.sub(lambda m: f"\u201c{m.group(1)}\u201d", text)
    if "{" in text:
        text = _LOST_STYLE_RE.sub(_lost_style, text)
    return text


# --- LaTeX ---------------------------------------------------------------------

_ABBREVIATIONS = {
    "eg": "e.g.", "ie": "i.e.", "etal": "et al.", "wrt": "w.r.t.",
    "vs": "vs.", "cf": "cf.", "etc": "etc.",
}
# Font switches: "{\em skip-connect}s" is just "skip-connects".
_DECLARATIONS = frozenset(
    "em bf it rm sc sf sl tt bfseries itshape scshape ttfamily normalfont upshape"
    " tiny small footnotesize normalsize large Large LARGE huge Huge".split()
)
# What pylatexenc would misread: macros it does not know, "\300" (a "\$300"
# that lost its "$"), "$" as math delimiter or as currency.
_LATEX_TOKEN_RE = re.compile(
    r"\\(?:(?P<macro>[A-Za-z]+)(?P<dot>\.?)(?P<space>[ \t]*)|(?P<escape>.|\Z))"
    r"|\$(?P<money>(?=\d[\d,.]*(?:[kKMBT]\b)?(?![\d^_\\{$])))?",
    re.DOTALL,
)
# "%" would start a comment and swallow the rest; "&" and "#" are specials.
_TEX_SPECIAL_RE = re.compile(r"\\.|[%&#]", re.DOTALL)
# ^{n+1} reads as "^n+1" once its braces go: keep its extent with parentheses.
_SCRIPT_GROUP_RE = re.compile(r"([\^_])\{([^{}]*)\}")
_SIMPLE_SCRIPT_RE = re.compile(r"\s*(?:[A-Za-z0-9]+|\\[A-Za-z]+)\s*")
_LATEX_CHAR_RE = re.compile(r"[\\{}]")
_BRACE_TOKEN_RE = re.compile(r"\\.|[{}]", re.DOTALL)
_ESCAPED_ONLY_RE = re.compile(r"(?:[^\\]|\\[%$&#_{}])*")
_ESCAPE_OR_BRACE_RE = re.compile(r"\\([%$&#_{}])|[{}]")


@lru_cache(maxsize=1)
def _latex() -> tuple[LatexNodes2Text, Any]:
    """pylatexenc set up to keep source spacing, and ~ -- `` as typed (handled above)."""
    parse_db = _parse_context_db().filter_context(exclude_categories=["nonascii-specials"])
    text_db = _text_context_db().filter_context(
        exclude_categories=["nonascii-specials", "latex-ethuebung", "nonstandard-qit"]
    )
    converter = LatexNodes2Text(
        latex_context=text_db, math_mode="text", strict_latex_spaces="based-on-source"
    )
    return converter, parse_db


@lru_cache(maxsize=4096)
def _known_macro(name: str) -> bool:
    converter, parse_db = _latex()
    return (
        name in ("begin", "end")
        or converter.latex_context.get_macro_spec(name) is not None
        or parse_db.get_macro_spec(name) is not None
    )


def _latex_token(m: re.Match[str]) -> str:
    if m.group("macro"):
        name = m.group("macro")
        if name in _ABBREVIATIONS:
            return _ABBREVIATIONS[name] + m.group("space")
        if name in _DECLARATIONS:  # as TeX does, eat the space that ends the switch
            return m.group("dot")
        # An unknown macro (\method, \proj) names the thing: keep the word.
        word = "\\" + name if _known_macro(name) else name
        return word + m.group("dot") + m.group("space")
    if m.group("escape") is not None:
        char = m.group("escape")
        if char.isdigit():
            return "\\$" + char
        if not char or ord(char) > 127:  # a lone "\" or "\é": keep the text
            return char
        return m.group()
    if m.group("money") is not None:
        return "\\$"
    # A math "$" only delimits; "{}" keeps "$\cdot$Z" from reading as "\cdotZ".
    return "{}"


def _script_group(m: re.Match[str]) -> str:
    if _SIMPLE_SCRIPT_RE.fullmatch(m.group(2)):
        return m.group()
    return f"{m.group(1)}({m.group(2).strip()})"


def _brace_depth(text: str) -> int:
    """Unescaped "{" minus "}"."""
    text = text.replace("\\\\", "").replace("\\{", "").replace("\\}", "")
    return text.count("{") - text.count("}")


def _balance_braces(text: str) -> str:
    """Unmatched braces become "{}": none can swallow the text after it or make
    the rest of the abstract one slow LaTeX span, and no macro name is glued to
    the next word ("\\textbf{a" is not "\\textbfa")."""
    unmatched: list[int] = []
    open_at: list[int] = []
    for m in _BRACE_TOKEN_RE.finditer(text):
        if m.group() == "{":
            open_at.append(m.start())
        elif m.group() == "}":
            if open_at:
                open_at.pop()
            else:
                unmatched.append(m.start())
    drop = sorted(unmatched + open_at)
    if not drop:
        return text
    bounds = [-1, *drop, len(text)]
    return "{}".join(text[a + 1 : b] for a, b in zip(bounds, bounds[1:]))


def _strip_latex_crudely(text: str) -> str:
    """The fallback for what pylatexenc cannot take: markup out, words kept."""
    text = re.sub(r"\\([A-Za-z]+)", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)
    return text.replace("{", "").replace("}", "").replace("\\", "")


def _escape_special(m: re.Match[str]) -> str:
    """Escape a bare "%", "&" or "#"; leave an escape pair ("\\%") as it is."""
    return m.group() if len(m.group()) == 2 else "\\" + m.group()


@lru_cache(maxsize=16384)
def _span_to_text(span: str) -> str:
    """One LaTeX-bearing span (a word, or words inside one brace group) as text."""
    if _ESCAPED_ONLY_RE.fullmatch(span):  # "60\%", "{De}coupled", "10^{19}"
        return _ESCAPE_OR_BRACE_RE.sub(lambda m: m.group(1) or "", span)
    span = _TEX_SPECIAL_RE.sub(_escape_special, span)
    if len(span) > MAX_LATEX_CHARS:
        return _strip_latex_crudely(span)
    converter, parse_db = _latex()
    try:
        text = converter.latex_to_text(span, latex_context=parse_db, tolerant_parsing=True)
    except Exception:  # pylatexenc's own bugs (IndexError, RecursionError): stay total
        return _strip_latex_crudely(span)
    # A macro missing its arguments ("\frac{" cut short) prints its template.
    return _strip_latex_crudely(span) if text.count("%s") > span.count("%s") else text


def _latex_to_text(text: str) -> str:
    text = _LATEX_URL_RE.sub(r"\1", text)
    text = _LATEX_TOKEN_RE.sub(_latex_token, text)
    text = _SCRIPT_GROUP_RE.sub(_script_group, text)
    text = " ".join(_balance_braces(text).split())  # words now end at " "
    pieces: list[str] = []
    pos = 0
    for m in _LATEX_CHAR_RE.finditer(text):
        if m.start() < pos:
            continue
        start = text.rfind(" ", 0, m.start()) + 1
        end = _word_end(text, m.start())
        depth = _brace_depth(text[start:end])
        while depth > 0 and end < len(text):  # "{\em skip-connect}s" is one span
            after = _word_end(text, end + 1)
            depth += _brace_depth(text[end:after])
            end = after
        pieces += [text[pos:start], _span_to_text(text[start:end])]
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _word_end(text: str, at: int) -> int:
    end = text.find(" ", at)
    return len(text) if end < 0 else end


# --- the pipeline ----------------------------------------------------------------

# pylatexenc's \sim and \cdot, made the same as the repaired "sim" and "cdot".
_AFTER_LATEX = (("∼", "~"), ("⋅", "·"))
_PLACEHOLDER_BASE = 0xF0000  # Unicode private use plane 15, stripped from input
_PLACEHOLDER_RE = re.compile("[\U000f0000-\U000fffff]")


def _has_latex(text: str) -> bool:
    return "\\" in text or "{" in text or "}" in text or "$" in text


def _href(m: re.Match[str]) -> str:
    url, label = m.group(1), m.group(2).strip()
    return url if not label or "://" in label else f"{label} ({url})"


def _protect_urls(text: str, urls: list[str]) -> str:
    """Swap each URL for one placeholder character, so no fix or LaTeX rule touches it."""

    def swap(m: re.Match[str]) -> str:
        url = _trim_url(m.group(1))
        if not url or len(urls) >= 0xFFFE:
            return m.group()
        urls.append(url)
        # A glued "{...}" repeats the URL or labels it ("{this url}"): drop it.
        return chr(_PLACEHOLDER_BASE + len(urls) - 1) + m.group(1)[len(url) :]

    return _URL_WITH_GROUP_RE.sub(swap, text)


_TEMPLATE_RE = re.compile(r"\{\{[^{}\\]*\}\}|\{%[^{}\\]*%\}")


def _keep(span: str, kept: list[str]) -> str:
    if len(kept) >= 0xFFFE:
        return span
    kept.append(span)
    return chr(_PLACEHOLDER_BASE + len(kept) - 1)


def clean_text(raw: str) -> str:
    """Readable Unicode text from a title or abstract as the page gave it.

    LaTeX becomes Unicode, copy artifacts are repaired, whitespace becomes
    single spaces.  HTML-looking text stays literal (it is escaped at render).
    """
    text = raw
    urls: list[str] = []  # spans kept verbatim: URLs and template-looking text
    if "://" in text or "{{" in text or "{%" in text:
        text = _PLACEHOLDER_RE.sub("", text)
    if "://" in text:
        text = _GITHUB_SPACE_RE.sub(r"\1", text)
        text = _LATEX_HREF_RE.sub(_href, text)
        text = _protect_urls(text, urls)
    if "{{" in text or "{%" in text:
        # "{{ config }}" is not a LaTeX group: show it as typed (it is escaped at render).
        text = _TEMPLATE_RE.sub(lambda m: _keep(m.group(), urls), text)
    text = _fix_artifacts(text)
    if _has_latex(text):
        text = _latex_to_text(text)
        for before, after in _AFTER_LATEX:
            text = text.replace(before, after)
    if urls:
        text = _PLACEHOLDER_RE.sub(lambda m: urls[ord(m.group()) - _PLACEHOLDER_BASE], text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if text.isprintable():  # the common case: no control or odd space characters
        return " ".join(text.split()) if "  " in text else text.strip(" ")
    return " ".join(_CONTROL_RE.sub("", text).split())

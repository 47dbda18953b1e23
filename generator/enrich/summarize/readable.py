"""What a reader cannot follow: first person, and references to what is not there ("these issues").

Shared by the TL;DR (repaired or refused), key points and key numbers."""

from __future__ import annotations

import re

from generator.enrich.summarize.sentences import DANGLING, word_set

_DEMONSTRATIVE = r"(?:these|this|those|such|the above(?:-mentioned)?|the aforementioned|the former|the latter)"
_NOT_REFERRING = r"(?!\s+(?:paper|work|study|article|report|survey|as|that)\b)"  # "such as", "this paper"
DANGLING_REF = re.compile(rf"\b{_DEMONSTRATIVE}\b{_NOT_REFERRING}", re.I)
_FIRST_PERSON = re.compile(r"\b(?:we|our|ours|us)\b|(?-i:\b(?:(?<!Type )(?<!Phase )(?<!Stage )(?<!Part )(?<!Class )I(?=\s+[a-z])|my|My|me)\b)", re.I)  # not "Type I" or "ME"
_NP = r"(?:[\w-]+\s+){0,3}?[\w-]+(?=[,.;:]|\s+(?:by|with|through|via|using|while|and|which|that|in|on|for|to)\b|$)"
_SOLVE = r"(?:address|tackle|solve|overcome|alleviate|mitigate|resolve|handle|close|bridge|fill|meet|fix|circumvent|remedy|break|shatter|avoid)"
_REPAIRS = (
    # "to our knowledge", "to the best of our knowledge"
    (re.compile(r",?\s*to (?:the best of )?our (?:best )?knowledge,?", re.I), ""),
    (re.compile(r"\b(?:which|that) we (?:call|term|name|dub)\b"), "called"),
    (re.compile(r"\bwe (?:call|term|name|dub)\b"), "called"),
    (re.compile(r"\b(help|helps|helping) us\s+(?=\w)"), r"\1 "),
    (re.compile(r"\b(enable|enables|enabling|allow|allows|allowing) us to\b"), r"\1 one to"),
    (re.compile(r"\bour (?:proposed|own)\b"), "the proposed"),
    # "that addresses these limitations by providing" -> "providing"
    (re.compile(rf"\b(?:that|which) (?:{_SOLVE}e?s) {_DEMONSTRATIVE} {_NP}\s+by\s+(?=\w+ing\b)", re.I), ""),
    # "aimed at addressing these challenges and enhancing ..." -> "aimed at enhancing ..."
    (re.compile(rf"\b{_SOLVE}(?:e?s|ing) {_DEMONSTRATIVE} {_NP}\s+and\s+(?=\w+ing\b)", re.I), ""),
    # "..., the first real-time detector that addresses the above dilemma" -> "..., the first real-time detector"
    (re.compile(rf",?\s*(?:that|which) (?:{_SOLVE}e?s) {_DEMONSTRATIVE} {_NP}", re.I), ""),
    # ", to address these issues" / "to close this latency gap"
    (re.compile(rf",?\s*(?:in order )?to {_SOLVE} {_DEMONSTRATIVE} {_NP}", re.I), ""),
    (re.compile(rf",?\s*(?:for|in|on|to|of|with) such an? {_NP}", re.I), ""),
    (re.compile(r"\bsuch (?!as\b|that\b|an?\b)", re.I), ""),
)
_NAMED_AFTER = re.compile(r"\s+(?:[a-z-]+\s+){0,2}[A-Za-z]*[A-Z][A-Za-z0-9]*[A-Z][\w-]*")  # " selective SSMs"
_CLAUSE_START = re.compile(r",\s+|;\s+|\s+(?=(?:in which|which|where|while|whereby|such that|so that|and)\s)")


# A reporting verb and a clause that needed another after it: "Shows even if one uses fast matrix
# multiplication" is what is left of "We show even if ..., the above bounds cannot be improved".
_SUBORDINATE_ONLY = re.compile(
    r"[A-Z][a-z]+s\s+(?:that\s+)?(?:even\s+)?(?:if|though|although|unless|when|whenever|since|because|once|whereas)\s[^,;:]*\.?",
)
_TRIGGERS = word_set("we our ours us i my me these this those such above above-mentioned aforementioned former latter")
PUNCTUATION = str.maketrans({c: " " for c in ",.;:()[]\"'?!"})


def unfollowable(text: str) -> bool:
    """Whether ``text`` speaks in the first person or refers to what it does not say ("these issues")."""
    if _TRIGGERS.isdisjoint(text.lower().translate(PUNCTUATION).split()):  # most texts: no regex run
        return False
    return bool(_FIRST_PERSON.search(text) or DANGLING_REF.search(text))


def headless(text: str) -> bool:
    """Whether ``text`` is a subordinate clause whose main clause is missing."""
    return _SUBORDINATE_ONLY.fullmatch(text) is not None


def repair(text: str) -> str | None:
    """``text`` without first person or dangling references, or None when that leaves too little.

    Fixed phrases are rewritten ("our" -> "its", "to address these issues" goes); a
    clause that still has one is cut off, when at least 6 words stay before it.
    """
    if not unfollowable(text):  # most TL;DRs: every repair below needs one of those words
        return text
    for rx, repl in _REPAIRS:
        text = rx.sub(repl, text)
    text = " ".join(text.split()).replace(" ,", ",").replace(" .", ".")
    while (bad := _FIRST_PERSON.search(text) or DANGLING_REF.search(text)) is not None:
        named = _NAMED_AFTER.match(text, bad.end())
        if named and bad.group().lower() in ("these", "those"):  # "these selective SSMs": the name says which
            text = text[: bad.start()] + text[bad.end() + 1 :]
            continue
        cuts = [m.start() for m in _CLAUSE_START.finditer(text, 0, bad.start())]
        if not cuts or text.count(" ", 0, cuts[-1]) < 5:
            if bad.group().lower() == "our":  # "Presents our approach to ..." -> "Presents the approach to ..."
                text = text[: bad.start()] + ("The" if bad.group()[0] == "O" else "the") + text[bad.end() :]
                continue
            return None
        words = text[: cuts[-1]].rstrip(" ,;:").split()
        while len(words) > 6 and words[-1].lower() in DANGLING:  # "... scheme in" (which we ...)
            words.pop()
        text = " ".join(words)
    return None if headless(text) else text


# Connectives and sentence adverbs ("Remarkably, ", "Interestingly, ") that lead a sentence but not a clause after ";".

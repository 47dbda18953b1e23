"""The contribution sentence: where the abstract says what the paper proposes ("we propose", "this paper presents", "X is proposed")."""

from __future__ import annotations

import re
from bisect import bisect_right

from generator.enrich.summarize.sentences import DETERMINER, Span, word_count, word_set

PRIMARY = word_set("propose present introduce unveil release")
_SECONDARY = word_set("develop design build devise describe formulate construct create offer contribute establish report provide")
_OTHER = word_set(
    """study investigate explore examine analyze analyse show demonstrate find evaluate benchmark extend address
    tackle revisit rethink train apply compare identify consider focus leverage use adopt employ aim seek argue
    conduct discuss pretrain reveal characterize quantify measure implement enable make augment combine prove
    validate integrate obtain achieve outline highlight relax scale distill open-source improve categorize classify
    summarize"""
)
_VERBS = PRIMARY | _SECONDARY | _OTHER
_NOT_VERBS = word_set(
    """are were have had has can could will would may might should must do did does need hope believe note also
    then still thus now first all only further therefore here call refer see the a an in on as at to by for of
    not each both is was name dub term"""
)
_ADV = (
    r"(?:(also|further|first|then|here|thus|therefore|now|instead|hence|additionally|newly|finally|"
    r"furthermore|subsequently|specifically|herein|(?!apply|supply|reply|multiply)[a-z]+ly)\s+)?"
)
_DOCUMENT = (
    r"paper|work|article|report|study|letter|note|thesis|brief|technical (?:report|brief)|book|chapter|survey|"
    r"tutorial|review|position paper|project"
)
# Matched in the lowercased abstract; the word boundary before them is checked in Python.
# "I" only before a verb that says what the paper does: a lowercased "i" is also "type i error".
_I = r"i(?=\s+(?:propose|present|introduce|develop|describe|design|show|study|examine|explore|investigate|offer|provide)\b)"
_WE = re.compile(rf"(?:we|{_I})\s+{_ADV}([a-z]+(?:-[a-z]+)?)\b")  # (adverb, verb)
_THIS = re.compile(rf"this\s+(?:{_DOCUMENT})\s+{_ADV}([a-z]+)\b")
_PASSIVE_WORDS = (" proposed", " presented", " introduced", " developed", " designed", " described")
_PASSIVE = re.compile(r" (?:is|are)\s+(?:\w+ly\s+)?(?P<verb>proposed|presented|introduced|developed|designed|described)\b")
_AND_PRIMARY = re.compile(r" and\s+(?:we\s+)?(?:also\s+|further\s+)?(?P<verb>propose|present|introduce)\b")
_NOT_CONTRIBUTION = re.compile(r"(?:our |the )?(?:results|findings|experiments|code|source code|implementation|evaluation)\b")
_AND_VERB = re.compile(r"(,\s*|\s+)(and\s+|or\s+)?([a-z]+)\b")
_AND_LATER = re.compile(  # "we evaluate X and leverage Y" -> "evaluates X and leverages Y": any verb of _VERBS
    rf"(,?\s+and\s+(?:also\s+|further\s+|then\s+)?)({'|'.join(sorted(_VERBS, key=len, reverse=True))})\b"
)
LEAD_IN = re.compile(r"\A(?:here(?:in)?|in this (?:paper|work)),?\s+", re.I)  # \A: a sentence's lead, not "where "
NAMING_WORDS = (" called", " named", " dubbed", " termed", " coined", " namely", " denoted", " referred")
NAMING = re.compile(r",?\s+(?:called|named|dubbed|termed|coined|namely|denoted(?: as)?|referred to as)(?:\s+as)?,?\s+")


def _verb_table() -> dict[str, tuple[str, float]]:
    """Every form of a known verb ("propose", "proposes", "proposed") -> (base form, tier)."""
    table: dict[str, tuple[str, float]] = {w: ("", 0) for w in _NOT_VERBS}
    for words, tier in ((_OTHER, 1), (_SECONDARY, 2), (PRIMARY, 3)):
        for verb in words:
            past = verb + "d" if verb.endswith("e") else verb[:-1] + "ied" if verb.endswith("y") else verb + "ed"
            for form in (verb, third_person(verb), past):
                table[form] = (verb, tier)
    return table


def third_person(verb: str) -> str:
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return verb + "es"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _base(verb: str) -> str:
    """'proposes' -> 'propose', 'studies' -> 'study' (for ranking only)."""
    for suffix, repl in (("ies", "y"), ("ses", "se"), ("zes", "ze"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"), ("s", "")):
        if verb.endswith(suffix):
            return verb[: -len(suffix)] + repl
    return verb


TIER = _verb_table()


def _more_verbs(obj: str) -> tuple[str, str]:
    """' , study and improve X' -> (', studies and improves', ' X'): verbs sharing the subject."""
    pos, out = 0, []
    while m := _AND_VERB.match(obj, pos):
        if m.group(3) not in _VERBS or (not m.group(2) and "," not in m.group(1)):
            break
        out.append(f"{m.group(1).strip()} {m.group(2) or ''}{third_person(m.group(3))}")
        pos = m.end()
    return "".join(out).replace(" ,", ","), obj[pos:]


def _and_later(v: re.Match[str], obj: str) -> str:
    """"..., and leverage" -> "..., and leverages"; "to avoid X and improve Y" stays: that verb shares the "to"."""
    return v.group() if " to " in obj[: v.start()] else v.group(1) + third_person(v.group(2))


def find_word(text: str, name: str, stop: int = 1 << 30) -> int:
    """Where ``name`` occurs as a whole word ("Twins" is not in "Twins-SVT"), or -1."""
    at = text.find(name, 0, stop)
    while at >= 0:
        before, after = text[at - 1 : at] if at else "", text[at + len(name) : at + len(name) + 1]
        if not (before.isalnum() or before == "-") and not (after.isalnum() or (after and after in "-_")):
            return at
        at = text.find(name, at + 1, stop)
    return -1


class Contribution:
    """The sentence saying what the paper contributes: its index, verb and object."""

    def __init__(self, index: int, verb: str, obj: str, score: float) -> None:
        self.index, self.verb, self.obj, self.score = index, verb, obj, score


_SUBORDINATE_WORDS = ("wherein ", "where ", "whereby ", "which ", "that ", "when ", "if ")
_HERE_RE = re.compile(r"this (?:paper|work|report|article|study|project)\b|\bhere(?:in)?\b")


def _candidate(m: re.Match[str], abstract: str, lower: str, a: int, b: int, method: str | None) -> tuple[float, int, str]:
    """A first score for a "we <verb>" / "this paper <verb>s" match in the sentence [a, b), its verb and object start."""
    we = m.re is _WE
    word = m.group(2)
    verb, tier = TIER.get(word) or (("", 0) if word.endswith("ed") else (word if we else _base(word), 0.5))
    if tier == 0 or not we and not word.endswith("s"):
        return 0, 0, ""
    start, end = m.start(), m.end()
    if lower.find(" and ", end, b) >= 0 and (later := _AND_PRIMARY.search(lower, end, b)):
        if tier < 2:  # "we study these problems and propose X": X is the contribution
            verb, end = later.group("verb"), later.end()
        tier = 3  # "we design X, and propose to ...": a contribution all the same
    score = 2 * tier + (1.5 if method and abstract.find(method, a, b) >= 0 else 0)
    if not we or _HERE_RE.search(lower, a, start):
        score += 1
    adverb = m.group(1)
    score -= 1 if adverb == "also" else 0.5 if adverb in ("further", "additionally", "finally") else 0
    score -= 2 if lower.endswith(_SUBORDINATE_WORDS, a, start) else 0
    return score, end, verb


def _bonus(obj: str, method: str | None) -> float:
    """What the object adds: a name (+1), the method (+1), only results or code (-3)."""
    score = -3 if _NOT_CONTRIBUTION.match(obj) else 0
    head = obj[:120]
    mixed_case = (t for t in head.split()[:4] if t[1:] != t[1:].lower() and not t.removesuffix("'s").isupper())
    named = any(w in head for w in NAMING_WORDS) and NAMING.search(head)
    score += 1 if named or any(mixed_case) else 0
    if method and (at := find_word(obj, method)) > 0 and NAMING.search(obj[max(0, at - 30) : at + 1]):
        score += 3  # "... a new family of backbones called LowFormer": the paper's own method is named here
    return score + (1 if method and 0 <= find_word(obj, method, 60) else 0)


def _passive(abstract: str, lower: str, starts: list[int], spans: list[Span], method: str | None):
    """'In this paper, a framework for ... called Mixed-TD is proposed.' -> (score, index, verb, object)."""
    best = None
    for word in _PASSIVE_WORDS:
        at = lower.find(word)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            a, b = spans[i]
            p = _PASSIVE.search(lower, max(a, at - 30), b)
            at = lower.find(word, at + 1)
            if not p:
                continue
            subject = abstract[a : p.start()]
            head, comma, tail = subject.partition(", ")
            if comma and word_count(head) <= 8 and DETERMINER.match(tail):
                subject = tail
            if subject[:4].lower() == "our " or not (DETERMINER.match(subject) or (method and subject.startswith(method))):
                continue
            primary = p.group("verb") in ("proposed", "presented", "introduced")
            score = (6 if primary else 4) + (1.5 if method and method in subject else 0)
            if best is None or (score, -i) > (best[0], -best[1]):
                verb = p.group("verb")[:-1] + "s" if primary else "describes"
                best = (score, i, verb, f"{subject} {abstract[p.end() : b].strip().rstrip('.')}".strip())
    return best


def find_contribution(abstract: str, lower: str, spans: list[Span], starts: list[int], method: str | None):
    """The best "we propose ..." sentence, else a "... is proposed" one, else None."""
    candidates = []
    for rx in (_WE, _THIS):
        for m in rx.finditer(lower):
            at = m.start()
            if at and (lower[at - 1].isalnum() or lower[at - 1] == "-"):
                continue
            i = bisect_right(starts, at) - 1
            a, b = spans[i]
            if m.end() <= b:
                score, end, verb = _candidate(m, abstract, lower, a, b, method)
                if score > 0:
                    candidates.append((score, -i, end, verb, m.re is _WE))
    best: Contribution | None = None
    for score, i, end, verb, we in sorted(candidates, reverse=True):
        if best and score + 5 < best.score:  # the bonus adds at most 5
            break
        more, obj = "", abstract[end : spans[-i][1]].rstrip().rstrip(".")
        if obj.startswith((" and ", " or ", ",")):
            more, obj = _more_verbs(obj)
        obj = obj.lstrip(", ")
        if obj[:1] in "hHiI" and (lead := LEAD_IN.match(obj)):
            obj = obj[lead.end() :]
        score += _bonus(obj, method)
        if best is None or (score, i) > (best.score, -best.index):  # the earlier sentence wins a tie
            if we and " and " in obj:
                obj = _AND_LATER.sub(lambda v: _and_later(v, obj), obj)
            best = Contribution(-i, third_person(verb) + more, obj, score)
    if best is None or best.score < 6:
        passive = _passive(abstract, lower, starts, spans, method)
        if passive and (best is None or passive[0] > best.score):
            best = Contribution(passive[1], passive[2], passive[3], passive[0])
    return best or _by_proposing(abstract, lower, spans, starts)


_BY_PROPOSING = re.compile(r"\bby\s+(introduc|propos|present|develop|design)ing\s+(?=a|an|the|[A-Z])", re.I)
_BASE_OF_STEM = {"introduc": "introduce", "propos": "propose"}  # "presenting" -> "present"
_OURS = re.compile(r"\b(?:our|we)\b|\bthis (?:paper|work)\b", re.I)


def _by_proposing(abstract: str, lower: str, spans: list[Span], starts: list[int]) -> Contribution | None:
    """'In this work, our goal is to bridge this gap by introducing a simulation framework that ...':
    no "we propose", but what follows "by introducing" is the contribution all the same."""
    for m in _BY_PROPOSING.finditer(abstract):
        i = bisect_right(starts, m.start()) - 1
        a, b = spans[i]
        if _OURS.search(abstract, a, m.start()):
            return Contribution(i, third_person(_BASE_OF_STEM.get(m.group(1).lower(), m.group(1).lower())), abstract[m.end() : b].strip().rstrip("."), 4)
    return None

"""Abstract -> Summary: a TL;DR, labelled key points and key numbers.

Extractive and deterministic: no network, no model. Every key point is a
whole sentence of the abstract and every key number (value and context) is a
verbatim substring of it. Only the TL;DR is lightly rewritten: the "In this
paper, we propose" lead-in goes, and the method becomes the subject
("ByteTransformer is a high-performance transformer ...") or, when no name
leads, the verb does ("Proposes a new framework ..."). Abstracts arrive
already cleaned (``generator.clean``): ``2.08%`` and ``6×``, not ``2.08\\%``.

Speed matters (tens of thousands of papers per build): sentences are found
once, cue words and quantities in one pass, and every regular expression
that scans a whole abstract starts with a literal, which the engine jumps
to, not with a character class or a long alternation, which it tries at
every position. Whatever else is needed is looked up in sets and dicts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from generator.enrich.trie import trie_pattern
from generator.models import KeyNumber, Summary

MAX_TLDR_WORDS = 40
MAX_CONTEXT_WORDS = 25
MAX_KEY_NUMBERS = 6
MAX_POINT_WORDS = 60  # a second sentence joins a key point only within this
ORIGIN = {"tldr": "extracted", "key_points": "extracted", "key_numbers": "extracted"}

Span = tuple[int, int]


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _words(text: str) -> int:
    return len(text.split())


# --- sentences -------------------------------------------------------------

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


# --- method names ----------------------------------------------------------

_GENERIC_LEADS = _set(
    """survey review introduction tutorial position overview perspective perspectives towards toward
    beyond report note notes opinion lessons insights challenges reflections retrospective vision
    roadmap case study pitfalls primer editorial commentary keynote abstract preface appendix
    benchmark dataset method methods model models background conclusion conclusions"""
)
_GENERIC_ACRONYMS = _set("AI ML DL RL NLP CV LLM LLMS GPU GPUS CPU TPU NAS CNN DNN RNN GNN VIT MOE")


def _namelike(token: str) -> bool:
    """ByteTransformer, SN40L, SMASH, KUIELab-MDX-Net, Re-Align: not Looking, Fast."""
    letters = [c for c in token if c.isalpha()]
    if any(c.isdigit() for c in token):
        return bool(letters) or len(token) <= 3  # "2BP", "V2", "2"
    if len(letters) < 2:
        return False
    if all(c.isupper() for c in letters):
        return token.upper().strip("'+") not in _GENERIC_ACRONYMS
    return any(c.isupper() for c in token[1:])


def method_name(title: str) -> str | None:
    """The method a title names before its colon, if it names one.

    "ByteTransformer: A High-Performance ..." -> "ByteTransformer";
    "SAM 2: ..." -> "SAM 2"; "QuantNAS for super resolution: ..." -> "QuantNAS";
    "Looking Backward: ...", "Fast & Slow Learning: ..." -> None.
    """
    head, colon, _ = title.partition(":")
    tokens = head.split()
    if not colon or not tokens:
        return None
    if len(tokens) == 1:
        token = tokens[0]
        word = token.lower()
        if _namelike(token):
            return token
        plain = token[:1].isupper() and token.isalpha()
        if plain and word not in _GENERIC_LEADS and not word.endswith("ing"):
            return token  # "Pathways", "Jamba", "Tutel"
        return None
    if len(tokens) == 2 and all(t[:1].isupper() or t[:1].isdigit() for t in tokens):
        if any(_namelike(t) for t in tokens) and not tokens[0].lower().endswith("ing"):
            return head.strip()  # "SAM 2", "ShuffleNet V2", "SambaNova SN40L"
    first = tokens[0]
    letters = [c for c in first if c.isalpha()]
    mixed = any(c.isdigit() for c in first) or any(c.isupper() for c in first[1:])
    if len(tokens) <= 4 and mixed and not all(c.isupper() for c in letters):
        return first  # "QuantNAS for super resolution"
    return None


# --- cue words -------------------------------------------------------------

_CUES = {
    ("Problem", 2): """however unfortunately challenge challenges challenging suffer suffers suffering limited limitation
        limitations costly expensive prohibitive prohibitively bottleneck bottlenecks struggle struggles lack lacks
        lacking drawback drawbacks hinder hinders hindering fail fails failing infeasible impractical inefficient
        inefficiency difficult difficulty scarcity unclear underexplored""",
    ("Problem", 1): "but yet although despite overhead issue issues problem problems remains trade-off",
    ("Approach", 2): """propose proposes present presents introduce introduces develop develops design designs leverage
        leverages employ employs adopt adopts combine combines construct constructs consists specifically
        key idea insight""",
    ("Results", 2): """outperform outperforms outperforming outperformed surpass surpasses surpassing surpassed
        state-of-the-art sota speedup speedups speed-up speed-ups faster""",
    ("Results", 1): """achieve achieves achieving achieved improve improves improved improvement improvements exceed
        exceeds better gain gains reduce reduces reduction reduced boost boosts demonstrate demonstrates
        competitive higher lower experiments""",
}
_CUE = {word: key for key, words in _CUES.items() for word in words.split()}


_CAPITALISED = "however but yet although despite unfortunately specifically experiments state-of-the-art"
# Every spelling the scan matches -> (label, weight): no lowercasing per match.
_CUE_FORMS = {form: _CUE[form.lower()] for form in {*_CUE, *(w.capitalize() for w in _CAPITALISED.split()), "SOTA", "SoTA"}}
_UNITS = (
    r"ms|µs|us|ns|s|sec|seconds?|minutes?|mins?|hours?|days?|FPS|fps|Hz|kHz|GB|MB|KB|TB|GiB|MiB|[PTGM]FLOPs|[PTGM]FLOPS|"
    r"FLOPs|MACs|GMACs|W|mW|kW|J|mJ|dB|pp|points?|pts|bits?|-bit|tokens/s|samples/s|images/s|img/s|GPU[- ]hours|"
    r"GPU[- ]days|BLEU|mAP|AP|mIoU|PSNR|FID|FVD|CER|WER|nm|mm|cm|km|Kb|Mb|Gb"
)
# One pass over " " + abstract finds both cue words and quantities, as both follow a space: the space is
# a literal the engine jumps to. A quantity may open with "(", a sign or "~"; one glued to a word
# ("CIFAR-10", "A100", "v1.5", "10^4") follows no space and is not a claim; "(>2.47×" keeps "2.47×". A number must carry a
# %, ×, unit or scale, or be a decimal: bare integers (years, counts, "1)") are skipped. The look-ahead before a
# quantity turns a word away on its first letter: each optional bracket or sign after it would cost a repeat.
_TOKEN = re.compile(
    " (?:(?P<cue>"
    + trie_pattern(_CUE_FORMS)
    + r")(?![A-Za-z-])"
    r"|(?=[(\[<>≤≥+\-−~≈0-9])[(\[]?[<>≤≥]?(?P<value>[+\-−~≈]?[0-9]++(?:,[0-9]{3})*+(?:\.[0-9]+)?+(?:[-–][0-9]+(?:\.[0-9]+)?(?=[%×xX]))?+)(?:"
    r"(?P<pct>\s?%)"
    r"|(?P<mul>\s?×(?!\s?\d)|[xX](?![\w])|-fold\b|\s?times\b)"
    r"|(?P<scale>\s(?:billion|million|trillion|thousand)(?:\s(?:parameters|params|tokens|images|samples|hours))?\b)"
    r"|(?P<suffix>[KMBT](?![\w]))"
    rf"|(?P<unit>\s?(?:{_UNITS})(?![\w/]))"
    r"|(?P<dec>(?<=\.\d)|(?<=\.\d\d)|(?<=\.\d\d\d))(?![\w.])"
    r"))"
)


def _scan(abstract: str, starts: list[int]):
    """Per sentence, the weighted count of problem, approach and results cue words; and the quantities
    as (kind, start, end, sentence index), in text order."""
    n = len(starts)
    scores = {"Problem": [0] * n, "Approach": [0] * n, "Results": [0] * n}
    quantities = []
    i, following = 0, starts[1] if n > 1 else 1 << 30
    for m in _TOKEN.finditer(" " + abstract):
        at = m.start()  # the offset in the abstract of what follows the space
        while at >= following:
            i += 1
            following = starts[i + 1] if i + 1 < n else 1 << 30
        kind = m.lastgroup
        if kind == "cue":
            label, weight = _CUE_FORMS[m.group("cue")]
            scores[label][i] += weight
        else:
            quantities.append((kind, m.start("value") - 1, m.end() - 1, i))
    return scores, quantities


# --- the contribution sentence -----------------------------------------------

_PRIMARY = _set("propose present introduce unveil release")
_SECONDARY = _set("develop design build devise describe formulate construct create offer contribute establish report provide")
_OTHER = _set(
    """study investigate explore examine analyze analyse show demonstrate find evaluate benchmark extend address
    tackle revisit rethink train apply compare identify consider focus leverage use adopt employ aim seek argue
    conduct discuss pretrain reveal characterize quantify measure implement enable make augment combine prove
    validate integrate obtain achieve outline highlight relax scale distill open-source improve categorize classify
    summarize"""
)
_VERBS = _PRIMARY | _SECONDARY | _OTHER
_NOT_VERBS = _set(
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
_WE = re.compile(rf"we\s+{_ADV}([a-z]+(?:-[a-z]+)?)\b")  # (adverb, verb)
_THIS = re.compile(rf"this\s+(?:{_DOCUMENT})\s+{_ADV}([a-z]+)\b")
_PASSIVE_WORDS = (" proposed", " presented", " introduced", " developed", " designed", " described")
_PASSIVE = re.compile(r" (?:is|are)\s+(?:\w+ly\s+)?(?P<verb>proposed|presented|introduced|developed|designed|described)\b")
_AND_PRIMARY = re.compile(r" and\s+(?:we\s+)?(?:also\s+|further\s+)?(?P<verb>propose|present|introduce)\b")
_NOT_CONTRIBUTION = re.compile(r"(?:our |the )?(?:results|findings|experiments|code|source code|implementation|evaluation)\b")
_AND_VERB = re.compile(r"(,\s*|\s+)(and\s+|or\s+)?([a-z]+)\b")
_AND_LATER = re.compile(  # "we evaluate X and leverage Y" -> "evaluates X and leverages Y": any verb of _VERBS
    rf"(,?\s+and\s+(?:also\s+|further\s+|then\s+)?)({'|'.join(sorted(_VERBS, key=len, reverse=True))})\b"
)
_LEAD_IN = re.compile(r"(?:here(?:in)?|in this (?:paper|work)),?\s+", re.I)
_NAMING_WORDS = (" called", " named", " dubbed", " termed", " coined", " namely", " denoted", " referred")
_NAMING = re.compile(r",?\s+(?:called|named|dubbed|termed|coined|namely|denoted(?: as)?|referred to as)(?:\s+as)?,?\s+")


def _verb_table() -> dict[str, tuple[str, float]]:
    """Every form of a known verb ("propose", "proposes", "proposed") -> (base form, tier)."""
    table: dict[str, tuple[str, float]] = {w: ("", 0) for w in _NOT_VERBS}
    for words, tier in ((_OTHER, 1), (_SECONDARY, 2), (_PRIMARY, 3)):
        for verb in words:
            past = verb + "d" if verb.endswith("e") else verb[:-1] + "ied" if verb.endswith("y") else verb + "ed"
            for form in (verb, _third_person(verb), past):
                table[form] = (verb, tier)
    return table


def _third_person(verb: str) -> str:
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


_TIER = _verb_table()


def _more_verbs(obj: str) -> tuple[str, str]:
    """' , study and improve X' -> (', studies and improves', ' X'): verbs sharing the subject."""
    pos, out = 0, []
    while m := _AND_VERB.match(obj, pos):
        if m.group(3) not in _VERBS or (not m.group(2) and "," not in m.group(1)):
            break
        out.append(f"{m.group(1).strip()} {m.group(2) or ''}{_third_person(m.group(3))}")
        pos = m.end()
    return "".join(out).replace(" ,", ","), obj[pos:]


def _and_later(v: re.Match[str], obj: str) -> str:
    """"..., and leverage" -> "..., and leverages"; "to avoid X and improve Y" stays: that verb shares the "to"."""
    return v.group() if " to " in obj[: v.start()] else v.group(1) + _third_person(v.group(2))


def _find(text: str, name: str, stop: int = 1 << 30) -> int:
    """Where ``name`` occurs as a whole word ("Twins" is not in "Twins-SVT"), or -1."""
    at = text.find(name, 0, stop)
    while at >= 0:
        before, after = text[at - 1 : at] if at else "", text[at + len(name) : at + len(name) + 1]
        if not (before.isalnum() or before == "-") and not (after.isalnum() or (after and after in "-_")):
            return at
        at = text.find(name, at + 1, stop)
    return -1


class _Contribution:
    """The sentence saying what the paper contributes: its index, verb and object."""

    def __init__(self, index: int, verb: str, obj: str, score: float) -> None:
        self.index, self.verb, self.obj, self.score = index, verb, obj, score


_SUBORDINATE_WORDS = ("wherein ", "where ", "whereby ", "which ", "that ", "when ", "if ")
_HERE_RE = re.compile(r"this (?:paper|work|report|article|study|project)\b|\bhere(?:in)?\b")


def _candidate(m: re.Match[str], abstract: str, lower: str, a: int, b: int, method: str | None) -> tuple[float, int, str]:
    """A first score for a "we <verb>" / "this paper <verb>s" match in the sentence [a, b), its verb and object start."""
    we = m.re is _WE
    word = m.group(2)
    verb, tier = _TIER.get(word) or (("", 0) if word.endswith("ed") else (word if we else _base(word), 0.5))
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
    named = any(w in head for w in _NAMING_WORDS) and _NAMING.search(head)
    score += 1 if named or any(mixed_case) else 0
    if method and (at := _find(obj, method)) > 0 and _NAMING.search(obj[max(0, at - 30) : at + 1]):
        score += 3  # "... a new family of backbones called LowFormer": the paper's own method is named here
    return score + (1 if method and 0 <= _find(obj, method, 60) else 0)


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
            if comma and _words(head) <= 8 and _DETERMINER.match(tail):
                subject = tail
            if subject[:4].lower() == "our " or not (_DETERMINER.match(subject) or (method and subject.startswith(method))):
                continue
            primary = p.group("verb") in ("proposed", "presented", "introduced")
            score = (6 if primary else 4) + (1.5 if method and method in subject else 0)
            if best is None or (score, -i) > (best[0], -best[1]):
                verb = p.group("verb")[:-1] + "s" if primary else "describes"
                best = (score, i, verb, f"{subject} {abstract[p.end() : b].strip().rstrip('.')}".strip())
    return best


def _contribution(abstract: str, lower: str, spans: list[Span], starts: list[int], method: str | None):
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
    best: _Contribution | None = None
    for score, i, end, verb, we in sorted(candidates, reverse=True):
        if best and score + 5 < best.score:  # the bonus adds at most 5
            break
        more, obj = "", abstract[end : spans[-i][1]].rstrip().rstrip(".")
        if obj.startswith((" and ", " or ", ",")):
            more, obj = _more_verbs(obj)
        obj = obj.lstrip(", ")
        if obj[:1] in "hHiI" and (lead := _LEAD_IN.match(obj)):
            obj = obj[lead.end() :]
        score += _bonus(obj, method)
        if best is None or (score, i) > (best.score, -best.index):  # the earlier sentence wins a tie
            if we and " and " in obj:
                obj = _AND_LATER.sub(lambda v: _and_later(v, obj), obj)
            best = _Contribution(-i, _third_person(verb) + more, obj, score)
    if best is None or best.score < 6:
        passive = _passive(abstract, lower, starts, spans, method)
        if passive and (best is None or passive[0] > best.score):
            best = _Contribution(passive[1], passive[2], passive[3], passive[0])
    return best


# --- TL;DR -----------------------------------------------------------------

_DETERMINER = re.compile(r"(?:a|an|the|one|two|three|four|several|our)\s", re.I)
_NAME = re.compile(
    r"[\"“'][^\"”']{1,60}[\"”'](?:\s*\([^()]{1,40}\))?"
    r"|[^\s,;:]+(?:\s+(?:(?:and|for|of|with|the|in|on|via|to)\s+)?(?:[A-Z0-9(][^\s,;:]*))*"
)
_SEPARATOR = re.compile(r"(?:,\s+which\s+(?:is|are)\s+|,\s+|\s+--?\s+|\s+[—–]\s+|:\s+|\s+as\s+)(?=(?:a|an|the|one)\s)")
_CONNECTORS = ("the", "namely", "called", "named", "dubbed", "termed", "coined", "denoted as", "referred to as", "we call")
_CUT_STRONG = re.compile(r"[,;:]\s|\s[—–(]\s?|\s--?\s")
_CUT_WEAK = re.compile(r"\s(?=(?:which|that|where|while|whereas|by|through|via|using|with|to|for|and|in|on)\s)")
_SECOND_WE = re.compile(r",?\s+(?:and|while|where)\s+we\s|[,;]\s+we\s")
_DANGLING = _set("a an the of and or to for with by in on at from as that which while whereas using via its their our")
_WORD = re.compile(r"\S+")


def _cap(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text[:1].upper() + text[1:] if first.isalpha() and first.islower() else text


def _limit(text: str, limit: int = MAX_TLDR_WORDS) -> str:
    """Cut ``text`` to ``limit`` words at a clause boundary, never inside a word; end with a period."""
    text = " ".join(text.split())
    if " ," in text or " ;" in text or " :" in text:
        text = re.sub(r" ([,;:])", r"\1", text)
    text = text.rstrip(".;:, ")
    if text.count(" ") >= limit:
        hard = [m.start() for m in _WORD.finditer(text)][limit]  # the first word too many
        floor = len(" ".join(text.split()[: limit // 3]))
        cut = next((m.start() for m in reversed(list(_CUT_STRONG.finditer(text, 0, hard))) if m.start() > floor), None)
        if cut is None:
            cut = next((m.start() for m in reversed(list(_CUT_WEAK.finditer(text, 0, hard))) if m.start() > floor), hard)
        text = text[:cut]
        if text.count("(") > text.count(")"):
            text = text[: text.rfind("(")]
        words = text.split()
        while len(words) > 3 and words[-1].lower().strip(",;:") in _DANGLING:
            words.pop()
        text = " ".join(words).rstrip(".;:, -—–")
    return text if text.endswith(("?", "!")) else text + "."


def _be(name: str) -> str:
    return "are" if " and " in name else "is"


def _named(obj: str) -> str | None:
    """'a novel mechanism called Shadow Batch Normalization (SBN) to ...' -> 'Shadow ... (SBN) is a novel mechanism to ...'."""
    if not any(w in obj[:160] for w in _NAMING_WORDS) or not _DETERMINER.match(obj):
        return None
    m = _NAMING.search(obj, 0, 160)
    name_m = _NAME.match(obj, m.end()) if m else None
    if not name_m:
        return None
    name = name_m.group().replace('"', "").replace("“", "").replace("”", "")
    end = name_m.end()
    if name == name_m.group() and name[:1].islower() and not _namelike(name.split()[0]):
        comma = obj.find(",", m.end())  # "termed dual propagation, in which"
        end = comma if 0 < comma - m.end() < 60 else len(obj)
        name = obj[m.end() : end]
    if not name or _words(name) > 8 or name.split()[0].lower() in ("this", "it", "we", "the", "our", "a", "an"):
        return None
    rest = obj[end:].lstrip(", ")
    return f"{name} {_be(name)} {obj[: m.start()]}{' ' + rest if rest else ''}"


def _describe(obj: str, method: str | None, proposed: bool) -> str | None:
    """'X, a fast Y that ...' -> 'X is a fast Y that ...', or None when no name leads."""
    if method and proposed:
        at = _find(obj, method, 200)
        # "ByteTransformer, a ..." / "Long Name (SAM 2), a ..." / "WaveMix as an ..." / "Flover -- a ..."
        lead = len(method) if at == 0 else -1
        if at > 0 and not _DETERMINER.match(obj) and obj[at - 1] == "(" and "," not in obj[:at]:
            lead = at + len(method) + 1
        if lead > 0:
            paren = re.match(r"\s*\([^()]{1,60}\)", obj[lead:])
            lead += paren.end() if paren else 0
            sep = _SEPARATOR.match(obj, lead)
            if sep:
                return f"{obj[:lead]} is {obj[sep.end():]}"
            pron = re.match(r",?\s+(?:that|which)\s+", obj[lead:])
            if pron and at == 0:
                return f"{obj[:lead]} {obj[lead + pron.end():]}"
        # "a novel framework Read-ME that ..." / "a procedure, the QuantNAS that ..." / "a design, SWAT, that ..."
        if at > 0 and _DETERMINER.match(obj) and obj[at - 1] != "(":
            np = obj[:at].rstrip(" ,(\"“'")
            for word in _CONNECTORS:
                if np.endswith(" " + word):
                    np = np[: -len(word) - 1].rstrip(" ,")
                    break
            rest = obj[at + len(method) :].lstrip("\"”')").lstrip(", ")
            if np.count(" ") >= 1 and "," not in np:
                return f"{method} is {np}{' ' + rest if rest else ''}"
    named = _named(obj)
    if named:
        return named
    # "Flex, a highly scalable stack ..." / "Twins-PCPVT and Twins-SVT, two ..."
    sep = _SEPARATOR.search(obj, 0, 100)
    if sep:
        head = obj[: sep.start()].strip("\"“”'")
        tokens = head.split()
        if tokens and tokens[0] in ("the", "The"):
            tokens = tokens[1:]
        if tokens and len(tokens) <= 6 and (tokens[0][:1].isupper() or _namelike(tokens[0])) and "," not in head:
            return f"{_cap(head)} {_be(head)} {obj[sep.end():]}"
    return None


# --- what a reader cannot follow: first person, references to what is not there ---

_DEMONSTRATIVE = r"(?:these|this|those|such|the above(?:-mentioned)?|the aforementioned|the former|the latter)"
_NOT_REFERRING = r"(?!\s+(?:paper|work|study|article|report|survey|as|that)\b)"  # "such as", "this paper"
_DANGLING_REF = re.compile(rf"\b{_DEMONSTRATIVE}\b{_NOT_REFERRING}", re.I)
_FIRST_PERSON = re.compile(r"\b(?:we|our|ours|us)\b", re.I)
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


_TRIGGERS = _set("we our ours us these this those such above above-mentioned aforementioned former latter")
_PUNCTUATION = str.maketrans({c: " " for c in ",.;:()[]\"'?!"})


def unfollowable(text: str) -> bool:
    """Whether ``text`` speaks in the first person or refers to what it does not say ("these issues")."""
    if _TRIGGERS.isdisjoint(text.lower().translate(_PUNCTUATION).split()):  # most texts: no regex run
        return False
    return bool(_FIRST_PERSON.search(text) or _DANGLING_REF.search(text))


def _repair(text: str) -> str | None:
    """``text`` without first person or dangling references, or None when that leaves too little.

    Fixed phrases are rewritten ("our" -> "its", "to address these issues" goes); a
    clause that still has one is cut off, when at least 6 words stay before it.
    """
    if not unfollowable(text):  # most TL;DRs: every repair below needs one of those words
        return text
    for rx, repl in _REPAIRS:
        text = rx.sub(repl, text)
    text = " ".join(text.split()).replace(" ,", ",").replace(" .", ".")
    while (bad := _FIRST_PERSON.search(text) or _DANGLING_REF.search(text)) is not None:
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
        while len(words) > 6 and words[-1].lower() in _DANGLING:  # "... scheme in" (which we ...)
            words.pop()
        text = " ".join(words)
    return text


# Connectives and sentence adverbs ("Remarkably, ", "Interestingly, ") that lead a sentence but not a clause after ";".
_CONNECTIVE = re.compile(
    r"(?:Furthermore|Moreover|Additionally|In particular|In addition|Overall|Specifically|As a result|Consequently"
    r"|[A-Z][a-z]+ly),\s+"
)
_LOWER_LEADS = _set(
    "the in on at with across for by using compared experiments extensive results evaluations evaluation "
    "when under a an as from its while on compared experimental empirical"
)


_SUBJECT_LEAD = re.compile(r"(?:(?:the|our)\s+(?:proposed\s+|final\s+|fastest\s+|best\s+)?)", re.I)


_SUBORDINATORS = _set("despite although though while whereas because since if when unlike")


def _unknown_subject(result: str, known: str) -> bool:
    """Whether ``result`` is about a name ``known`` (the TL;DR and title) does not hold: "The
    proposed RCFG leads to ..." after a TL;DR that never says what RCFG is. A name counts as known
    when it, or its part before a hyphen ("RT-DETR" of "RT-DETR-R50"), is there."""
    lead = _SUBJECT_LEAD.match(result)
    token = result[lead.end() if lead else 0 :].split(" ", 1)[0].strip(",;:()")
    if not (_namelike(token) or lead and token[:1].isupper()):  # "Our Stream Batch achieves": a name too
        return False
    parts = token.split("-")
    prefixes = ("-".join(parts[:i]) for i in range(1, len(parts) + 1))
    return not any(len(k) >= 3 and _find(known, k) >= 0 for k in prefixes)


def _headline(results: list[str], known: str = "") -> str | None:
    """The result a reader wants next to the TL;DR: the first key number's clause (of those stated
    after the contribution) that opens its sentence and reads on its own once repaired
    ("Mamba enjoys fast inference (5× higher throughput than Transformers) ...";
    "our fastest models" -> "the fastest models"), about nothing but what ``known`` names."""
    for c in results:
        if not c[:1].isupper() or c.split(" ", 1)[0].lower() in ("it", "they", "both", "however"):
            continue
        if c.split(" ", 1)[0].lower() in _SUBORDINATORS and ", " not in c:  # "Despite using ...": no main clause
            continue
        fixed = _repair(c) or ""
        if _words(fixed) < _words(c) - 4:  # a clause was cut off: what is left may not say the result
            continue
        if fixed.count("(") == fixed.count(")") and not _unknown_subject(fixed, known):
            return _cap(fixed)
    return None


def _tldr(title: str, sentences: list[str], found: _Contribution | None, method: str | None,
          results: tuple[str, ...] | list[str] = ()) -> str:
    """The TL;DR, repaired (``_repair``), with the headline result (``results``: key numbers' clauses
    after the contribution) when it fits in ``MAX_TLDR_WORDS``."""
    text = _first_tldr(title, sentences, found, method)
    fixed = _repair(text.rstrip("."))
    if fixed is None or _words(fixed) < 3 or fixed.rstrip(".") == title.rstrip("."):
        fixed = _fallback(title, sentences, method)
    if method and fixed.endswith(f"({method})"):  # "Integrates ... blocks (Mamba)" -> "Mamba integrates ... blocks"
        first = fixed.split(" ", 1)[0]
        primary = _TIER.get(first.lower(), ("", 0))[1] >= 3  # "Introduces X (2BP)" stays
        if not fixed.startswith(method) and first.endswith("s") and first[1:].islower() and not primary:
            fixed = fixed[: -len(method) - 2].rstrip()
            fixed = f"{method} {fixed[:1].lower()}{fixed[1:]}"
    text = _limit(_cap(fixed))
    result = _headline(list(results), f"{text} {title}")
    if result and _words(text) + _words(result) > MAX_TLDR_WORDS:
        cut = result.find(", and ")  # "... linear scaling in sequence length, and its performance ..."
        result = result[:cut] if cut > 0 and _words(result[:cut]) >= 6 else None
    if result and result.rstrip(".") not in text and _words(text) + _words(result) <= MAX_TLDR_WORDS:
        result = _CONNECTIVE.sub("", result.rstrip("."), count=1)
        first = result.split(" ", 1)[0]
        # "; models trained on ...", but "; Mamba enjoys ..." after "Mamba integrates ...": a word the TL;DR holds is a name
        plain = first.replace("-", "").isalpha() and _find(text, first) < 0
        if first[1:].islower() and (first.lower() in _LOWER_LEADS or plain):
            result = result[:1].lower() + result[1:]
        text = f"{text.rstrip('.')}; {result}."  # one sentence, the claim then its result
    return text


def _fallback(title: str, sentences: list[str], method: str | None) -> str:
    """When no contribution sentence reads on its own: the first sentence naming the method, else the
    first that shares most words with the title, repaired; the title as a last resort."""
    words = {w for w in title.lower().translate(_PUNCTUATION).split() if len(w) >= 4}
    named = [i for i, s in enumerate(sentences) if method and _find(s, method) >= 0]
    shared = [len(words.intersection(s.lower().translate(_PUNCTUATION).split())) for s in sentences]
    rest = sorted((i for i in range(len(sentences)) if i not in named), key=lambda i: (-shared[i], i))
    for i in named + rest:
        if unfollowable(sentences[i]):
            continue
        fixed = _CONNECTIVE.sub("", _LEAD_IN.sub("", sentences[i].rstrip("."), count=1), count=1)
        if _words(fixed) >= 8:
            if method and _find(fixed, method) < 0:
                fixed = f"{method}: {fixed}"
            return fixed
    return title


def _first_tldr(title: str, sentences: list[str], found: _Contribution | None, method: str | None) -> str:
    if found is None:
        starts = [s for s in sentences if method and s.startswith(method + " ")]
        return _limit(starts[0] if starts else title)
    obj = found.obj
    if " we " in obj and (second := _SECOND_WE.search(obj)) and obj.count(" ", 0, second.start()) >= 5:
        obj = obj[: second.start()]  # "..., and we show that ...": one claim is enough
    proposed = _TIER.get(found.verb.split(",")[0].split()[0], ("", 0))[1] >= 2
    body = _describe(obj, method, proposed)
    if body is None and method and proposed and _find(obj, method) < 0 and obj.startswith(("a ", "an ")):
        body = f"{method} is {obj}"  # the title's method is what the paper proposes
    if body is None:
        parts = obj.split(" ", 2)
        if parts[0] in ("A", "An", "The") and len(parts) > 1 and parts[1][:1].islower():
            obj = obj[:1].lower() + obj[1:]  # "Proposes a musical instrument", not "Proposes A musical"
        body = f"{found.verb.capitalize()} {obj}"
    if method and method.lower() not in body.lower():
        verb_led = body.startswith(found.verb.capitalize())
        short = _short_name(method)
        if not verb_led and short and body.startswith(short + " "):
            body = method + body[len(short):]  # "FASIONAD is ...", the title's "FASIONAD++"
        elif verb_led:
            body = f"{method} {body[:1].lower() + body[1:]}"  # "RaftMLP uses ...", not "RaftMLP: uses ..."
        elif (named := _NAMED_IS.match(body)) and (_words(named.group(1)) == 1 or _expands(named.group(1), method)):
            # "PC-DARTS (Partially-Connected DARTS) is", "Tutel (Flex) is": one thing under two names
            body = f"{method} ({named.group(1)}) {body[named.end(1) + 1 :]}"
        elif found.verb.split()[0] in _PRIMARY | {_third_person(v) for v in _PRIMARY} and _NAMING.search(found.obj):
            # "MixPath proposes a novel mechanism called Shadow Batch Normalization (SBN) to ...", not
            # "MixPath: Shadow Batch Normalization (SBN) is ...", which makes the two one thing
            body = f"{method} {found.verb} {found.obj}"
        else:
            body = f"{method}: {body}"
    return _limit(_cap(body))


def _expands(long: str, short: str) -> bool:
    """Whether ``long`` spells out ``short``: the initials of its words open the capitals of ``short``
    ("Partially-Connected DARTS" and PC-DARTS; not "Shadow Batch Normalization" and MixPath)."""
    initials = "".join(w[0] for w in re.split(r"[\s-]+", long.removeprefix("The ")) if w).upper()
    capitals = "".join(c for c in short if c.isupper())
    return len(initials) >= 2 and (capitals.startswith(initials) or initials.startswith(capitals))


_NAMED_IS = re.compile(r"((?:The )?[A-Z][\w-]*(?: [A-Z][\w-]*)*) (?:is|are) ")  # "Partially-Connected DARTS is ..."


def _short_name(method: str) -> str | None:
    """The method without its version or suffix: "FASIONAD++" -> "FASIONAD", "FBNetV3" -> "FBNet"."""
    short = re.sub(r"(?:[-\s]?[vV]?\d+(?:\.\d+)?|\++)$", "", method)
    return short if short != method and len(short) >= 3 else None


# --- key points ------------------------------------------------------------


def _pick(own: list[int], others: tuple[list[int], ...], sizes: list[int], used: set[int], floor: int, back: bool) -> list[int]:
    """The best sentence by ``own`` score, and a neighbour (the next one, or the previous one when ``back``)
    that suits no other label better."""
    best, top = -1, floor - 1
    for i, score in enumerate(own):
        if score > top and i not in used:
            best, top = i, score
    if best < 0:
        return []
    chosen = [best]
    for j in (best + 1, best - 1) if back else (best + 1,):
        if 0 <= j < len(own) and j not in used and own[j] >= floor and sizes[j] + sizes[best] <= MAX_POINT_WORDS:
            if all(own[j] >= other[j] for other in others):
                chosen.append(j)
                break
    used.update(chosen)
    return sorted(chosen)


def _key_points(sentences: list[str], scores: dict[str, list[int]], contribution: int | None, numbers: list[int]):
    """(label, verbatim sentences) for the problem, the approach and the results, when found."""
    problem, approach, results = scores["Problem"], scores["Approach"], scores["Results"]
    for i, count in enumerate(numbers):
        if count:
            results[i] += 3 * min(count, 2)
        if approach[i] >= 4:
            problem[i] -= 2
    if contribution is not None:
        approach[contribution] += 10
        for i in range(contribution):
            results[i] -= 3
        for i in range(contribution + 1, len(sentences)):
            problem[i] -= 2
    sizes = [s.count(" ") + 1 for s in sentences]
    used: set[int] = set()
    chosen_approach = _pick(approach, (problem, results), sizes, used, 4, False)
    chosen_results = _pick(results, (problem, approach), sizes, used, 3, True)
    chosen_problem = _pick(problem, (approach, results), sizes, used, 2, True)
    points = (("Problem", chosen_problem), ("Approach", chosen_approach), ("Results", chosen_results))
    for _, chosen in points:  # "This approach, however, ...", "However, these methods ...": the sentence before says which
        first = sentences[chosen[0]] if chosen else ""
        if chosen and (_REFERS_BACK.match(first) or _DANGLING_REF.search(first)):
            before = chosen[0] - 1
            if not _REFERS_BACK.match(first) and before >= 0 and _REFERS_BACK.match(sentences[before]):
                continue  # that sentence would lean on the one before it in turn
            if before >= 0 and before not in used and sum(sizes[i] for i in chosen) + sizes[before] <= MAX_POINT_WORDS + 15:
                chosen.insert(0, before)
                used.add(before)
    return tuple((label, " ".join([sentences[i] for i in chosen])) for label, chosen in points if chosen)


# A sentence that leans on the one before it: "This approach ...", "It achieves ...", "These yield ...".
_REFERS_BACK = re.compile(r"(?:These|This|Those|Such|It|They|Both)\b(?!(?:\s+[\w-]+)?\s+(?:paper|work|study|article|report)\b)")


def leaning_points(abstract: str, key_points: Sequence[tuple[str, str]]) -> int:
    """How many key points open on a sentence naming what it does not say ("these methods") while
    the sentence before it is in no key point: a reader cannot tell what is meant."""
    sentences = split_sentences(abstract)
    index = {s: i for i, s in enumerate(sentences)}
    points = [split_sentences(text) for _, text in key_points]
    shown = {index.get(part, -2) for parts in points for part in parts}
    leaning = (parts for parts in points if parts and _DANGLING_REF.search(parts[0]))
    return sum(1 for parts in leaning if index.get(parts[0], 0) - 1 not in shown)


# --- key numbers -------------------------------------------------------------

_KIND_SCORE = {"mul": 4, "pct": 3, "unit": 3, "scale": 2, "suffix": 2, "dec": 0}
_COMPARISON = re.compile(
    r"(?:than|compared|relative|versus|vs\.|over|against|outperform\w*|surpass\w*|better|faster|improv\w*|while|respectively)\b",
    re.I,
)
_CLAUSE = re.compile(r"[,;:] ")
_CLAUSE_WORDS = (" while ", " whereas ", " which ", " respectively", " — ", " – ", " -- ")


class _Clauses:
    """A sentence cut into clauses at , ; : and before while / whereas / which / a dash; sizes in words."""

    def __init__(self, text: str) -> None:
        self.text = text
        cuts = [0, *(m.end() for m in _CLAUSE.finditer(text)), len(text)]
        for word in _CLAUSE_WORDS:
            at = text.find(word)
            while at >= 0:
                cuts.append(at + 1)
                at = text.find(word, at + 1)
        cuts.sort()
        self.segs = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]

    def _size(self, i: int, j: int) -> int:
        return self.text.count(" ", self.segs[i][0], self.segs[j][1] - 1) + 1

    def around(self, v: int) -> str:
        """The clause around offset ``v``, widened to short neighbours and to what it is compared with."""
        segs, text, size = self.segs, self.text, self._size
        lo = hi = next(k for k, (a, b) in enumerate(segs) if a <= v < b)
        n = len(segs)
        grown = True
        while grown:  # list items and short lead-ins: "87%, 131%, 138%", "On ImageNet,"
            grown = False
            if hi + 1 < n and size(hi + 1, hi + 1) <= 4 and size(lo, hi + 1) <= MAX_CONTEXT_WORDS:
                hi, grown = hi + 1, True
            if lo > 0 and size(lo - 1, lo - 1) <= 4 and size(lo - 1, hi) <= MAX_CONTEXT_WORDS:
                lo, grown = lo - 1, True
        while hi + 1 < n and size(lo, hi + 1) <= MAX_CONTEXT_WORDS and _COMPARISON.match(text, segs[hi + 1][0]):
            hi += 1  # "..., better than AmoebaNet-B"
        while size(lo, hi) < 12:
            if hi + 1 < n and size(lo, hi + 1) <= MAX_CONTEXT_WORDS:
                hi += 1  # what a number measures usually follows it: "2.49x, and 2.32x reductions on latency"
            elif lo > 0 and size(lo - 1, hi) <= MAX_CONTEXT_WORDS:
                lo -= 1
            else:
                break
        a, b = segs[lo][0], segs[hi][1]
        if size(lo, hi) > MAX_CONTEXT_WORDS:  # one long clause: the words around the value
            a = max(a, _nth_space(text, v, -(MAX_CONTEXT_WORDS // 2), a) + 1)
            if text.count(" ", a, b) < MAX_CONTEXT_WORDS:  # the clause ends soon after the value
                a = _nth_space(text, b, -MAX_CONTEXT_WORDS, segs[lo][0]) + 1
            b = _nth_space(text, a, MAX_CONTEXT_WORDS, b)
            while b > v:  # "... across 4" -> "..."
                last = text.rfind(" ", v, b)
                word = text[last + 1 : b].lower().strip(",;:")
                if last < 0 or not (word[:1].isdigit() or word in _DANGLING):
                    break
                b = last
        return text[a:b].strip(" ,;:—–")


def _nth_space(text: str, at: int, n: int, limit: int) -> int:
    """The offset of the ``n``-th space after ``at`` (before it when ``n`` < 0), not past ``limit``."""
    for _ in range(abs(n)):
        nxt = text.find(" ", at + 1, limit) if n > 0 else text.rfind(" ", limit, at)
        if nxt < 0:
            return limit if n > 0 else limit - 1
        at = nxt
    return at


def _numbers(abstract: str, spans: list[Span], quantities: list, results: list[int]):
    """Key numbers (value, context), and how many % or × quantities each sentence holds."""
    found, seen, counts = [], set(), [0] * len(spans)
    for kind, start, end, i in quantities:
        if end > spans[i][1]:
            continue
        if kind == "dec" and (not results[i] or abstract[abstract.rfind(" ", 0, start - 1) + 1 : start][:1].isupper()):
            continue  # a bare decimal counts in a results sentence, not after a name ("Llama 3.1")
        value = abstract[start:end].rstrip()
        if kind in ("pct", "mul"):
            counts[i] += 1
        score = _KIND_SCORE[kind] + (2 if results[i] else 0)
        if value not in seen and score > 1:
            seen.add(value)
            found.append((-score, start, i, value))
    found.sort()
    chosen: list[tuple[int, int, str]] = []
    per_sentence = [0] * len(spans)
    for allowed in (1, 2, 3, MAX_KEY_NUMBERS):  # variety first: one value per sentence, a second, a third, the rest
        for _, start, i, value in found:
            if len(chosen) < MAX_KEY_NUMBERS and per_sentence[i] < allowed and (start, i, value) not in chosen:
                per_sentence[i] += 1
                chosen.append((start, i, value))
    clauses: dict[int, _Clauses | str] = {}
    numbers = []
    for start, i, value in sorted(chosen):
        if i not in clauses:
            a, b = spans[i]
            sentence = abstract[a:b].rstrip(".")
            clauses[i] = sentence.strip() if sentence.count(" ") < MAX_CONTEXT_WORDS else _Clauses(sentence)
        c = clauses[i]
        context = c if isinstance(c, str) else c.around(start - spans[i][0])
        numbers.append(KeyNumber(value, _without_lead(context, value)))
    return numbers, counts


def _without_lead(context: str, value: str) -> str:
    """``context`` without a lead-in naming what it does not say, when the value comes after it:
    "Using this extension, we outperform ... by 0.2 PPL" -> "we outperform ... by 0.2 PPL"."""
    comma = context.find(", ")
    if comma < 0 or not _DANGLING_REF.search(context, 0, comma) or context.find(value) < comma:
        return context
    rest = context[comma + 2 :]
    return rest if _words(rest) >= 6 and not _DANGLING_REF.match(rest) else context


# --- entry point -------------------------------------------------------------


def _opens_sentence(at: int, starts: list[int], after: int) -> bool:
    """Whether offset ``at`` starts a sentence that comes after sentence ``after``."""
    i = bisect_right(starts, at) - 1
    return at >= 0 and i > after and starts[i] == at


def summarize(title: str, abstract: str | None) -> Summary:
    """The extractive summary of one paper (``abstract`` already cleaned)."""
    title = " ".join(title.split())
    method = method_name(title)
    if not abstract or not abstract.strip():
        return Summary(tldr=_limit(title), key_points=(), key_numbers=(), origin=dict(ORIGIN))
    spans = sentence_spans(abstract)
    starts = [a for a, _ in spans]
    sentences = [abstract[a:b] for a, b in spans]
    lower = abstract.lower()
    if len(lower) != len(abstract):  # a letter whose lowercase is longer ("İ"): keep offsets aligned
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in abstract)
    scores, quantities = _scan(abstract, starts)
    numbers, counts = _numbers(abstract, spans, quantities, scores["Results"])
    if method and method not in abstract:  # "LAYOUTDREAMER" in the title, "LayoutDreamer" in the text
        at = lower.find(method.lower())
        if at >= 0 and len(method.lower()) == len(method) and not abstract[at : at + len(method)].islower():
            method = abstract[at : at + len(method)]
    contribution = _contribution(abstract, lower, spans, starts, method)
    after = contribution.index if contribution else -1
    results = [n.context for n in numbers if _opens_sentence(abstract.find(n.context), starts, after)]
    tldr = _tldr(title, sentences, contribution, method, results)
    points = _key_points(sentences, scores, contribution.index if contribution else None, counts)
    return Summary(tldr=tldr, key_points=points, key_numbers=tuple(numbers), origin=dict(ORIGIN))

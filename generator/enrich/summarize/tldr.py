"""The TL;DR: the contribution rewritten to read on its own (method as subject, no first person, nothing it refers to but does not say), with the headline result when it fits."""

from __future__ import annotations

import re

from generator.enrich.summarize.contribution import (
    LEAD_IN,
    NAMING,
    NAMING_WORDS,
    PRIMARY,
    TIER,
    Contribution,
    find_word,
    third_person,
)
from generator.enrich.summarize.method import namelike
from generator.enrich.summarize.readable import PUNCTUATION, repair, unfollowable
from generator.enrich.summarize.sentences import DANGLING, DETERMINER, MAX_TLDR_WORDS, word_count, word_set

_NAME = re.compile(
    r"[\"“'][^\"”']{1,60}[\"”'](?:\s*\([^()]{1,40}\))?"
    r"|[^\s,;:]+(?:\s+(?:(?:and|for|of|with|the|in|on|via|to)\s+)?(?:[A-Z0-9(][^\s,;:]*))*"
)
_SEPARATOR = re.compile(r"(?:,\s+which\s+(?:is|are)\s+|,\s+|\s+--?\s+|\s+[—–]\s+|:\s+|\s+as\s+)(?=(?:a|an|the|one)\s)")
_CONNECTORS = ("the", "namely", "called", "named", "dubbed", "termed", "coined", "denoted as", "referred to as", "we call")
_CUT_STRONG = re.compile(r"[,;:]\s|\s[—–(]\s?|\s--?\s")
_CUT_WEAK = re.compile(r"\s(?=(?:which|that|where|while|whereas|by|through|via|using|with|to|for|and|in|on)\s)")
_SECOND_WE = re.compile(r",?\s+(?:and|while|where)\s+we\s|[,;]\s+we\s")
_WORD = re.compile(r"\S+")


def _cap(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text[:1].upper() + text[1:] if first.isalpha() and first.islower() else text


def limit_words(text: str, limit: int = MAX_TLDR_WORDS) -> str:
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
        while len(words) > 3 and words[-1].lower().strip(",;:") in DANGLING:
            words.pop()
        text = " ".join(words).rstrip(".;:, -—–")
    return text if text.endswith(("?", "!")) else text + "."


def _be(name: str) -> str:
    return "are" if " and " in name else "is"


def _named(obj: str) -> str | None:
    """'a novel mechanism called Shadow Batch Normalization (SBN) to ...' -> 'Shadow ... (SBN) is a novel mechanism to ...'."""
    if not any(w in obj[:160] for w in NAMING_WORDS) or not DETERMINER.match(obj):
        return None
    m = NAMING.search(obj, 0, 160)
    name_m = _NAME.match(obj, m.end()) if m else None
    if not name_m:
        return None
    name = name_m.group().replace('"', "").replace("“", "").replace("”", "")
    end = name_m.end()
    if name == name_m.group() and name[:1].islower() and not namelike(name.split()[0]):
        comma = obj.find(",", m.end())  # "termed dual propagation, in which"
        end = comma if 0 < comma - m.end() < 60 else len(obj)
        name = obj[m.end() : end]
    if not name or word_count(name) > 8 or name.split()[0].lower() in ("this", "it", "we", "the", "our", "a", "an"):
        return None
    rest = obj[end:].lstrip(", ")
    return f"{name} {_be(name)} {obj[: m.start()]}{' ' + rest if rest else ''}"


def _describe(obj: str, method: str | None, proposed: bool) -> str | None:
    """'X, a fast Y that ...' -> 'X is a fast Y that ...', or None when no name leads."""
    if method and proposed:
        at = find_word(obj, method, 200)
        # "ByteTransformer, a ..." / "Long Name (SAM 2), a ..." / "WaveMix as an ..." / "Flover -- a ..."
        lead = len(method) if at == 0 else -1
        if at > 0 and not DETERMINER.match(obj) and obj[at - 1] == "(" and "," not in obj[:at]:
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
        if at > 0 and DETERMINER.match(obj) and obj[at - 1] != "(":
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
        if tokens and len(tokens) <= 6 and (tokens[0][:1].isupper() or namelike(tokens[0])) and "," not in head:
            return f"{_cap(head)} {_be(head)} {obj[sep.end():]}"
    return None


_CONNECTIVE = re.compile(  # a sentence's lead only: "... in Italy, and" keeps its "Italy"
    r"\A(?:Furthermore|Moreover|Additionally|In particular|In addition|Overall|Specifically|As a result|Consequently"
    r"|[A-Z][a-z]+ly),\s+"
)
_LOWER_LEADS = word_set(
    "the in on at with across for by using compared experiments extensive results evaluations evaluation "
    "when under a an as from its while on compared experimental empirical"
)


_SUBJECT_LEAD = re.compile(r"(?:(?:the|our)\s+(?:proposed\s+|final\s+|fastest\s+|best\s+)?)", re.I)


_PREPOSITIONS = word_set("with With by By for For on On in In at At under Under using Using via Via from From")
_SUBORDINATORS = word_set("despite although though while whereas because since if when unlike")


def _unknown_subject(result: str, known: str) -> bool:
    """Whether ``result`` is about a name ``known`` (the TL;DR and title) does not hold: "The
    proposed RCFG leads to ..." after a TL;DR that never says what RCFG is. A name counts as known
    when it, or its part before a hyphen ("RT-DETR" of "RT-DETR-R50"), is there."""
    lead = _SUBJECT_LEAD.match(result)
    token = result[lead.end() if lead else 0 :].split(" ", 1)[0].strip(",;:()")
    if not (namelike(token) or lead and token[:1].isupper()):  # "Our Stream Batch achieves": a name too
        return False
    parts = token.split("-")
    prefixes = ("-".join(parts[:i]) for i in range(1, len(parts) + 1))
    return not any(len(k) >= 3 and find_word(known, k) >= 0 for k in prefixes)


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
        if _CONNECTIVE.sub("", c, count=1).split(" ", 1)[0] in _PREPOSITIONS and ", " not in c[c.find(" "):]:
            continue  # "Notably, with 0.1% pretraining data": the clause saying what it gave was cut off
        fixed = repair(c) or ""
        if word_count(fixed) < word_count(c) - 4:  # a clause was cut off: what is left may not say the result
            continue
        if fixed.count("(") == fixed.count(")") and not _unknown_subject(fixed, known):
            return _cap(fixed)
    return None


def make_tldr(title: str, sentences: list[str], found: Contribution | None, method: str | None,
          results: tuple[str, ...] | list[str] = ()) -> str:
    """The TL;DR, repaired (``_repair``), with the headline result (``results``: key numbers' clauses
    after the contribution) when it fits in ``MAX_TLDR_WORDS``."""
    text = _first_tldr(title, sentences, found, method)
    fixed = repair(text.rstrip("."))
    if fixed is None or word_count(fixed) < 3 or fixed.rstrip(".") == title.rstrip("."):
        fixed = _fallback(title, sentences, method)
    if method and fixed.endswith(f"({method})"):  # "Integrates ... blocks (Mamba)" -> "Mamba integrates ... blocks"
        first = fixed.split(" ", 1)[0]
        primary = TIER.get(first.lower(), ("", 0))[1] >= 3  # "Introduces X (2BP)" stays
        if not fixed.startswith(method) and first.endswith("s") and first[1:].islower() and not primary:
            fixed = fixed[: -len(method) - 2].rstrip()
            fixed = f"{method} {fixed[:1].lower()}{fixed[1:]}"
    text = limit_words(_cap(fixed))
    result = _headline(list(results), f"{text} {title}")
    if result and word_count(text) + word_count(result) > MAX_TLDR_WORDS:
        cut = result.find(", and ")  # "... linear scaling in sequence length, and its performance ..."
        result = result[:cut] if cut > 0 and word_count(result[:cut]) >= 6 else None
    if result and result.rstrip(".") not in text and word_count(text) + word_count(result) <= MAX_TLDR_WORDS:
        result = _CONNECTIVE.sub("", result.rstrip("."), count=1)
        first = result.split(" ", 1)[0]
        # "; models trained on ...", but "; Mamba enjoys ..." after "Mamba integrates ...": a word the TL;DR holds is a name
        plain = first.replace("-", "").isalpha() and find_word(text, first) < 0
        if first[1:].islower() and (first.lower() in _LOWER_LEADS or plain):
            result = result[:1].lower() + result[1:]
        text = f"{text.rstrip('.')}; {result}."  # one sentence, the claim then its result
    return text


def _fallback(title: str, sentences: list[str], method: str | None) -> str:
    """When no contribution sentence reads on its own: the first sentence naming the method, else the
    first that shares most words with the title, repaired; the title as a last resort."""
    words = {w for w in title.lower().translate(PUNCTUATION).split() if len(w) >= 4}
    named = [i for i, s in enumerate(sentences) if method and find_word(s, method) >= 0]
    shared = [len(words.intersection(s.lower().translate(PUNCTUATION).split())) for s in sentences]
    rest = sorted((i for i in range(len(sentences)) if i not in named), key=lambda i: (-shared[i], i))
    for i in named + rest:
        if unfollowable(sentences[i]):
            continue
        fixed = _CONNECTIVE.sub("", LEAD_IN.sub("", sentences[i].rstrip("."), count=1), count=1)
        if word_count(fixed) >= 8:
            if method and find_word(fixed, method) < 0:
                fixed = f"{method}: {fixed}"
            return fixed
    return title


def _first_tldr(title: str, sentences: list[str], found: Contribution | None, method: str | None) -> str:
    if found is None:
        starts = [s for s in sentences if method and s.startswith(method + " ")]
        return limit_words(starts[0] if starts else title)
    obj = found.obj
    if " we " in obj and (second := _SECOND_WE.search(obj)) and obj.count(" ", 0, second.start()) >= 5:
        obj = obj[: second.start()]  # "..., and we show that ...": one claim is enough
    proposed = TIER.get(found.verb.split(",")[0].split()[0], ("", 0))[1] >= 2
    body = _describe(obj, method, proposed)
    if body is None and method and proposed and find_word(obj, method) < 0 and obj.startswith(("a ", "an ")):
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
        elif (named := _NAMED_IS.match(body)) and (word_count(named.group(1)) == 1 or _expands(named.group(1), method)):
            # "PC-DARTS (Partially-Connected DARTS) is", "Tutel (Flex) is": one thing under two names
            body = f"{method} ({named.group(1)}) {body[named.end(1) + 1 :]}"
        elif found.verb.split()[0] in PRIMARY | {third_person(v) for v in PRIMARY} and NAMING.search(found.obj):
            # "MixPath proposes a novel mechanism called Shadow Batch Normalization (SBN) to ...", not
            # "MixPath: Shadow Batch Normalization (SBN) is ...", which makes the two one thing
            body = f"{method} {found.verb} {found.obj}"
        else:
            body = f"{method}: {body}"
    return limit_words(_cap(body))


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

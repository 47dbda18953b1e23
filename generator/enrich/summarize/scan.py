"""Cue words and quantities of an abstract, found in one pass (each starts after a space: a literal the engine jumps to)."""

from __future__ import annotations

import re

from generator.enrich.trie import trie_pattern

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


def scan_abstract(abstract: str, starts: list[int]):
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

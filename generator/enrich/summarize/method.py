"""The method a title names ("Mamba: ..." -> Mamba), when it names one."""

from __future__ import annotations

from generator.enrich.summarize.sentences import word_set

_GENERIC_LEADS = word_set(
    """survey review introduction tutorial position overview perspective perspectives towards toward
    beyond report note notes opinion lessons insights challenges reflections retrospective vision
    roadmap case study pitfalls primer editorial commentary keynote abstract preface appendix
    benchmark dataset method methods model models background conclusion conclusions"""
)
_GENERIC_ACRONYMS = word_set("AI ML DL RL NLP CV LLM LLMS GPU GPUS CPU TPU NAS CNN DNN RNN GNN VIT MOE")


def namelike(token: str) -> bool:
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
        if namelike(token):
            return token
        plain = token[:1].isupper() and token.isalpha()
        if plain and word not in _GENERIC_LEADS and not word.endswith("ing"):
            return token  # "Pathways", "Jamba", "Tutel"
        return None
    if len(tokens) == 2 and all(t[:1].isupper() or t[:1].isdigit() for t in tokens):
        if any(namelike(t) for t in tokens) and not tokens[0].lower().endswith("ing"):
            return head.strip()  # "SAM 2", "ShuffleNet V2", "SambaNova SN40L"
    first = tokens[0]
    letters = [c for c in first if c.isalpha()]
    mixed = any(c.isdigit() for c in first) or any(c.isupper() for c in first[1:])
    if len(tokens) <= 4 and mixed and not all(c.isupper() for c in letters):
        return first  # "QuantNAS for super resolution"
    return None

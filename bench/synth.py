"""Realistic synthetic Daily Papers dumps, recombined from the seed dumps.

Titles are seed title fragments recombined around a made-up method name;
abstracts are seed sentences, mostly from one seed abstract (so related
papers cluster as they do in real listings) with a few from elsewhere.
Metadata is random; the three page layouts of the seeds are mixed with
answers of the Hugging Face papers API (about half the dumps: one listing
day each, with author names from a skewed pool, arXiv ids, organisations,
code links and stars, so the browsing pages are exercised), and some
papers are listed in two dumps, as a daily list and a search page would.
Everything is drawn from one seeded RNG: the same arguments give the same
bytes.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from generator.ingest.parse import parse_dump
from generator.ingest.shapes import is_abstract, kind_of
from generator.models import Entry

SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
CONNECTIVES = (" for ", " with ", " via ", " in ", " through ", " of ", " on ")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SYLLABLES = ("ar", "be", "co", "da", "el", "fi", "go", "hy", "ix", "jo", "ka", "lu", "mo", "ne",
             "or", "pi", "qu", "ra", "si", "to", "ur", "vi", "wa", "xe", "yo", "ze")
LAYOUTS = ("compact", "daily", "search")  # 000_*, 001_/002_*, 003_* of data/raw
DUPLICATE_SHARE = 0.06  # papers listed in a second dump too
PER_DUMP = (80, 220)
API_SHARE = 0.5  # dumps that are an API answer (JSON) rather than a pasted page
AUTHORS_PER_PAPER = (1, 12)
AUTHOR_POOL = 3  # distinct names per paper of the corpus; drawn with a skew, so some authors write many
FIRST_DAY = date(2024, 1, 1)  # API dumps list one day each, consecutive weekdays from here


@dataclass(frozen=True)
class SynthPaper:
    title: str
    abstract: str
    authors: int | None
    org: str | None  # "id Name" as a listing shows it
    date: str
    upvotes: int | None
    author_names: tuple[str, ...] = ()
    arxiv_id: str = ""
    github_stars: int | None = None  # None: no code


@dataclass(frozen=True)
class Seeds:
    """What the generator draws from: fragments of the real dumps."""

    names: tuple[str, ...]  # "Mamba", "KUIELab-MDX-Net"
    heads: tuple[str, ...]  # "Linear-Time Sequence Modeling"
    tails: tuple[str, ...]  # "Selective State Spaces"
    abstracts: tuple[tuple[str, ...], ...]  # sentences of each seed abstract
    orgs: tuple[str, ...]


def load_seeds(raw_dir: Path) -> Seeds:
    entries: list[Entry] = []
    for path in sorted(raw_dir.glob("*.txt")):
        found, _ = parse_dump(path.read_bytes(), path.name)
        entries.extend(found)
    names, heads, tails, abstracts, orgs = set(), set(), set(), [], set()
    for e in entries:
        name, sep, rest = e.title.partition(": ")
        if sep and len(name) <= 30:
            names.add(name)
        else:
            rest = e.title
        for conn in CONNECTIVES:
            head, found, tail = rest.partition(conn)
            if found:
                heads.add(head.strip())
                tails.add(tail.strip())
                break
        else:
            heads.add(rest.strip())
        if e.abstract:
            abstracts.append(tuple(s for s in SENTENCE_RE.split(e.abstract) if s))
        if e.org:
            orgs.add(f"{e.org.id} {e.org.name}")
    return Seeds(tuple(sorted(names)), tuple(sorted(heads)), tuple(sorted(tails)),
                 tuple(abstracts), tuple(sorted(orgs)))


def _name(rng: random.Random, seeds: Seeds) -> str:
    base = rng.choice(seeds.names).split("-")[0].split(" ")[0]
    made = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))).capitalize()
    return rng.choice((f"{base}-{made}", f"{made}{base}", f"{made}-{rng.randint(2, 99)}"))


def _title(rng: random.Random, seeds: Seeds) -> str:
    head = rng.choice(seeds.heads)
    body = head + rng.choice(CONNECTIVES) + rng.choice(seeds.tails) if rng.random() < 0.7 else head
    return f"{_name(rng, seeds)}: {body}" if rng.random() < 0.8 else f"{body} with {_name(rng, seeds)}"


def _abstract(rng: random.Random, seeds: Seeds) -> str:
    base = rng.choice(seeds.abstracts)
    n = len(rng.choice(seeds.abstracts))
    sentences = [base[0]]
    while len(sentences) < n:
        src = base if rng.random() < 0.6 else rng.choice(seeds.abstracts)
        sentences.append(rng.choice(src))
    return " ".join(sentences)


def _date(rng: random.Random) -> str:
    day = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"
    return f"{day}, {rng.randint(2018, 2025)}" if rng.random() < 0.7 else day


def _safe_title(title: str) -> bool:
    return not (is_abstract(title) or kind_of(title) != "text" or title.startswith("Subscribe") or len(title) > 200)


def _person(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))).capitalize()

    return f"{word()} {word()}"


def papers(n: int, seeds: Seeds, rng: random.Random) -> list[SynthPaper]:
    """``n`` papers with unique titles."""
    seen: set[str] = set()
    out: list[SynthPaper] = []
    pool = [_person(rng) for _ in range(AUTHOR_POOL * n)]
    weights = list(itertools.accumulate(1 / (rank + 20) for rank in range(len(pool))))  # a few prolific authors
    while len(out) < n:
        title = _title(rng, seeds)
        key = re.sub(r"\W+", "", title.casefold())
        if key in seen or not _safe_title(title):
            continue
        seen.add(key)
        abstract = _abstract(rng, seeds)
        while len(abstract) < 320:
            abstract += " " + rng.choice(rng.choice(seeds.abstracts))
        out.append(SynthPaper(
            title=title,
            abstract=abstract,
            authors=rng.choice((None, rng.randint(1, 30))),
            org=rng.choice(seeds.orgs) if seeds.orgs and rng.random() < 0.1 else None,
            date=_date(rng),
            upvotes=rng.randint(1, 300) if rng.random() < 0.6 else None,
            author_names=tuple(dict.fromkeys(rng.choices(pool, cum_weights=weights, k=rng.randint(*AUTHORS_PER_PAPER)))),
            arxiv_id=f"{rng.randint(2001, 2512)}.{len(out):05d}",
            github_stars=rng.randint(0, 5000) if rng.random() < 0.4 else None,
        ))
    return out


def render_api(day: date, listed: Sequence[SynthPaper], rng: random.Random) -> str:
    """A ``/api/daily_papers?date=`` answer listing ``listed`` on ``day``."""
    items = []
    for p in listed:
        org_id, _, org_name = (p.org or "").partition(" ")
        paper = {
            "id": p.arxiv_id,
            "authors": [{"_id": f"{i:024x}", "name": name, "hidden": False} for i, name in enumerate(p.author_names)],
            "publishedAt": f"{(day - timedelta(days=rng.randint(1, 9))).isoformat()}T17:59:59.000Z",
            "submittedOnDailyAt": f"{day.isoformat()}T00:00:00.000Z",
            "title": p.title,
            "summary": p.abstract,
            "upvotes": p.upvotes or 0,
        }
        if p.github_stars is not None:
            paper["githubRepo"] = f"https://github.com/{p.author_names[0].split()[-1].lower()}/{p.arxiv_id}"
            paper["githubStars"] = p.github_stars
        if p.org:
            paper["organization"] = {"name": org_id, "fullname": org_name or org_id}
        items.append({"paper": paper, "publishedAt": f"{day.isoformat()}T06:00:00.000Z", "title": p.title,
                      "numComments": rng.randint(0, 9), "submittedBy": {"fullname": p.author_names[0]}})
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


def render_dump(layout: str, listed: Sequence[SynthPaper], rng: random.Random) -> str:
    """A dump's text as a browser copy of one page of ``layout`` gives it."""
    if layout == "compact":
        lines = ["Get trending papers in your email inbox once a day!", "Get trending papers in your email inbox!"]
        for i, p in enumerate(listed):
            lines.append(("Subscribe" if i == 0 else "") + p.title)
            lines.append(p.abstract)
        return "\n".join(lines) + "\n"
    lines = ["new", "Get trending papers in your email inbox!", "Subscribe"]
    if layout == "daily" or rng.random() < 0.5:
        lines.append("Daily Papers")
    lines += ["byAK and the research community", f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"]
    for p in listed:
        lines += [p.title, p.abstract]
        if layout == "search" and rng.random() < 0.9:
            if p.authors is not None:
                lines.append(f"  • {p.authors} authors")
            if p.org:
                lines.append(p.org)
            lines.append("·")
            lines.append(p.date + (f" {p.upvotes}" if p.upvotes is not None else ""))
    return "\n\n".join(lines) + "\n"


def dumps(n: int, seeds: Seeds, seed: int = 0) -> Iterator[tuple[str, str]]:
    """(file name, text) of dumps listing ``n`` unique papers in all."""
    rng = random.Random(seed)
    corpus = papers(n, seeds, rng)
    listings = list(corpus) + rng.sample(corpus, int(n * DUPLICATE_SHARE))
    rng.shuffle(listings)
    i = k = 0
    day = FIRST_DAY
    while i < len(listings):
        size = rng.randint(*PER_DUMP)
        chunk, i = listings[i : i + size], i + size
        # A paper listed twice in one page is not realistic: move the repeat on.
        unique = list({id(p): p for p in chunk}.values())
        if rng.random() < API_SHARE:
            yield f"{k:05d}_synth_api.json", render_api(day, unique, rng)
            day += timedelta(days=3 if day.weekday() == 4 else 1)  # Daily Papers skips weekends
        else:
            layout = rng.choice(LAYOUTS)
            # A text dump shows no author names nor arXiv id: what the text parser reads.
            shown = [replace(p, author_names=(), arxiv_id="", github_stars=None) for p in unique]
            yield f"{k:05d}_synth_{layout}.txt", render_dump(layout, shown, rng)
        k += 1


def write_dumps(raw_dir: Path, n: int, seeds: Seeds, seed: int = 0) -> int:
    raw_dir.mkdir(parents=True, exist_ok=True)
    for old in [*raw_dir.glob("*.txt"), *raw_dir.glob("*.json")]:
        old.unlink()
    count = 0
    for name, text in dumps(n, seeds, seed):
        (raw_dir / name).write_text(text, encoding="utf-8")
        count += 1
    return count


def new_day(n: int, seeds: Seeds, run: int, day: date) -> tuple[str, str]:
    """(file name, text) of one more day's API dump: ``n`` papers a corpus of ``dumps`` does not hold
    (arXiv ids of their own; a title drawn twice would merge, as a real repeat does)."""
    rng = random.Random(f"new-day-{run}")
    fresh = [replace(p, arxiv_id=f"2699.{run:02d}{i:03d}") for i, p in enumerate(papers(n, seeds, rng))]
    return f"99{run:03d}_new_day_api.json", render_api(day, fresh, rng)

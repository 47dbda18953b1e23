"""``python -m generator fetch``: one day, week or month of Daily Papers from the Hugging Face API.

The answer is written as it came (pages joined into one list) to
``data/raw/hf-<period>.json``, atomically, and only once it reads as a dump
``ingest`` accepts. ``--arxiv`` fills the authors and dates that a listing
lacks from the arXiv API, as arXiv's terms ask: ids in batches, one request
every 3 seconds, every answer cached under ``data/cache/arxiv/``.

Network I/O lives here; files are read and written through ``store``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from generator.errors import AtlasError, Problem
from generator.ingest.hfjson import parse_json_dump
from generator.models import ARXIV_ID_RE
from generator.storage import files

HF_API = "https://huggingface.co/api"
ARXIV_API = "https://export.arxiv.org/api/query"
USER_AGENT = "PaperAtlas/1.0 (Paper Atlas static site generator; https://github.com/paper-atlas/paper-atlas)"
PAGE = 100  # listings per request (the API's `limit`)
MAX_PAGES = 50  # a month of Daily Papers is ~1,000 listings: this is a runaway guard
ARXIV_BATCH = 50  # ids per arXiv request
RETRY_STATUS = (429, 500, 502, 503, 504)
ATOM = {"a": "http://www.w3.org/2005/Atom"}
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Http:
    """How to talk to a server: ``backoff`` seconds, doubled each retry (tests pass a tiny one)."""

    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0


def period(kind: str, value: str) -> str:
    """``value`` checked for the API's ``date``/``week``/``month`` parameter; ValueError says why."""
    if kind == "date":
        date.fromisoformat(value)  # 2026-12-04
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"{value!r} is not YYYY-MM-DD")
    elif kind == "week":
        m = WEEK_RE.match(value)
        if not m or not 1 <= int(m[2]) <= 53:
            raise ValueError(f"{value!r} is not an ISO week YYYY-Www (W01-W53)")
    elif kind == "month":
        m = MONTH_RE.match(value)
        if not m or not 1 <= int(m[2]) <= 12:
            raise ValueError(f"{value!r} is not YYYY-MM")
    else:
        raise ValueError(f"unknown period kind {kind!r}")
    return value


def session(http: Http) -> requests.Session:
    """A session that retries GETs on a timeout, a lost connection, 429 and 5xx, backing off."""
    retry = Retry(
        total=http.retries, connect=http.retries, read=http.retries, status=http.retries,
        backoff_factor=http.backoff, status_forcelist=RETRY_STATUS, allowed_methods=("GET",),
        raise_on_status=False,  # the last answer is returned: its status makes the error message
    )
    s = requests.Session()
    s.headers["User-Agent"] = USER_AGENT
    s.mount("http://", HTTPAdapter(max_retries=retry))
    s.mount("https://", HTTPAdapter(max_retries=retry))
    return s


def _why(exc: requests.RequestException) -> str:
    text = str(exc)
    if isinstance(exc, requests.Timeout) or "timed out" in text.lower():
        return "timed out"
    if isinstance(exc, requests.ConnectionError):
        return "cannot connect" if "refused" in text.lower() or "resolve" in text.lower() else "connection failed"
    return type(exc).__name__


def get(s: requests.Session, url: str, params: dict[str, Any], http: Http) -> requests.Response:
    """The answer to one GET, or an AtlasError of one line naming the URL."""
    try:
        response = s.get(url, params=params, timeout=http.timeout)
    except requests.RequestException as exc:
        attempts = http.retries + 1
        raise AtlasError(Problem(url, None, f"{_why(exc)} ({attempts} attempts, {http.timeout:g} s each)")) from None
    if response.status_code != 200:
        raise AtlasError(Problem(response.url, None, f"HTTP {response.status_code} {response.reason}".strip()))
    return response


def daily_papers(s: requests.Session, api: str, kind: str, value: str, http: Http) -> list[Any]:
    """Every listing of the period, page after page."""
    url = f"{api.rstrip('/')}/daily_papers"
    items: list[Any] = []
    for page in range(MAX_PAGES):
        response = get(s, url, {kind: value, "limit": PAGE, "p": page}, http)
        try:
            got = response.json()
        except ValueError:
            raise AtlasError(Problem(response.url, None, "the answer is not JSON")) from None
        if not isinstance(got, list):
            raise AtlasError(Problem(response.url, None, f"expected a list of listings, not {type(got).__name__}"))
        items += got
        if len(got) < PAGE:
            break
    return items


# ------------------------------------------------------------------ arXiv


def arxiv_entries(xml: bytes) -> dict[str, dict[str, Any]]:
    """arXiv id (no version) -> {"authors": [...], "published": ISO} of an arXiv API answer (Atom)."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise AtlasError(Problem("arXiv API", None, f"the answer is not XML: {exc}")) from None
    found: dict[str, dict[str, Any]] = {}
    for entry in root.findall("a:entry", ATOM):
        link = (entry.findtext("a:id", "", ATOM) or "").strip()
        m = re.search(r"/abs/(.+?)(?:v\d+)?$", link)
        if not m:
            continue
        names = [" ".join((a.findtext("a:name", "", ATOM) or "").split()) for a in entry.findall("a:author", ATOM)]
        found[m[1]] = {"authors": [n for n in names if n], "published": (entry.findtext("a:published", "", ATOM) or "").strip()}
    return found


def _lacking(items: list[Any]) -> Iterator[dict[str, Any]]:
    """The paper objects that have an arXiv id but no authors or no arXiv date."""
    for item in items:
        paper = item.get("paper", item) if isinstance(item, dict) else None
        if not isinstance(paper, dict) or not isinstance(paper.get("id"), str) or not ARXIV_ID_RE.fullmatch(paper["id"]):
            continue
        if not paper.get("authors") or not paper.get("publishedAt"):
            yield paper


def _cache_path(cache: Path, arxiv_id: str) -> Path:
    return cache / "arxiv" / (arxiv_id.replace("/", "_") + ".json")


def fill_from_arxiv(
    items: list[Any], s: requests.Session, url: str, http: Http, cache: Path, delay: float = 3.0,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Fill authors and ``publishedAt`` of the listings that lack them; how many papers were filled.

    Each filled paper says so in ``paperAtlasFilledFromArxiv`` (ignored by ingest, kept for the record).
    """
    papers = list(_lacking(items))
    known: dict[str, dict[str, Any]] = {}
    for p in papers:
        cached = _cache_path(cache, p["id"])
        if cached.exists():
            known[p["id"]] = json.loads(files.read_bytes(cached))
    wanted = sorted({p["id"] for p in papers} - set(known))
    for n, start in enumerate(range(0, len(wanted), ARXIV_BATCH)):
        if n:
            sleep(delay)  # arXiv asks for one request every 3 seconds
        batch = wanted[start : start + ARXIV_BATCH]
        answer = get(s, url, {"id_list": ",".join(batch), "max_results": len(batch)}, http)
        for arxiv_id, record in arxiv_entries(answer.content).items():
            if arxiv_id in batch:
                known[arxiv_id] = record
                files.write_atomic(_cache_path(cache, arxiv_id), json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    filled = 0
    for p in papers:
        record = known.get(p["id"])
        if not record:
            continue
        what = []
        if not p.get("authors") and record.get("authors"):
            p["authors"] = [{"name": name, "hidden": False} for name in record["authors"]]
            what.append("authors")
        if not p.get("publishedAt") and record.get("published"):
            p["publishedAt"] = record["published"]
            what.append("publishedAt")
        if what:
            p["paperAtlasFilledFromArxiv"] = what
            filled += 1
    return filled


# ------------------------------------------------------------------ the command


@dataclass(frozen=True)
class Fetched:
    path: Path
    listings: int
    filled: int


def fetch(
    kind: str, value: str, out_dir: Path, *, api: str = HF_API, http: Http = Http(),
    arxiv: bool = False, arxiv_url: str = ARXIV_API, arxiv_delay: float = 3.0, cache: Path = Path("data/cache"),
) -> Fetched:
    """Fetch one period and write ``out_dir/hf-<period>.json``; nothing is written on any error."""
    value = period(kind, value)
    with session(http) as s:
        items = daily_papers(s, api, kind, value, http)
        if not items:
            raise AtlasError(Problem(f"{api.rstrip('/')}/daily_papers", None, f"no papers listed for {kind} {value}"))
        filled = fill_from_arxiv(items, s, arxiv_url, http, cache, arxiv_delay) if arxiv else 0
    text = json.dumps(items, ensure_ascii=False, indent=1) + "\n"
    path = out_dir / f"hf-{value}.json"
    parse_json_dump(text.encode("utf-8"), str(path))  # what ingest would refuse is never written
    files.write_atomic(path, text)
    return Fetched(path, len(items), filled)

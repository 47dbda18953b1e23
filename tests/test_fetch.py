"""``python -m generator fetch`` against a real HTTP server on 127.0.0.1 serving recorded answers.

Each route plays a script: a list of what to do on each request in turn
(a status code, "slow" to answer after the client's timeout, or the
recorded body). Nothing leaves the machine; backoff and timeout are made
tiny through the command's own options, not by patching.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from generator.cli import main

API = FIXTURES / "api"
DAILY = (API / "daily-2024-10-25.json").read_bytes()
ATOM = (API / "arxiv-2410.01802.xml").read_bytes()


class Recorder(ThreadingHTTPServer):
    # Not daemon threads: closing the server waits for each request's thread. A "slow" answer
    # written after its client gave up would otherwise land in the next test, its BrokenPipe
    # traceback printed into that test's captured output (a flaky one-line-error assertion).
    daemon_threads = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.scripts: dict[str, list[object]] = {}
        self.requests: list[tuple[str, dict[str, list[str]], str]] = []

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (the "slow" step) has closed its end: expected, not printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Recorder

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        self.server.requests.append((parts.path, parse_qs(parts.query), self.headers.get("User-Agent", "")))
        script = self.server.scripts.get(parts.path, [404])
        step = script.pop(0) if len(script) > 1 else script[0]
        if step == "slow":
            time.sleep(1.0)  # the client gives up after 0.2 s
            step = 200
        if isinstance(step, int) and step != 200:
            self.send_response(step)
            self.end_headers()
            return
        body = step if isinstance(step, bytes) else DAILY
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[Recorder]:
    srv = Recorder()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


def fetch(server: Recorder, out: Path, *args: str):
    return CliRunner().invoke(main, [
        "fetch", *args, "--out", str(out), "--api-url", server.url + "/api", "--arxiv-url", server.url + "/arxiv",
        "--cache", str(out / "cache"), "--timeout", "0.2", "--retries", "2", "--backoff", "0.01", "--arxiv-delay", "0",
    ])


def test_a_day_is_written_as_the_api_gave_it(server: Recorder, tmp_path: Path):
    server.scripts["/api/daily_papers"] = [DAILY]
    result = fetch(server, tmp_path, "--date", "2024-10-25")
    assert result.exit_code == 0, result.output
    written = tmp_path / "hf-2024-10-25.json"
    assert json.loads(written.read_text(encoding="utf-8")) == json.loads(DAILY)
    ((path, query, agent),) = server.requests
    assert path == "/api/daily_papers"
    assert query == {"date": ["2024-10-25"], "limit": ["100"], "p": ["0"]}
    assert agent.startswith("PaperAtlas/")
    assert "fetched 2 listings" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["hf-2024-10-25.json"]  # no temporary left


def test_429_and_503_are_retried(server: Recorder, tmp_path: Path):
    server.scripts["/api/daily_papers"] = [429, 503, DAILY]
    result = fetch(server, tmp_path, "--week", "2024-W43")
    assert result.exit_code == 0, result.output
    assert len(server.requests) == 3
    assert server.requests[-1][1]["week"] == ["2024-W43"]
    assert (tmp_path / "hf-2024-W43.json").exists()


@pytest.mark.parametrize("script, message", [
    ([503], "HTTP 503 Service Unavailable"),
    (["slow"], "timed out (3 attempts, 0.2 s each)"),
    ([429], "HTTP 429 Too Many Requests"),
])
def test_failures_are_one_line_exit_1_and_write_nothing(server: Recorder, tmp_path: Path, script, message):
    server.scripts["/api/daily_papers"] = script
    result = fetch(server, tmp_path, "--month", "2024-10")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert len(server.requests) == 3  # the first try and two retries
    assert not list(tmp_path.glob("*.json"))


def test_no_server_is_a_one_line_error(tmp_path: Path):
    srv = Recorder()
    srv.server_close()  # nothing listens on this port any more
    result = fetch(srv, tmp_path, "--date", "2024-10-25")
    assert result.exit_code == 1
    assert "cannot connect" in result.output and "Traceback" not in result.output
    assert not list(tmp_path.glob("*.json"))


def test_an_answer_ingest_would_refuse_is_not_written(server: Recorder, tmp_path: Path):
    server.scripts["/api/daily_papers"] = [b'[{"paper": {"id": "2410.15999"}}]']
    result = fetch(server, tmp_path, "--date", "2024-10-25")
    assert result.exit_code == 1
    assert "[0].paper.title: missing title" in " ".join(result.output.split())
    assert not list(tmp_path.glob("*.json"))


def test_wrong_period_and_two_periods_are_usage_errors(tmp_path: Path):
    runner = CliRunner()
    assert runner.invoke(main, ["fetch", "--week", "2024-W60", "--out", str(tmp_path)]).exit_code == 2
    assert runner.invoke(main, ["fetch", "--month", "2024-13", "--out", str(tmp_path)]).exit_code == 2
    assert runner.invoke(main, ["fetch", "--date", "2024-10-25", "--month", "2024-10"]).exit_code == 2
    assert runner.invoke(main, ["fetch"]).exit_code == 2


def test_arxiv_fills_missing_authors_and_dates_and_caches_the_answer(server: Recorder, tmp_path: Path):
    listing = json.loads(DAILY)[:1]
    listing[0]["paper"].update(id="2410.01802", authors=[], publishedAt=None)
    server.scripts["/api/daily_papers"] = [json.dumps(listing).encode()]
    server.scripts["/arxiv"] = [ATOM]
    result = fetch(server, tmp_path, "--date", "2024-10-25", "--arxiv")
    assert result.exit_code == 0, result.output
    assert "1 filled from arXiv" in result.output
    paper = json.loads((tmp_path / "hf-2024-10-25.json").read_text(encoding="utf-8"))[0]["paper"]
    assert [a["name"] for a in paper["authors"]] == ["Astrit Tola", "Jack Myrick", "Baris Coskunuzer"]
    assert paper["publishedAt"] == "2024-10-02T17:57:38Z"
    assert paper["paperAtlasFilledFromArxiv"] == ["authors", "publishedAt"]
    arxiv_query = [q for path, q, _ in server.requests if path == "/arxiv"]
    assert arxiv_query == [{"id_list": ["2410.01802"], "max_results": ["1"]}]
    # A second fetch asks arXiv nothing: the answer is cached.
    server.requests.clear()
    server.scripts["/api/daily_papers"] = [json.dumps(listing).encode()]
    assert fetch(server, tmp_path, "--date", "2024-10-25", "--arxiv").exit_code == 0
    assert [path for path, _, _ in server.requests] == ["/api/daily_papers"]
    assert json.loads((tmp_path / "cache" / "arxiv" / "2410.01802.json").read_text())["authors"][0] == "Astrit Tola"

"""Bytes a reader's browser downloads to answer one search query.

The built site is served over HTTP from a thread and opened in Debian's
Chromium through Playwright; every response the search needs is counted
(decoded body bytes, i.e. before any gzip a real host would add):

- lunr (Material): ``search/search_index.json`` and the search worker;
- Pagefind: everything under ``pagefind/`` (entry, JS, WebAssembly, the
  index chunks and fragments the query loads) and the search page glue.

"Papers like this" (``like_query``) counts everything under ``reader/``
its query fetches, and the time the page itself measures.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
QUERY = "diffusion video"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(site: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _Quiet, port: int = 0):
    """``site`` over HTTP on 127.0.0.1 (``port``, or a free one); yields the base URL."""
    handler = functools.partial(handler_class, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _is_search(url: str) -> bool:
    return any(part in url for part in ("/search/search_index.json", "/workers/search.", "/pagefind/", "atlas-search"))


def query_bytes(site: Path, query: str = QUERY, timeout_ms: int = 120_000) -> dict[str, int]:
    """{"bytes": total, "requests": n, "results": shown} for one query on a paper page."""
    from playwright.sync_api import sync_playwright

    pagefind = (site / "pagefind" / "pagefind-entry.json").exists()
    counted: dict[str, int] = {}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()

            def on_response(response) -> None:
                if _is_search(response.url) and response.status < 400:
                    try:
                        counted[response.url] = len(response.body())
                    except Exception:  # a redirect or aborted request has no body
                        pass

            page.on("response", on_response)
            if pagefind:
                page.goto(base + "search/", wait_until="load")
                page.locator(".pagefind-ui__search-input").press_sequentially(query)
                page.wait_for_selector(".pagefind-ui__result", timeout=timeout_ms)
                results = page.locator(".pagefind-ui__result").count()
            else:
                page.goto(base + "about/", wait_until="load")
                box = page.locator("input[data-md-component=search-query]")
                box.focus()
                box.press_sequentially(query)
                page.wait_for_selector(".md-search-result__item", timeout=timeout_ms)
                results = page.locator(".md-search-result__item").count()
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    return {"bytes": sum(counted.values()), "requests": len(counted), "results": results}


def _is_reader(url: str) -> bool:
    return "/reader/" in url


def like_query(site: Path, text: str, runs: int = 3, timeout_ms: int = 120_000) -> dict[str, float]:
    """"Papers like this" for ``text`` on a cold cache (a fresh browser context each run):
    {"bytes", "requests", "results"} of the first run and "ms", the median time from the
    click to the results shown, as the page measures it (performance.now())."""
    from playwright.sync_api import sync_playwright

    times: list[float] = []
    first: dict[str, float] = {}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context()
                page = context.new_page()
                counted: dict[str, int] = {}

                def on_response(response, counted=counted) -> None:
                    if _is_reader(response.url) and response.status < 400:
                        try:
                            counted[response.url] = len(response.body())
                        except Exception:  # a redirect or aborted request has no body
                            pass

                page.on("response", on_response)
                page.goto(base + "like/", wait_until="load")
                page.locator(".pa-like textarea").fill(text)
                page.locator(".pa-like button[type=submit]").click()
                page.wait_for_selector(".pa-like[data-ms]", timeout=timeout_ms)
                times.append(float(page.locator(".pa-like").get_attribute("data-ms")))
                page.wait_for_load_state("networkidle")
                if not first:
                    first = {"bytes": sum(counted.values()), "requests": len(counted),
                             "results": page.locator(".pa-like__result").count()}
                context.close()
        finally:
            browser.close()
    return {**first, "ms": statistics.median(times)}

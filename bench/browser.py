"""Bytes a reader's browser downloads to answer one search query.

The built site is served over HTTP from a thread and opened in Debian's
Chromium through Playwright; every response the search needs is counted
(decoded body bytes, i.e. before any gzip a real host would add):

- lunr (Material): ``search/search_index.json`` and the search worker;
- Pagefind: everything under ``pagefind/`` (entry, JS, WebAssembly, the
  index chunks and fragments the query loads) and the search page glue.
"""

from __future__ import annotations

import functools
import http.server
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
def serve(site: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _Quiet):
    """``site`` over HTTP on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(handler_class, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
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

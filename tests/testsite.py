"""Generated web sites served on the loopback interface, for tests and benchmarks.

:class:`SiteServer` is a threaded HTTP/1.1 server bound to ``127.0.0.1`` on a
free port. It serves the routes it is given (HTML pages, redirects, errors,
robots.txt, binary files, slow answers) and counts the requests it receives
per path, so that a test can check that a crawler fetched nothing twice and
never asked for a page that robots.txt disallows. It never listens on any
other address.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What the server answers for one path (with its query string)."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    #: Seconds to wait before answering.
    delay: float = 0.0


def page(title: str, links: list[str], text: str = "") -> bytes:
    """A small, well-formed HTML page with the given links."""
    anchors = "\n".join(f'<li><a href="{escape(href)}">link {i}</a></li>' for i, href in enumerate(links))
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{escape(title)}</title></head>\n"
            f"<body><h1>{escape(title)}</h1><p>{escape(text)}</p><ul>\n{anchors}\n</ul></body></html>\n").encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True


class SiteServer:
    """A web site on ``http://127.0.0.1:PORT``; use it as a context manager."""

    def __init__(self, routes: dict[str, Route] | None = None):
        self.routes: dict[str, Route] = dict(routes or {})
        self.counts: Counter[str] = Counter()
        self.user_agents: Counter[str] = Counter()
        #: (monotonic time, path) of every request, in order of arrival.
        self.log: list[tuple[float, str]] = []
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle(self) -> None:
                try:
                    super().handle()
                except (ConnectionResetError, BrokenPipeError):
                    pass  # the client went away (a crawler abandoning a large or non-HTML body)

            def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
                with site._lock:
                    site.counts[self.path] += 1
                    site.user_agents[self.headers.get("User-Agent", "")] += 1
                    site.log.append((time.monotonic(), self.path))
                    site.active += 1
                    site.max_active = max(site.max_active, site.active)
                try:
                    self._answer()
                finally:
                    with site._lock:
                        site.active -= 1

            def _answer(self) -> None:
                route = site.routes.get(self.path)
                if route is None:
                    route = Route(404, b"<html><title>Not found</title><p>no such page</p>")
                if route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    if route.content_type:
                        self.send_header("Content-Type", route.content_type)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self._thread: threading.Thread | None = None

    # -- routes ---------------------------------------------------------------------
    def url(self, path: str = "/") -> str:
        return self.origin + path

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def html(self, path: str, links: list[str], title: str | None = None, **route: object) -> str:
        return self.add(path, Route(body=page(title or path, links), **route))

    def redirect(self, path: str, location: str, status: int = 301) -> str:
        return self.add(path, Route(status, b"", None, {"Location": location}))

    def robots(self, text: str) -> None:
        self.add("/robots.txt", Route(body=text.encode(), content_type="text/plain"))

    def fetches(self, path: str) -> int:
        with self._lock:
            return self.counts[path]

    def max_fetches(self, exclude: tuple[str, ...] = ("/robots.txt",)) -> int:
        with self._lock:
            return max((n for p, n in self.counts.items() if p not in exclude), default=0)

    # -- life -----------------------------------------------------------------------
    def start(self) -> SiteServer:
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"site-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def random_site(server: SiteServer, pages: int, links_per_page: int, seed: int = 0,
                absolute_share: float = 0.5) -> dict[str, list[str]]:
    """Fill ``server`` with ``pages`` HTML pages that link at random to each other.

    Page ``i`` is at ``/p/i.html`` (page 0 is ``/``); each links to
    ``links_per_page`` other pages chosen at random, some as absolute URLs and
    some as relative ones. Returns the link map: path → linked paths.
    """
    rng = random.Random(seed)
    paths = ["/"] + [f"/p/{i}.html" for i in range(1, pages)]
    graph: dict[str, list[str]] = {}
    for path in paths:
        targets = rng.sample([p for p in paths if p != path], min(links_per_page, pages - 1))
        graph[path] = targets
        hrefs = []
        for target in targets:
            if rng.random() < absolute_share:
                hrefs.append(server.url(target))
            elif path.startswith("/p/") and target.startswith("/p/"):
                hrefs.append(target.rsplit("/", 1)[1])  # relative to /p/
            else:
                hrefs.append(target)
        server.html(path, hrefs, title=f"Page {path}")
    return graph

"""Fetching one URL politely: the crawler's asynchronous HTTP client.

:class:`Fetcher` wraps one :class:`aiohttp.ClientSession` and adds what a
polite, robust crawler needs:

* a configurable ``User-Agent``;
* per-host politeness: at most ``per_host`` requests at once to a host, and
  at least ``delay`` seconds between the starts of two requests to it (raised
  to the host's robots.txt ``Crawl-delay`` when that is longer);
* a global limit of ``concurrency`` requests at once;
* time-outs (connection, and whole request), and retries with exponential
  back-off on network errors, time-outs and the answers that mean "try later"
  (429, 502, 503, 504; ``Retry-After`` is honoured up to ``max_retry_after``);
* HTML only: the body of any other content type is never downloaded;
* a size limit: a page whose body exceeds ``max_bytes`` is abandoned;
* one hop at a time: redirects are *not* followed here, so that the crawler
  can record each hop, apply robots.txt and politeness to its target, and
  stop loops.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field

import aiohttp

from netnp import __version__

DEFAULT_USER_AGENT = f"netnp/{__version__} (hyperlink network crawler for nonprofits)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
RETRY_STATUSES = frozenset({429, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


@dataclass
class FetchSettings:
    """How the crawler behaves towards web servers."""

    user_agent: str = DEFAULT_USER_AGENT
    #: Seconds between the starts of two requests to the same host.
    delay: float = 1.0
    #: Requests at once to one host.
    per_host: int = 2
    #: Requests at once in all.
    concurrency: int = 32
    #: Seconds allowed for a whole request (connection, answer, body).
    timeout: float = 20.0
    connect_timeout: float = 10.0
    #: Further attempts after a network error, a time-out or a 429/502/503/504.
    retries: int = 2
    backoff: float = 0.5
    max_retry_after: float = 30.0
    #: Largest HTML body read, in bytes.
    max_bytes: int = 5 * 1024 * 1024
    #: Longest chain of redirects followed from one URL.
    max_redirects: int = 10
    #: Longest robots.txt Crawl-delay honoured, in seconds.
    max_crawl_delay: float = 60.0


@dataclass
class FetchResult:
    """The answer to one request (one hop: redirects are not followed).

    ``outcome`` is one of ``fetched`` (an HTML page, in ``text``), ``redirect``
    (``location`` says where), ``http_error`` (4xx, 5xx), ``not_html``,
    ``too_large`` or ``error`` (no answer: ``error`` says why).
    """

    url: str
    outcome: str
    status: int | None = None
    content_type: str | None = None
    text: str | None = None
    location: str | None = None
    error: str | None = None
    bytes: int = 0
    attempts: int = 1
    elapsed: float = 0.0
    #: True when trying again cannot help (an unknown host).
    final: bool = False


@dataclass
class _Host:
    slots: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    delay: float = 0.0


class Fetcher:
    """An asynchronous, polite HTTP client; use it as ``async with Fetcher(settings) as f``."""

    def __init__(self, settings: FetchSettings | None = None):
        self.settings = settings or FetchSettings()
        self._session: aiohttp.ClientSession | None = None
        self._hosts: dict[str, _Host] = {}
        self._global = asyncio.Semaphore(self.settings.concurrency)
        self.requests = 0

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        connector = aiohttp.TCPConnector(limit=s.concurrency, limit_per_host=s.per_host, ttl_dns_cache=300)
        self._session = aiohttp.ClientSession(
            connector=connector,
            headers={"User-Agent": s.user_agent,
                     "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"},
            timeout=aiohttp.ClientTimeout(total=s.timeout, connect=s.connect_timeout),
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=True,
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    # -- politeness -------------------------------------------------------------------
    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            state = _Host(asyncio.Semaphore(self.settings.per_host), delay=self.settings.delay)
            self._hosts[host] = state
        return state

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        """Raise a host's delay to its robots.txt ``Crawl-delay``."""
        if seconds:
            state = self._host(host)
            state.delay = max(state.delay, min(float(seconds), self.settings.max_crawl_delay))

    async def _wait_turn(self, state: _Host) -> None:
        async with state.lock:
            now = time.monotonic()
            wait = state.next_start - now
            state.next_start = max(now, state.next_start) + state.delay
        if wait > 0:
            await asyncio.sleep(wait)

    # -- requests ---------------------------------------------------------------------
    async def get(self, url: str, host: str, *, html_only: bool = True) -> FetchResult:
        """GET ``url`` (one hop), politely, with retries; never raises for network trouble."""
        s = self.settings
        state = self._host(host)
        began = time.monotonic()
        result = FetchResult(url, "error", error="not attempted")
        for attempt in range(1, s.retries + 2):
            async with state.slots:
                await self._wait_turn(state)
                async with self._global:
                    result, retry_after = await self._once(url, html_only)
            result.attempts = attempt
            retryable = result.outcome == "error" or result.status in RETRY_STATUSES
            if not retryable or attempt > s.retries or result.final:
                break
            pause = s.backoff * (2 ** (attempt - 1))
            if retry_after is not None:
                pause = max(pause, min(retry_after, s.max_retry_after))
            await asyncio.sleep(pause)
        result.elapsed = time.monotonic() - began
        return result

    async def _once(self, url: str, html_only: bool) -> tuple[FetchResult, float | None]:
        assert self._session is not None, "use the Fetcher in 'async with'"
        self.requests += 1
        try:
            async with self._session.get(url, allow_redirects=False) as response:
                status = response.status
                ctype = response.headers.get("Content-Type")
                mime = (ctype or "").split(";")[0].strip().lower() or None
                if status in REDIRECT_STATUSES and response.headers.get("Location"):
                    return FetchResult(url, "redirect", status, mime, location=response.headers["Location"]), None
                if status >= 400 or status < 200:
                    return FetchResult(url, "http_error", status, mime, error=f"HTTP {status} {response.reason or ''}".strip()), \
                        _retry_after(response.headers.get("Retry-After"))
                if html_only and mime is not None and mime not in HTML_TYPES:
                    return FetchResult(url, "not_html", status, mime), None
                length = response.content_length
                if length is not None and length > self.settings.max_bytes:
                    return FetchResult(url, "too_large", status, mime, bytes=length,
                                       error=f"{length} bytes, over the limit of {self.settings.max_bytes}"), None
                body = bytearray()
                async for chunk in response.content.iter_chunked(65536):
                    body += chunk
                    if len(body) > self.settings.max_bytes:
                        return FetchResult(url, "too_large", status, mime, bytes=len(body),
                                           error=f"over the limit of {self.settings.max_bytes} bytes"), None
                data = bytes(body)
                if html_only and mime is None and not _looks_like_html(data):
                    return FetchResult(url, "not_html", status, None, bytes=len(data)), None
                text = _decode(data, ctype)
                return FetchResult(url, "fetched", status, mime or "text/html", text=text, bytes=len(data)), None
        except asyncio.TimeoutError:
            return FetchResult(url, "error", error=f"timed out after {self.settings.timeout:g} s"), None
        except aiohttp.ClientConnectorDNSError as exc:
            result = FetchResult(url, "error", error=f"unknown host: {exc.os_error or exc}")
            result.final = True
            return result, None
        except aiohttp.ClientConnectorError as exc:
            return FetchResult(url, "error", error=f"cannot connect: {exc.os_error or exc}"), None
        except aiohttp.TooManyRedirects as exc:  # pragma: no cover - redirects are not followed here
            return FetchResult(url, "error", error=str(exc)), None
        except (aiohttp.ClientError, ValueError, UnicodeError) as exc:
            return FetchResult(url, "error", error=f"{type(exc).__name__}: {exc}".rstrip(": ")), None

    async def get_text(self, url: str, host: str) -> tuple[int | None, str | None, str | None]:
        """``(status, text, error)`` of a non-HTML resource such as robots.txt."""
        result = await self.get(url, host, html_only=False)
        if result.outcome == "redirect":
            return 404, None, None  # robots.txt behind a redirect: treated as absent
        if result.outcome == "error":
            return None, None, result.error
        return result.status, result.text, None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<title", b"<a "))


def _decode(data: bytes, content_type: str | None) -> str:
    """Decode a body with the charset of its Content-Type, else of its ``<meta>``, else UTF-8."""
    for source in (content_type or "", data[:2048]):
        match = _CHARSET.search(source) if isinstance(source, str) else _META_CHARSET.search(source)
        if match:
            charset = match.group(1)
            charset = charset.decode("ascii", "replace") if isinstance(charset, bytes) else charset
            try:
                return data.decode(charset, errors="replace")
            except LookupError:
                pass
    return data.decode("utf-8", errors="replace")

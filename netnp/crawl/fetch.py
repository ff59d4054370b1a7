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
  stop loops;
* no requests into the local network (:class:`AddressPolicy`): loopback,
  private, link-local, multicast, shared, reserved and unspecified addresses
  are refused, checked on the address a host name resolves to, at the moment
  of connecting (the resolver given to aiohttp filters its answers), so that
  a name cannot resolve to a public address when checked and to a private one
  when used. IP literals never reach the resolver and are checked on the URL.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

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
    #: Fetch pages on loopback, private, link-local and other non-public addresses.
    allow_private: bool = False
    #: Makes the DNS resolver (called in the crawl's event loop); aiohttp's own when None.
    resolver: Callable[[], AbstractResolver] | None = None


@dataclass
class FetchResult:
    """The answer to one request (one hop: redirects are not followed).

    ``outcome`` is one of ``fetched`` (an HTML page, in ``text``), ``redirect``
    (``location`` says where), ``http_error`` (4xx, 5xx), ``not_html``,
    ``too_large``, ``error`` (no answer: ``error`` says why) or ``refused``
    (the host is on an address the :class:`AddressPolicy` refuses: never
    connected to; ``error`` says why).
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


#: The IPv4 shared address space (RFC 6598, carrier-grade NAT), which
#: :mod:`ipaddress` counts neither as private nor as global.
_SHARED_SPACE = ipaddress.IPv4Network("100.64.0.0/10")
#: IPv6 addresses that stand for an IPv4 address (NAT64, RFC 6052), as DNS64
#: gives them for every IPv4-only site on an IPv6-only network.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def non_public(address: str) -> str | None:
    """What kind of non-public address ``address`` is (``"a loopback address"``), or None if it is public."""
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):  # the IPv4 address an IPv6 one reaches, if any
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped  # ::ffff:127.0.0.1
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip in _SHARED_SPACE:
        return "a shared (carrier-grade NAT) address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "not a public address"
    return None


class AddressRefused(OSError):
    """A host resolved only to addresses the crawler must not connect to."""


class AddressPolicy:
    """Which addresses the crawler may connect to.

    Public addresses only, unless ``allow_private``. A seed's own host is the
    exception: when a seed host is on a non-public address (an intranet, a
    site on 127.0.0.1), as its first resolution (or its IP literal) shows,
    that host may be crawled, on any port. Other hosts on those addresses
    may not. A host refused once stays refused for the crawl.
    """

    def __init__(self, allow_private: bool = False, seed_hosts: Iterable[str] = ()):
        self.allow_private = allow_private
        #: Host names (lower case, IPv6 without brackets) of the seeds.
        self.seed_hosts = {h for h in seed_hosts if h}
        self._judged: set[str] = set()
        self._trusted: set[str] = set()
        #: Host -> why it was refused.
        self.refused: dict[str, str] = {}

    def allowed(self, host: str, addresses: list[str]) -> list[str]:
        """The addresses of ``host`` that may be connected to; raises
        :class:`AddressRefused` when none may."""
        if self.allow_private or host in self._trusted:
            return addresses
        kinds = {address: non_public(address) for address in addresses}
        if host in self.seed_hosts and host not in self._judged:
            self._judged.add(host)
            if any(kinds.values()):
                self._trusted.add(host)
                return addresses
        kept = [address for address in addresses if kinds[address] is None]
        if not kept and addresses:
            first = addresses[0]
            named = f"{host} is" if host == first else f"{host} resolves to {first},"
            reason = f"{named} {kinds[first]}; not crawled without --allow-private"
            self.refused[host] = reason
            raise AddressRefused(reason)
        return kept

    def refusal(self, url: str) -> str | None:
        """Why ``url`` must not be fetched, when its host is an IP literal or
        was refused before; None otherwise (a host name is checked when it
        is resolved)."""
        host = urlsplit(url).hostname or ""
        if host in self.refused:
            return self.refused[host]
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return None
        try:
            self.allowed(host, [host])
        except AddressRefused as exc:
            return str(exc)
        return None


class _CheckingResolver(AbstractResolver):
    """A resolver whose answers are filtered by an :class:`AddressPolicy`.

    aiohttp connects to the addresses the resolver returns (and caches them
    as returned), so what is checked here is what is connected to.
    """

    def __init__(self, inner: AbstractResolver, policy: AddressPolicy):
        self.inner, self.policy = inner, policy

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        answers = await self.inner.resolve(host, port, family)
        kept = set(self.policy.allowed(host.rstrip("."), [answer["host"] for answer in answers]))
        return [answer for answer in answers if answer["host"] in kept]

    async def close(self) -> None:
        await self.inner.close()


class Fetcher:
    """An asynchronous, polite HTTP client; use it as ``async with Fetcher(settings) as f``."""

    def __init__(self, settings: FetchSettings | None = None, seed_hosts: Iterable[str] = ()):
        self.settings = settings or FetchSettings()
        self.policy = AddressPolicy(self.settings.allow_private, seed_hosts)
        self._session: aiohttp.ClientSession | None = None
        self._hosts: dict[str, _Host] = {}
        self._global = asyncio.Semaphore(self.settings.concurrency)
        self.requests = 0

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        inner = s.resolver() if s.resolver is not None else aiohttp.DefaultResolver()
        self._resolver = _CheckingResolver(inner, self.policy)
        connector = aiohttp.TCPConnector(limit=s.concurrency, limit_per_host=s.per_host, ttl_dns_cache=300,
                                         resolver=self._resolver)
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
            await self._resolver.close()  # the connector closes only a resolver it made itself
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
        refusal = self.policy.refusal(url)
        if refusal is not None:
            return FetchResult(url, "refused", error=refusal, attempts=0, final=True)
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
        except TimeoutError:
            return FetchResult(url, "error", error=f"timed out after {self.settings.timeout:g} s"), None
        except aiohttp.ClientConnectorError as exc:
            if isinstance(exc.os_error, AddressRefused):
                return FetchResult(url, "refused", error=str(exc.os_error), final=True), None
            if isinstance(exc, aiohttp.ClientConnectorDNSError):
                result = FetchResult(url, "error", error=f"unknown host: {exc.os_error or exc}")
                result.final = True
                return result, None
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
        if result.outcome in ("error", "refused"):
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

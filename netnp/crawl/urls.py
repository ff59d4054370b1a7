"""URL normalisation and web entities.

Every web page is identified by its *normalised* URL, so that the many
spellings of one address (``HTTP://Example.org:80/a/../b#top``) become one
node. The rules follow RFC 3986, section 6 (syntax- and scheme-based
normalisation), plus two choices usual in crawlers:

* scheme and host lower case, IDNA-encoded host, trailing dot removed;
* the default port (80 for http, 443 for https) and any user:password removed;
* dot segments (``.``, ``..``) removed, an empty path made ``/``;
* percent-escapes upper case, escapes of unreserved characters decoded,
  characters that must be escaped escaped;
* the fragment removed, an empty query (``?``) removed;
* well-known tracking parameters (``utm_*``, ``fbclid``, ``gclid``, …) removed,
  the order of the other query parameters kept.

Only ``http`` and ``https`` URLs are pages; ``mailto:``, ``javascript:``,
``tel:`` and the like are not links to pages and normalise to ``None``.

Web entities group pages as Hyphe does (Jacomy et al. 2016): by default by
*registered domain* (``www.example.org`` and ``blog.example.org`` are both
``web:example.org``), or by *host*. The registered domain comes from the
Public Suffix List snapshot bundled with :mod:`tldextract`; the list is never
fetched from the network. An IP address or a single-label host (``localhost``)
is its own entity; a non-default port is part of the entity, so that two
sites served on two ports of one machine are two entities.

References
----------
Berners-Lee, T., Fielding, R., Masinter, L. (2005). RFC 3986, Uniform Resource
Identifier (URI): Generic Syntax, section 6.
Jacomy, M., Girard, P., Ooghe-Tabanou, B., Venturini, T. (2016). Hyphe, a
curation-oriented approach to web crawling for the social sciences. ICWSM.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
ENTITY_MODES = ("domain", "host")

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters left as they are in a path or a query (reserved sub-delimiters and "%", ":", "@", "/", "?").
_SAFE_PATH = frozenset("!$&'()*+,;=:@/%")
_SAFE_QUERY = _SAFE_PATH | frozenset("?")
_PCT = re.compile(r"%([0-9A-Fa-f]{2})")
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi)$", re.IGNORECASE)


class InvalidURL(ValueError):
    """A URL that cannot be crawled; the message says why."""


def _fix_escapes(text: str, safe: frozenset[str]) -> str:
    """Upper-case percent-escapes, decode escaped unreserved characters, and
    escape every character that may not appear as it is."""

    def decode(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    text = _PCT.sub(decode, text)
    out = []
    for i, char in enumerate(text):
        if char in _UNRESERVED or char in safe:
            if char == "%" and not _PCT.match(text, i):
                out.append("%25")  # a lone "%" that starts no escape
            else:
                out.append(char)
        else:
            out.extend(f"%{b:02X}" for b in char.encode("utf-8"))
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986, section 5.2.4."""
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def _host(hostname: str) -> str:
    host = hostname.strip().rstrip(".").lower()
    if not host:
        raise InvalidURL("it has no host")
    if ":" in host:  # IPv6 literal
        try:
            return "[" + ipaddress.IPv6Address(host).compressed + "]"
        except ValueError:
            raise InvalidURL(f"'{hostname}' is not a valid IPv6 address") from None
    if host.isascii():
        if not re.fullmatch(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*", host):
            raise InvalidURL(f"'{hostname}' is not a valid host name")
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidURL(f"'{hostname}' is not a valid international host name") from None


@lru_cache(maxsize=65536)
def normalize(url: str) -> str:
    """The normalised form of an absolute http(s) URL.

    Raises
    ------
    InvalidURL
        When the URL is not an absolute http or https URL with a valid host and port.
    """
    text = url.strip()
    if not text:
        raise InvalidURL("the URL is empty")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(str(exc)) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        if not scheme:
            raise InvalidURL("it is not absolute: write it with http:// or https://")
        raise InvalidURL(f"scheme '{scheme}' is not crawled; only http and https are")
    host = _host(parts.hostname or "")
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _remove_dot_segments(_fix_escapes(parts.path, _SAFE_PATH)) or "/"
    query = parts.query
    if query:
        kept = [p for p in query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0])]
        query = _fix_escapes("&".join(kept), _SAFE_QUERY)
    return urlunsplit((scheme, netloc, path, query, ""))


def resolve(href: str, base: str) -> str | None:
    """The normalised absolute URL of a link ``href`` found on page ``base``;
    ``None`` for links that are not to web pages (``mailto:``, ``javascript:``,
    fragments of the same page, invalid URLs)."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    lowered = href[:11].lower()
    if lowered.startswith(("mailto:", "javascript:", "tel:", "data:", "ftp:", "sms:", "file:")):
        return None
    try:
        return normalize(urljoin(base, href))
    except (InvalidURL, ValueError):
        return None


def host_of(url: str) -> str:
    """The host of a normalised URL, with its port when not the default one."""
    return urlsplit(url).netloc


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a normalised URL: what one robots.txt governs."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # suffix_list_urls=() and cache_dir=None: the bundled Public Suffix List
    # snapshot only, never a network fetch, nothing written to disk.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=False)


@lru_cache(maxsize=65536)
def registered_domain(host: str) -> str:
    """The registered domain of a host (``blog.example.co.uk`` → ``example.co.uk``);
    the host itself for IP addresses, single-label hosts and public suffixes."""
    name = host.split(":")[0] if not host.startswith("[") else host
    if name.startswith("[") or re.fullmatch(r"[0-9.]+", name) or "." not in name:
        return host
    parts = _extractor()(name)
    if not parts.domain or not parts.suffix:
        return host
    domain = f"{parts.domain}.{parts.suffix}"
    port = host[len(name):]
    return domain + port


def web_entity_id(url: str, mode: str = "domain") -> str:
    """The id of the web entity a normalised URL belongs to: ``web:`` and its
    registered domain (``mode="domain"``) or its host (``mode="host"``)."""
    host = host_of(url)
    if mode == "host":
        return "web:" + host
    if mode == "domain":
        return "web:" + registered_domain(host)
    raise ValueError(f"unknown web entity mode {mode!r}; use one of {', '.join(ENTITY_MODES)}")

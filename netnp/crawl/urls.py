"""URL normalisation and web entities.

Every web page is identified by its *normalised* URL, so that the many
spellings of one address (``HTTP://Example.org:80/a/../b#top``) become one
node. The generic rules of RFC 3986, section 6 (syntax- and scheme-based
normalisation) are applied by :mod:`url_normalize`:

* scheme and host lower case, IDNA host (IDNA 2008 with UTS #46 mapping, as
  browsers do), trailing dot removed, default port (80, 443) removed;
* dot segments (``.``, ``..``) removed, an empty path made ``/``;
* percent-escapes upper case, escapes of unreserved characters decoded,
  characters that must be escaped escaped (UTF-8, NFC).

It also goes beyond RFC 3986, as many crawlers do: repeated slashes in the
path are collapsed (``/a//b`` is ``/a/b``), empty query parameters dropped,
escapes of ``/ ? : @`` in the query decoded and a ``=`` inside a parameter's
value escaped.

netnp adds its own rules around it:

* only absolute ``http`` and ``https`` URLs with a valid host and port are
  pages; anything else raises :class:`InvalidURL` saying why;
* any ``user:password@`` and the fragment are removed;
* well-known tracking parameters (``utm_*``, ``fbclid``, ``gclid``, …) are
  removed, the order of the other query parameters is kept;
* IPv6 addresses are written in their compressed form.

``mailto:``, ``javascript:``, ``tel:`` and the like are not links to pages and
:func:`resolve` gives ``None`` for them.

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

from url_normalize import url_normalize

SCHEMES = ("http", "https")
ENTITY_MODES = ("domain", "host")

_HOST_NAME = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi)$", re.IGNORECASE)


class InvalidURL(ValueError):
    """A URL that cannot be crawled; the message says why."""


def _netloc(hostname: str | None, port: int | None) -> str:
    """``host[:port]``, without the ``user:password@`` of the URL; an IPv6
    address checked and compressed (url_normalize only lower-cases it)."""
    host = hostname or ""
    if not host.rstrip("."):
        raise InvalidURL("it has no host")
    if ":" in host:
        try:
            host = "[" + ipaddress.IPv6Address(host).compressed + "]"
        except ValueError:
            raise InvalidURL(f"'{host}' is not a valid IPv6 address") from None
    return host if port is None else f"{host}:{port}"


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
        port = parts.port  # a port out of range or not a number raises ValueError
    except ValueError as exc:
        raise InvalidURL(str(exc)) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        if not scheme:
            raise InvalidURL("it is not absolute: write it with http:// or https://")
        raise InvalidURL(f"scheme '{scheme}' is not crawled; only http and https are")
    # The fragment goes before url_normalize sees it: it would turn a "#!"
    # fragment into an "_escaped_fragment_" query parameter.
    bare = urlunsplit((scheme, _netloc(parts.hostname, port), parts.path, parts.query, ""))
    try:
        normal = urlsplit(url_normalize(bare))
    except (UnicodeError, ValueError):
        raise InvalidURL(f"'{parts.hostname}' is not a valid international host name") from None
    # url_normalize passes any host through (even "exa mple.org"), so netnp checks it.
    host = normal.hostname or ""
    if ":" not in host and not _HOST_NAME.fullmatch(host):
        raise InvalidURL(f"'{parts.hostname}' is not a valid host name")
    # url_normalize's filter_params keeps an allowlist of parameters per site;
    # netnp does the opposite, dropping only known tracking parameters.
    query = "&".join(p for p in normal.query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0]))
    return urlunsplit((normal.scheme, normal.netloc, normal.path, query, ""))


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

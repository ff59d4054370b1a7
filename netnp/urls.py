"""The id of a web page: its URL in one canonical spelling, for every part of netnp.

The importer, the identity matcher, the social-network sources and the crawler
all name a page by :func:`normalize` (the crawler, links and seeds, which are
absolute) or :func:`page_id` (what people type in files: ``example.org/page``
gets ``http://``), so that one page is one node however it came in.
:mod:`netnp.model` re-exports :func:`page_id` as ``normalise_url``.

The generic rules of RFC 3986, section 6 (syntax- and scheme-based
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

The path and the query are otherwise the page's own: a trailing ``/`` and the
order of the query parameters are kept, since RFC 3986 makes ``/about`` and
``/about/`` (or ``?a=1&b=2`` and ``?b=2&a=1``) two resources that a server may
answer differently.

References
----------
Berners-Lee, T., Fielding, R., Masinter, L. (2005). RFC 3986, Uniform Resource
Identifier (URI): Generic Syntax, section 6.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from url_normalize import url_normalize

SCHEMES = ("http", "https")

_HOST_NAME = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi)$", re.IGNORECASE)
_HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://")


class InvalidURL(ValueError):
    """A URL that is not a web page's; the message says why."""


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
    """The normalised form of an absolute http(s) URL: the id of its web page.

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
        raise InvalidURL(f"scheme '{scheme}' is not a web page's; only http and https are")
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


def has_scheme(text: str) -> bool:
    """Whether ``text`` begins with a URL scheme (``https://``, ``ftp://``)."""
    return bool(_HAS_SCHEME.match(text))


def with_scheme(text: str) -> str:
    """``text``, with ``http://`` (or ``http:`` before ``//``) when it has no scheme."""
    return text if has_scheme(text) else ("http:" if text.startswith("//") else "http://") + text


def page_id(url: str) -> str:
    """The id of the web page a file names: :func:`normalize`, after ``http://``
    is added to a URL written without a scheme (``example.org/page``,
    ``//example.org/page``).

    A URL without a scheme must have a host with a dot in it (or be
    ``localhost``), so that a word in a cell (``hello``) is not taken for the
    page ``http://hello/``. A ``user:password@`` is refused rather than
    dropped, since the importer keeps a file's spelling as an alias.

    Raises
    ------
    InvalidURL
        With a message that names the URL and says what is wrong with it.
    """
    text = (url or "").strip()
    if not text:
        raise InvalidURL("missing URL")
    absolute = with_scheme(text)
    try:
        normal = normalize(absolute)
    except InvalidURL as exc:
        raise InvalidURL(f"{url!r}: {exc}") from None
    parts = urlsplit(absolute)
    if parts.username or parts.password:
        raise InvalidURL(f"{url!r} contains a user name; remove it")
    if absolute is not text:
        host = urlsplit(normal).hostname or ""
        if "." not in host and host != "localhost":
            raise InvalidURL(f"{url!r} has no host name (such as example.org)")
    return normal


_DEFAULT_PORTS = {"http": "80", "https": "443"}
_FORMER_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)


def former_page_id(url: str) -> str | None:
    """The id netnp gave a page before :func:`page_id` was the one rule: query
    parameters sorted, a trailing ``/`` dropped, IDNA 2003, escapes re-encoded
    segment by segment; ``None`` where that rule refused the URL.

    An import that finds a page under this spelling in the graph folds it into
    the page's id (docs/model.md, *Web page ids*), so that re-importing a file
    into a graph imported before does not leave one page as two nodes.
    """
    text = (url or "").strip()
    if not text:
        return None
    text = with_scheme(text)
    try:
        parts = urlsplit(text)
        port = parts.port
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").rstrip(".")
        if scheme not in SCHEMES or not host or " " in host or ("." not in host and host != "localhost") \
                or parts.username:
            return None
        host = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
    except (UnicodeError, ValueError):
        return None
    netloc = host if port is None or str(port) == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    segments: list[str] = []
    for segment in parts.path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment not in ("", "."):
            segments.append(quote(unquote(segment), safe="!$&'()*+,;=:@~-._"))
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _FORMER_TRACKING.match(k)))
    return urlunsplit((scheme, netloc, "/" + "/".join(segments), query, ""))

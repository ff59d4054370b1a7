"""Links and web entities of the crawl.

Every web page is identified by its *normalised* URL, so that the many
spellings of one address (``HTTP://Example.org:80/a/../b#top``) become one
node: :func:`normalize` is :func:`netnp.urls.normalize`, the one rule that
imports and the crawler share (its docstring lists the rules).

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
Jacomy, M., Girard, P., Ooghe-Tabanou, B., Venturini, T. (2016). Hyphe, a
curation-oriented approach to web crawling for the social sciences. ICWSM.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from netnp.urls import SCHEMES, InvalidURL, normalize

__all__ = ["ENTITY_MODES", "SCHEMES", "InvalidURL", "host_of", "normalize", "origin_of", "registered_domain",
           "resolve", "web_entity_id"]

ENTITY_MODES = ("domain", "host")


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

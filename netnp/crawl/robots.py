"""robots.txt, fetched once per origin through the crawler's own HTTP client.

Rules are parsed and matched by :mod:`protego` (Scrapy's robots.txt parser),
which follows RFC 9309:

* the crawler obeys the group whose ``User-agent`` names its product token
  (several groups naming it are merged), else the ``*`` group, else nothing;
* among the group's ``Allow`` and ``Disallow`` rules that match a URL's path
  and query, the longest (most specific) one wins, and ``Allow`` wins a tie;
  ``*`` matches any characters and a final ``$`` anchors the end;
  percent-encoded and literal characters compare equal;
* an empty ``Disallow:`` disallows nothing.

netnp hands protego only the product token of its user agent (the part
before the first ``/``): protego looks for a group's name anywhere in the
string it is given, and a group named after a word of the user agent's comment
(``User-agent: crawler``) must not apply to ``netnp/0.1 (… crawler …)``.

What a missing or broken robots.txt means (RFC 9309, section 2.3.1) is
decided here, not by protego:

* 2xx: the file's rules apply;
* 4xx (404, 403, …): no rules, everything may be crawled;
* 5xx: everything is disallowed, since the site's wishes cannot be known;
* no answer at all: the host is unreachable, and its pages are recorded as errors.

A ``Crawl-delay`` line (not part of RFC 9309, but widely used) raises the
politeness delay for that host; fractions of a second are allowed.

References
----------
Koster, M., Illyes, G., Zeller, H., Sassman, L. (2022). RFC 9309, Robots Exclusion Protocol.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from protego import Protego

#: robots.txt larger than this is cut (RFC 9309 asks crawlers to read at least 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024


def parse_robots(text: str) -> Protego:
    """The parsed rules of a robots.txt, cut at :data:`MAX_ROBOTS_BYTES`
    (protego itself reads a file of any size)."""
    return Protego.parse(text[:MAX_ROBOTS_BYTES])


def product_token(user_agent: str) -> str:
    """The name robots.txt groups are matched against: the user agent up to its first ``/``."""
    return user_agent.split("/")[0].strip().lower()


def crawl_delay(text: str, user_agent: str) -> float | None:
    """The Crawl-delay that applies to ``user_agent`` in a robots.txt, in seconds."""
    return parse_robots(text).crawl_delay(product_token(user_agent))


@dataclass
class RobotsRules:
    """The rules of one origin."""

    parsed: Protego | None
    text: str = ""
    allow_all: bool = False
    disallow_all: bool = False
    reason: str = ""
    #: Set when the server could not be reached at all: why.
    unreachable: str | None = None

    def allowed(self, url: str, user_agent: str) -> bool:
        if self.disallow_all:
            return False
        if self.allow_all or self.parsed is None:
            return True
        return self.parsed.can_fetch(url, product_token(user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        return self.parsed.crawl_delay(product_token(user_agent)) if self.parsed else None


def rules_from_response(status: int | None, text: str | None, error: str | None = None) -> RobotsRules:
    """The rules for a robots.txt answer (``status`` None when the request failed)."""
    if status is None:
        return RobotsRules(None, disallow_all=True, unreachable=error or "no answer",
                           reason=f"host unreachable ({error}): its pages are not crawled")
    if 200 <= status < 300:
        return RobotsRules(parse_robots(text or ""), text or "")
    if 400 <= status < 500:
        return RobotsRules(None, allow_all=True)
    return RobotsRules(None, disallow_all=True, reason=f"robots.txt answered HTTP {status}: nothing crawled")


class RobotsCache:
    """The rules of each origin, fetched once (concurrent callers wait for the one fetch)."""

    def __init__(self, fetch_robots, user_agent: str, obey: bool = True):
        #: ``async fetch_robots(origin) -> (status | None, text | None, error | None)``
        self._fetch = fetch_robots
        self.user_agent = user_agent
        self.obey = obey
        self._rules: dict[str, RobotsRules] = {}
        self._pending: dict[str, asyncio.Future] = {}

    async def rules(self, origin: str) -> RobotsRules:
        if origin in self._rules:
            return self._rules[origin]
        if origin in self._pending:
            return await asyncio.shield(self._pending[origin])
        future = asyncio.get_running_loop().create_future()
        self._pending[origin] = future
        try:
            status, text, error = await self._fetch(origin)
            rules = rules_from_response(status, text, error)
        except Exception as exc:  # never let robots.txt stop the crawl
            rules = rules_from_response(None, None, f"{type(exc).__name__}: {exc}")
        if not self.obey and not rules.unreachable:
            rules = RobotsRules(None, allow_all=True)
        self._rules[origin] = rules
        del self._pending[origin]
        future.set_result(rules)
        return rules
